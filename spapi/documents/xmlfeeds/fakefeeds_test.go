package xmlfeeds

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapi/documents"
	"golang.org/x/oauth2"
)

// fakeToken is the LWA access token the fake Amazon accepts.
const fakeToken = "Atza|mwsxml-test-access-token"

// fakeAmazon is a loopback stand-in for the Feeds API 2021-06-30 and the
// presigned document storage behind it, speaking their wire formats
// (JSON API, presigned PUT/GET, gzip-compressed result documents). It
// processes an uploaded feed the way Amazon does in outline: it validates
// the document against amzn-envelope.xsd with xmllint, rejects it if
// invalid, and otherwise reports an error for every message whose order
// it does not know.
type fakeAmazon struct {
	*httptest.Server
	store     *httptest.Server // the document storage (another host, as S3 is)
	mu        sync.Mutex
	docs      map[string]*fakeDoc
	feeds     map[string]*fakeFeed
	known     map[string]bool // AmazonOrderID / MerchantOrderID values of existing orders
	uploads   [][]byte
	calls     []string
	pollsLeft int
}

type fakeDoc struct {
	contentType string
	sig         string
	data        []byte
	uploaded    bool
	gzip        bool
}

type fakeFeed struct {
	typ      string
	input    string
	result   string
	status   string
	getCalls int
}

func newFakeAmazon(known ...string) *fakeAmazon {
	// The fake's schema check is the real oracle; without it every feed
	// would be "rejected" for the wrong reason.
	if _, err := exec.LookPath("xmllint"); err != nil {
		log.Fatalf("xmllint (Debian package libxml2-utils) is required by the fake Feeds API: %v", err)
	}
	a := &fakeAmazon{docs: map[string]*fakeDoc{}, feeds: map[string]*fakeFeed{}, known: map[string]bool{}, pollsLeft: 2}
	for _, k := range known {
		a.known[k] = true
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /feeds/2021-06-30/documents", a.createFeedDocument)
	mux.HandleFunc("POST /feeds/2021-06-30/feeds", a.createFeed)
	mux.HandleFunc("GET /feeds/2021-06-30/feeds/{id}", a.getFeed)
	mux.HandleFunc("GET /feeds/2021-06-30/documents/{id}", a.getFeedDocument)
	store := http.NewServeMux()
	store.HandleFunc("/storage/{id}", a.storage)
	record := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			a.mu.Lock()
			a.calls = append(a.calls, r.Method+" "+r.URL.Path)
			a.mu.Unlock()
			h.ServeHTTP(w, r)
		})
	}
	a.store = httptest.NewServer(record(store))
	a.Server = httptest.NewServer(record(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("x-amz-access-token") != fakeToken {
			apiError(w, 403, "Unauthorized", "Access to requested resource is denied.")
			return
		}
		mux.ServeHTTP(w, r)
	})))
	return a
}

// Close stops both servers.
func (a *fakeAmazon) Close() {
	a.Server.Close()
	a.store.Close()
}

func randID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func apiError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"errors": []map[string]string{{"code": code, "message": msg}}})
}

func (a *fakeAmazon) presign(id string) string {
	return a.store.URL + "/storage/" + id + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=" + a.docs[id].sig
}

func (a *fakeAmazon) createFeedDocument(w http.ResponseWriter, r *http.Request) {
	var spec struct {
		ContentType string `json:"contentType"`
	}
	if json.NewDecoder(r.Body).Decode(&spec) != nil || spec.ContentType == "" {
		apiError(w, 400, "InvalidInput", "contentType is required")
		return
	}
	a.mu.Lock()
	id := "amzn1.tortuga.4.na." + randID()
	a.docs[id] = &fakeDoc{contentType: spec.ContentType, sig: randID()}
	url := a.presign(id)
	a.mu.Unlock()
	writeJSON(w, 201, map[string]string{"feedDocumentId": id, "url": url})
}

// storage serves the presigned URLs: PUT must carry the declared
// Content-Type and a Content-Length, and no SP-API credentials.
func (a *fakeAmazon) storage(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	d := a.docs[r.PathValue("id")]
	if d == nil || r.URL.Query().Get("X-Amz-Signature") != d.sig || r.Header.Get("x-amz-access-token") != "" {
		w.WriteHeader(403)
		fmt.Fprint(w, `<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match.</Message></Error>`)
		return
	}
	switch r.Method {
	case http.MethodPut:
		if r.Header.Get("Content-Type") != d.contentType || r.ContentLength < 0 {
			w.WriteHeader(403)
			fmt.Fprint(w, `<Error><Code>SignatureDoesNotMatch</Code><Message>Content-Type or length differs.</Message></Error>`)
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil || int64(len(body)) != r.ContentLength {
			w.WriteHeader(400)
			return
		}
		d.data, d.uploaded = body, true
		a.uploads = append(a.uploads, body)
	case http.MethodGet:
		if !d.uploaded {
			w.WriteHeader(404)
			return
		}
		w.Write(d.data)
	default:
		w.WriteHeader(405)
	}
}

func (a *fakeAmazon) createFeed(w http.ResponseWriter, r *http.Request) {
	var spec struct {
		FeedType            string   `json:"feedType"`
		MarketplaceIDs      []string `json:"marketplaceIds"`
		InputFeedDocumentID string   `json:"inputFeedDocumentId"`
	}
	if json.NewDecoder(r.Body).Decode(&spec) != nil || spec.FeedType == "" || len(spec.MarketplaceIDs) == 0 {
		apiError(w, 400, "InvalidInput", "feedType, marketplaceIds and inputFeedDocumentId are required")
		return
	}
	a.mu.Lock()
	d := a.docs[spec.InputFeedDocumentID]
	a.mu.Unlock()
	if d == nil || !d.uploaded {
		apiError(w, 400, "InvalidInput", "the input feed document was not uploaded")
		return
	}
	report, status := a.process(spec.FeedType, d.data)
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write([]byte(report))
	zw.Close()
	a.mu.Lock()
	defer a.mu.Unlock()
	rid := "amzn1.tortuga.3.na." + randID()
	a.docs[rid] = &fakeDoc{contentType: "text/xml", sig: randID(), data: z.Bytes(), uploaded: true, gzip: true}
	id := fmt.Sprint(50000 + len(a.feeds))
	a.feeds[id] = &fakeFeed{typ: spec.FeedType, input: spec.InputFeedDocumentID, result: rid, status: status}
	writeJSON(w, 202, map[string]string{"feedId": id})
}

// process validates a feed with xmllint and writes its processing report.
func (a *fakeAmazon) process(feedType string, data []byte) (report, status string) {
	var env struct {
		MessageType string `xml:"MessageType"`
		Message     []struct {
			MessageID int `xml:"MessageID"`
			Order     struct {
				Amazon   string `xml:"AmazonOrderID"`
				Merchant string `xml:"MerchantOrderID"`
			} `xml:"OrderFulfillment"`
		} `xml:"Message"`
	}
	valid := schemaErrors(data) == "" && xml.Unmarshal(data, &env) == nil &&
		feedType == "POST_ORDER_FULFILLMENT_DATA" && env.MessageType == "OrderFulfillment"
	var results strings.Builder
	failed := 0
	if valid {
		for _, m := range env.Message {
			order := m.Order.Amazon + m.Order.Merchant
			if a.known[order] {
				continue
			}
			failed++
			fmt.Fprintf(&results, "<Result><MessageID>%d</MessageID><ResultCode>Error</ResultCode><ResultMessageCode>18028</ResultMessageCode>"+
				"<ResultDescription>The order id %s was not found in our system.</ResultDescription></Result>", m.MessageID, order)
		}
	}
	code := "Complete"
	if !valid {
		code = "Rejected"
	}
	n := len(env.Message)
	report = fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd"><Header><DocumentVersion>1.02</DocumentVersion><MerchantIdentifier>A1EXAMPLE2SELLER</MerchantIdentifier></Header><MessageType>ProcessingReport</MessageType><Message><MessageID>1</MessageID><ProcessingReport><DocumentTransactionID>%d</DocumentTransactionID><StatusCode>%s</StatusCode><ProcessingSummary><MessagesProcessed>%d</MessagesProcessed><MessagesSuccessful>%d</MessagesSuccessful><MessagesWithError>%d</MessagesWithError><MessagesWithWarning>0</MessagesWithWarning></ProcessingSummary>%s</ProcessingReport></Message></AmazonEnvelope>`,
		60000+len(a.feeds), code, n, n-failed, failed, results.String())
	return report, "DONE"
}

// schemaErrors validates a document with xmllint against the real schemas
// and returns its complaints ("" when valid).
func schemaErrors(data []byte) string {
	f, err := os.CreateTemp("", "mwsxml-fake-*.xml")
	if err != nil {
		return err.Error()
	}
	defer os.Remove(f.Name())
	f.Write(data)
	f.Close()
	out, err := exec.Command("xmllint", "--noout", "--schema", filepath.Join(schemaDir, "amzn-envelope.xsd"), f.Name()).CombinedOutput()
	if err != nil {
		return string(out) + err.Error()
	}
	return ""
}

func (a *fakeAmazon) getFeed(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	f := a.feeds[r.PathValue("id")]
	if f == nil {
		apiError(w, 404, "NotFound", "The requested feed was not found.")
		return
	}
	f.getCalls++
	feed := map[string]any{"feedId": r.PathValue("id"), "feedType": f.typ, "createdTime": "2024-03-05T15:00:00Z", "marketplaceIds": []string{"ATVPDKIKX0DER"}}
	switch {
	case f.getCalls <= a.pollsLeft/2:
		feed["processingStatus"] = "IN_QUEUE"
	case f.getCalls <= a.pollsLeft:
		feed["processingStatus"] = "IN_PROGRESS"
		feed["processingStartTime"] = "2024-03-05T15:00:05Z"
	default:
		feed["processingStatus"] = f.status
		feed["processingStartTime"] = "2024-03-05T15:00:05Z"
		feed["processingEndTime"] = "2024-03-05T15:01:00Z"
		feed["resultFeedDocumentId"] = f.result
	}
	writeJSON(w, 200, feed)
}

func (a *fakeAmazon) getFeedDocument(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	id := r.PathValue("id")
	d := a.docs[id]
	if d == nil {
		apiError(w, 404, "NotFound", "The requested feed document was not found.")
		return
	}
	doc := map[string]any{"feedDocumentId": id, "url": a.presign(id)}
	if d.gzip {
		doc["compressionAlgorithm"] = "GZIP"
	}
	writeJSON(w, 200, doc)
}

// feedsClient returns the runtime's Feeds helper talking to the fake; in
// production the spapi.Client is built with a Region and LWA credentials.
func feedsClient(endpoint string) *documents.Feeds {
	ts := spapi.TokenSourceFunc(func(context.Context) (*oauth2.Token, error) {
		return &oauth2.Token{AccessToken: fakeToken, Expiry: time.Now().Add(time.Hour)}, nil
	})
	c, err := spapi.New(spapi.Config{Endpoint: endpoint}, spapi.WithTokenSource(ts))
	if err != nil {
		log.Fatal(err)
	}
	feeds, err := documents.NewFeeds(c, documents.WithPollInterval(time.Millisecond, 5*time.Millisecond))
	if err != nil {
		log.Fatal(err)
	}
	return feeds
}

// schemaDir holds Amazon's MWS schemas, read in place (../shared from the
// project root).
var schemaDir = filepath.Join("..", "..", "..", "..", "shared", "xsd", "mws")
