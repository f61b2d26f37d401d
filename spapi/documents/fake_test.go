package documents

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/md5"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spgen/spgen/spapi"
	"golang.org/x/oauth2"
)

const accessToken = "documents-test-access-token-1b2c"

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// object is one stored document in the fake storage.
type object struct {
	data        []byte // as stored (gzip when compressed)
	compressed  bool
	contentType string
	md5         string // Content-MD5 the upload must carry, "" for none
	uploaded    bool
}

// storage is a loopback stand-in for Amazon S3 presigned URLs: each object
// has its own signature, which PUT and GET must present in the query
// (X-Amz-Signature), and errors come back as S3's XML.
type storage struct {
	*httptest.Server
	mu      sync.Mutex
	objects map[string]*object // key → object
	sigs    map[string]string  // key → signature
	puts    atomic.Int64
	headers []http.Header // headers of each PUT
}

func newStorage(t cleaner) *storage {
	s := &storage{objects: map[string]*object{}, sigs: map[string]string{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// presign returns a presigned URL for key; encoding adds S3's
// response-content-encoding override.
func (s *storage) presign(key string, encoding bool) string {
	s.mu.Lock()
	sig, ok := s.sigs[key]
	if !ok {
		sig = randHex(32)
		s.sigs[key] = sig
	}
	s.mu.Unlock()
	u := fmt.Sprintf("%s/bucket/%s?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAEXAMPLE%%2F20240101%%2Fus-east-1%%2Fs3%%2Faws4_request&X-Amz-Security-Token=%s&X-Amz-Signature=%s",
		s.URL, key, "FwoGZXIvYXdzE"+randHex(12), sig)
	if encoding {
		u += "&response-content-encoding=gzip"
	}
	return u
}

func (s *storage) put(key string, o *object) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.objects[key] = o
}

func (s *storage) get(key string) *object {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.objects[key]
}

func s3Error(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("x-amz-request-id", "S3REQ"+randHex(4))
	w.WriteHeader(status)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>%s</Message><SignatureProvided>%s</SignatureProvided><StringToSign>AWS4-HMAC-SHA256 secret-material</StringToSign></Error>`,
		code, msg, "sig")
}

func (s *storage) serve(w http.ResponseWriter, r *http.Request) {
	key := strings.TrimPrefix(r.URL.Path, "/bucket/")
	s.mu.Lock()
	sig := s.sigs[key]
	s.mu.Unlock()
	if r.Header.Get("x-amz-access-token") != "" || r.Header.Get("Authorization") != "" {
		s3Error(w, 400, "InvalidArgument", "Only one auth mechanism allowed")
		return
	}
	if sig == "" || r.URL.Query().Get("X-Amz-Signature") != sig {
		s3Error(w, 403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.")
		return
	}
	switch r.Method {
	case http.MethodPut:
		s.puts.Add(1)
		o := s.get(key)
		if o == nil {
			s3Error(w, 404, "NoSuchKey", "The specified key does not exist.")
			return
		}
		if r.ContentLength < 0 || r.Header.Get("Transfer-Encoding") != "" {
			s3Error(w, 411, "MissingContentLength", "You must provide the Content-Length HTTP header.")
			return
		}
		if o.contentType != "" && r.Header.Get("Content-Type") != o.contentType {
			s3Error(w, 403, "SignatureDoesNotMatch", "Content-Type differs from the one declared.")
			return
		}
		h := md5.New()
		var buf bytes.Buffer
		// Keep small uploads; hash big ones without holding them.
		n, err := io.Copy(io.MultiWriter(h, limitedWriter{&buf, 1 << 20}), r.Body)
		if err != nil || n != r.ContentLength {
			s3Error(w, 400, "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header.")
			return
		}
		sum := base64.StdEncoding.EncodeToString(h.Sum(nil))
		if got := r.Header.Get("Content-MD5"); got != "" && got != sum {
			s3Error(w, 400, "BadDigest", "The Content-MD5 you specified did not match what we received.")
			return
		}
		if o.md5 != "" && r.Header.Get("Content-MD5") != o.md5 {
			s3Error(w, 400, "BadDigest", "Content-MD5 missing or not the declared one.")
			return
		}
		s.mu.Lock()
		o.data, o.uploaded = buf.Bytes(), true
		o.md5 = sum
		s.headers = append(s.headers, r.Header.Clone())
		s.mu.Unlock()
		w.Header().Set("ETag", `"`+hex.EncodeToString(h.Sum(nil))+`"`)
	case http.MethodGet:
		o := s.get(key)
		if o == nil || !o.uploaded {
			s3Error(w, 404, "NoSuchKey", "The specified key does not exist.")
			return
		}
		if o.contentType != "" {
			w.Header().Set("Content-Type", o.contentType)
		}
		if enc := r.URL.Query().Get("response-content-encoding"); enc != "" {
			w.Header().Set("Content-Encoding", enc)
		}
		w.Write(o.data)
	default:
		s3Error(w, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.")
	}
}

type limitedWriter struct {
	w *bytes.Buffer
	n int
}

func (l limitedWriter) Write(p []byte) (int, error) {
	if room := l.n - l.w.Len(); room > 0 {
		l.w.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

// spAPI is a loopback SP-API serving the Feeds, Reports and Uploads
// operations the helpers use, with documents in storage.
type spAPI struct {
	*httptest.Server
	store   *storage
	polls   int // getFeed/getReport calls before DONE
	final   string
	mu      sync.Mutex
	count   map[string]int // id → getFeed/getReport calls
	results map[string]string
	calls   []string
	bodies  map[string][]byte // path → last request body
	rdts    map[string]string // RDT → path it was issued for
	// reportBody, when set, is the content of every report created.
	reportBody []byte
}

// matchTemplate reports whether path matches the template's literal
// segments ({name} matches any one segment).
func matchTemplate(template, path string) bool {
	ts, ps := strings.Split(template, "/"), strings.Split(path, "/")
	if len(ts) != len(ps) {
		return false
	}
	for i := range ts {
		if !strings.HasPrefix(ts[i], "{") && ts[i] != ps[i] {
			return false
		}
	}
	return true
}

func (a *spAPI) createRestrictedDataToken(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("x-amz-access-token") != accessToken {
		writeJSON(w, 403, errorsBody("Unauthorized", "createRestrictedDataToken needs the LWA token"))
		return
	}
	var req struct {
		RestrictedResources []struct {
			Method string `json:"method"`
			Path   string `json:"path"`
		} `json:"restrictedResources"`
	}
	if json.NewDecoder(r.Body).Decode(&req) != nil || len(req.RestrictedResources) != 1 {
		writeJSON(w, 400, errorsBody("InvalidInput", "bad restrictedResources"))
		return
	}
	rdt := "Atz.sprdt|" + randHex(16)
	a.mu.Lock()
	a.rdts[rdt] = req.RestrictedResources[0].Path
	a.mu.Unlock()
	writeJSON(w, 200, map[string]any{"restrictedDataToken": rdt, "expiresIn": 3600})
}

func newSPAPI(t cleaner, store *storage) *spAPI {
	a := &spAPI{store: store, polls: 2, final: "DONE", count: map[string]int{}, results: map[string]string{}, bodies: map[string][]byte{}, rdts: map[string]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /feeds/2021-06-30/documents", a.createFeedDocument)
	mux.HandleFunc("POST /feeds/2021-06-30/feeds", a.createFeed)
	mux.HandleFunc("GET /feeds/2021-06-30/feeds/{id}", a.getFeed)
	mux.HandleFunc("GET /feeds/2021-06-30/documents/{id}", a.getDocument("feedDocumentId"))
	mux.HandleFunc("POST /reports/2021-06-30/reports", a.createReport)
	mux.HandleFunc("GET /reports/2021-06-30/reports/{id}", a.getReport)
	mux.HandleFunc("GET /reports/2021-06-30/documents/{id}", a.getDocument("reportDocumentId"))
	mux.HandleFunc("POST /uploads/2020-11-01/uploadDestinations/{resource...}", a.createUploadDestination)
	mux.HandleFunc("POST /tokens/2021-03-01/restrictedDataToken", a.createRestrictedDataToken)
	a.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok := r.Header.Get("x-amz-access-token")
		a.mu.Lock()
		rdtPath, isRDT := a.rdts[tok]
		a.mu.Unlock()
		if isRDT && !matchTemplate(rdtPath, r.URL.Path) {
			writeJSON(w, 403, errorsBody("Unauthorized", "RDT for "+rdtPath+" used for "+r.URL.Path))
			return
		}
		if tok != accessToken && !isRDT {
			writeJSON(w, 403, errorsBody("Unauthorized", "Access to requested resource is denied."))
			return
		}
		b, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(b))
		a.mu.Lock()
		a.calls = append(a.calls, r.Method+" "+r.URL.RequestURI())
		a.bodies[r.URL.Path] = b
		a.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(a.Close)
	return a
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-amzn-RequestId", randHex(8))
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func errorsBody(code, msg string) map[string]any {
	return map[string]any{"errors": []map[string]string{{"code": code, "message": msg}}}
}

func (a *spAPI) createFeedDocument(w http.ResponseWriter, r *http.Request) {
	var spec struct {
		ContentType string `json:"contentType"`
	}
	if json.NewDecoder(r.Body).Decode(&spec) != nil || spec.ContentType == "" {
		writeJSON(w, 400, errorsBody("InvalidInput", "contentType is required"))
		return
	}
	id := "amzn1.tortuga.4." + randHex(8)
	a.store.put(id, &object{contentType: spec.ContentType})
	writeJSON(w, 201, map[string]string{"feedDocumentId": id, "url": a.store.presign(id, false)})
}

func (a *spAPI) createFeed(w http.ResponseWriter, r *http.Request) {
	var spec struct {
		FeedType            string            `json:"feedType"`
		MarketplaceIDs      []string          `json:"marketplaceIds"`
		InputFeedDocumentID string            `json:"inputFeedDocumentId"`
		FeedOptions         map[string]string `json:"feedOptions"`
	}
	json.NewDecoder(r.Body).Decode(&spec)
	o := a.store.get(spec.InputFeedDocumentID)
	if o == nil || !o.uploaded || spec.FeedType == "" || len(spec.MarketplaceIDs) == 0 {
		writeJSON(w, 400, errorsBody("InvalidInput", "feed document not uploaded"))
		return
	}
	id := fmt.Sprint(50000 + len(a.results))
	// The processing report, stored compressed as Amazon does.
	report := fmt.Sprintf("<ProcessingReport><DocumentTransactionID>%s</DocumentTransactionID><MessagesProcessed>%d</MessagesProcessed></ProcessingReport>", id, bytes.Count(o.data, []byte("<Message>")))
	rid := "amzn1.tortuga.3." + randHex(8)
	a.store.put(rid, &object{data: gz([]byte(report)), compressed: true, uploaded: true, contentType: "text/xml"})
	a.mu.Lock()
	a.results[id] = rid
	a.mu.Unlock()
	writeJSON(w, 202, map[string]string{"feedId": id})
}

func (a *spAPI) status(id string) (string, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.count[id]++
	switch n := a.count[id]; {
	case n <= a.polls/2:
		return "IN_QUEUE", false
	case n <= a.polls:
		return "IN_PROGRESS", false
	}
	return a.final, true
}

func (a *spAPI) getFeed(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	a.mu.Lock()
	rid, ok := a.results[id]
	a.mu.Unlock()
	if !ok {
		writeJSON(w, 404, errorsBody("NotFound", "feed not found"))
		return
	}
	st, done := a.status(id)
	feed := map[string]any{"feedId": id, "feedType": "POST_ORDER_FULFILLMENT_DATA", "createdTime": "2024-05-01T10:00:00Z", "processingStatus": st}
	if done {
		feed["resultFeedDocumentId"] = rid
	}
	writeJSON(w, 200, feed)
}

func (a *spAPI) getDocument(idField string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		o := a.store.get(id)
		if o == nil {
			writeJSON(w, 404, errorsBody("NotFound", "document not found"))
			return
		}
		enc := r.URL.Query().Get("enableContentEncodingUrlHeader") == "true" && o.compressed
		doc := map[string]string{idField: id, "url": a.store.presign(id, enc)}
		if o.compressed {
			doc["compressionAlgorithm"] = "GZIP"
		}
		writeJSON(w, 200, doc)
	}
}

func (a *spAPI) createReport(w http.ResponseWriter, r *http.Request) {
	var spec struct {
		ReportType     string   `json:"reportType"`
		MarketplaceIDs []string `json:"marketplaceIds"`
	}
	json.NewDecoder(r.Body).Decode(&spec)
	if spec.ReportType == "" || len(spec.MarketplaceIDs) == 0 {
		writeJSON(w, 400, errorsBody("InvalidInput", "reportType and marketplaceIds are required"))
		return
	}
	id := fmt.Sprint(70000 + len(a.results))
	rid := "amzn1.spdoc.1.4.na." + randHex(8)
	content := "sku\tasin\tprice\n"
	for i := range 1000 {
		content += fmt.Sprintf("SKU-%04d\tB0%08d\t%d.99\n", i, i, i%100)
	}
	if a.reportBody != nil {
		content = string(a.reportBody)
	}
	a.store.put(rid, &object{data: gz([]byte(content)), compressed: true, uploaded: true, contentType: "text/tab-separated-values"})
	a.mu.Lock()
	a.results[id] = rid
	a.mu.Unlock()
	writeJSON(w, 202, map[string]string{"reportId": id})
}

func (a *spAPI) getReport(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	a.mu.Lock()
	rid, ok := a.results[id]
	a.mu.Unlock()
	if !ok {
		writeJSON(w, 404, errorsBody("NotFound", "report not found"))
		return
	}
	st, done := a.status(id)
	rep := map[string]any{"reportId": id, "reportType": "GET_MERCHANT_LISTINGS_ALL_DATA", "createdTime": "2024-05-01T10:00:00Z", "processingStatus": st}
	if done && st == "DONE" {
		rep["reportDocumentId"] = rid
	}
	writeJSON(w, 200, rep)
}

func (a *spAPI) createUploadDestination(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	sum, ct := q.Get("contentMD5"), q.Get("contentType")
	if sum == "" || q.Get("marketplaceIds") == "" {
		writeJSON(w, 400, errorsBody("InvalidInput", "contentMD5 and marketplaceIds are required"))
		return
	}
	// The resource must arrive with literal slashes.
	if !strings.HasPrefix(r.URL.EscapedPath(), "/uploads/2020-11-01/uploadDestinations/aplus/2020-11-01/contentDocuments") {
		writeJSON(w, 404, errorsBody("NotFound", "unknown resource "+r.URL.EscapedPath()))
		return
	}
	id := "sc/" + randHex(8) + ".png"
	a.store.put(id, &object{contentType: ct, md5: sum})
	writeJSON(w, 201, map[string]any{"payload": map[string]any{
		"uploadDestinationId": id,
		"url":                 a.store.presign(id, false),
		"headers":             map[string]string{"Content-MD5": sum, "Content-Type": ct},
	}})
}

// cleaner is what the fakes need of a *testing.T; examples pass their own.
type cleaner interface{ Cleanup(func()) }

// cleanups runs registered functions at Close, for examples.
type cleanups []func()

func (c *cleanups) Cleanup(f func()) { *c = append(*c, f) }

func (c *cleanups) Close() {
	for i := len(*c) - 1; i >= 0; i-- {
		(*c)[i]()
	}
}

// newClient returns an spapi.Client for api with a static access token.
func newClient(t *testing.T, api string, opts ...spapi.Option) *spapi.Client {
	t.Helper()
	ts := spapi.TokenSourceFunc(func(context.Context) (*oauth2.Token, error) {
		return &oauth2.Token{AccessToken: accessToken, Expiry: time.Now().Add(time.Hour)}, nil
	})
	c, err := spapi.New(spapi.Config{Endpoint: api}, append([]spapi.Option{spapi.WithTokenSource(ts),
		spapi.WithRetryer(spapi.StandardRetryer{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
