package messaging_test

import (
	"bytes"
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
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/spgen/spgen/spapi"
)

// fixture is the documented getMessagingActionsForOrder response, read in
// place from ../shared.
var fixture = filepath.Join("..", "..", "..", "shared", "fixtures", "messaging", "getMessagingActionsForOrder.json")

const (
	fixtureOrder = "902-6786204-8179805"
	marketplace  = "ATVPDKIKX0DER"
	accessToken  = "Atza|messaging-test-token-7f3a"
)

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// destination is one upload destination the fake Uploads API handed out.
type destination struct {
	id, resource, contentMD5, contentType, sig string
	data                                       []byte
	uploaded                                   bool
}

// sentMessage is one call of a message operation the fake received.
type sentMessage struct {
	action, order, marketplace string
	body                       map[string]any
}

// fakeSPAPI is a loopback stand-in for the SP-API Messaging and Uploads
// endpoints plus the presigned storage URLs they hand out, speaking their
// wire formats: HAL+JSON (application/hal+json) for Messaging, JSON for
// Uploads, and S3-style presigned PUTs checked against Content-MD5.
type fakeSPAPI struct {
	t       *testing.T
	api     *httptest.Server
	storage *httptest.Server

	mu sync.Mutex
	// responses maps an order ID to its getMessagingActionsForOrder body.
	responses map[string][]byte
	dests     map[string]*destination // by id
	messages  []sentMessage
	createDst int
	puts      int
	// messageStatus, when set, is the status the message operations answer
	// with (and an SP-API error body).
	messageStatus int
}

func newFake(t *testing.T) *fakeSPAPI {
	f := &fakeSPAPI{t: t, responses: map[string][]byte{}, dests: map[string]*destination{}}
	f.api = httptest.NewServer(http.HandlerFunc(f.serveAPI))
	f.storage = httptest.NewServer(http.HandlerFunc(f.serveStorage))
	t.Cleanup(f.api.Close)
	t.Cleanup(f.storage.Close)
	f.setResponse(fixtureOrder, readFixture(t))
	return f
}

func readFixture(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// setResponse serves body (a response for fixtureOrder) for order, with
// the order ID in its links replaced.
func (f *fakeSPAPI) setResponse(order string, body []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.responses[order] = bytes.ReplaceAll(body, []byte(fixtureOrder), []byte(order))
}

// editResponse decodes order's response, lets edit change it, and serves
// the result.
func (f *fakeSPAPI) editResponse(order string, edit func(doc map[string]any)) {
	f.mu.Lock()
	body := f.responses[fixtureOrder]
	f.mu.Unlock()
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		f.t.Fatal(err)
	}
	edit(doc)
	b, err := json.Marshal(doc)
	if err != nil {
		f.t.Fatal(err)
	}
	f.setResponse(order, b)
}

func (f *fakeSPAPI) counts() (createDst, puts, messages int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.createDst, f.puts, len(f.messages)
}

func writeJSON(w http.ResponseWriter, status int, contentType string, v any) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("x-amzn-RequestId", "req-"+randHex(6))
	w.Header().Set("x-amzn-RateLimit-Limit", "1.0")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func spError(w http.ResponseWriter, status int, contentType, code, msg string) {
	writeJSON(w, status, contentType, map[string]any{"errors": []map[string]string{{"code": code, "message": msg}}})
}

func (f *fakeSPAPI) serveAPI(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("x-amz-access-token") != accessToken {
		spError(w, http.StatusForbidden, "application/json", "Unauthorized", "Access to requested resource is denied.")
		return
	}
	q := r.URL.Query()
	if mp := q["marketplaceIds"]; len(mp) != 1 || mp[0] != marketplace {
		spError(w, http.StatusBadRequest, "application/json", "InvalidInput", "marketplaceIds must name one marketplace")
		return
	}
	p := r.URL.Path
	switch {
	case r.Method == http.MethodGet && strings.HasPrefix(p, "/messaging/v1/orders/") && strings.Count(p, "/") == 4:
		order := strings.TrimPrefix(p, "/messaging/v1/orders/")
		f.mu.Lock()
		body, ok := f.responses[order]
		f.mu.Unlock()
		if !ok {
			spError(w, http.StatusNotFound, "application/hal+json", "NotFound", "order not found")
			return
		}
		w.Header().Set("Content-Type", "application/hal+json")
		w.Header().Set("x-amzn-RequestId", "req-"+randHex(6))
		w.Write(body)
	case r.Method == http.MethodPost && strings.HasPrefix(p, "/uploads/2020-11-01/uploadDestinations/"):
		f.createDestination(w, r, strings.TrimPrefix(p, "/uploads/2020-11-01/uploadDestinations/"))
	case r.Method == http.MethodPost && strings.HasPrefix(p, "/messaging/v1/orders/") && strings.Contains(p, "/messages/"):
		rest := strings.TrimPrefix(p, "/messaging/v1/orders/")
		order, action, _ := strings.Cut(rest, "/messages/")
		f.receiveMessage(w, r, order, action)
	default:
		spError(w, http.StatusNotFound, "application/json", "NotFound", "no such operation "+r.Method+" "+p)
	}
}

func (f *fakeSPAPI) createDestination(w http.ResponseWriter, r *http.Request, resource string) {
	q := r.URL.Query()
	sum := q.Get("contentMD5")
	if raw, err := base64.StdEncoding.DecodeString(sum); err != nil || len(raw) != md5.Size {
		spError(w, http.StatusBadRequest, "application/json", "InvalidInput", "contentMD5 must be a base64 MD5 digest")
		return
	}
	parts := strings.Split(resource, "/")
	if len(parts) != 6 || parts[0] != "messaging" || parts[1] != "v1" || parts[2] != "orders" || parts[4] != "messages" {
		spError(w, http.StatusBadRequest, "application/json", "InvalidInput", "unknown resource "+resource)
		return
	}
	d := &destination{id: "sc/" + randHex(16), resource: resource, contentMD5: sum, contentType: q.Get("contentType"), sig: randHex(32)}
	f.mu.Lock()
	f.dests[d.id] = d
	f.createDst++
	f.mu.Unlock()
	u := fmt.Sprintf("%s/bucket/%s?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=%s&X-Amz-Signature=%s",
		f.storage.URL, d.id, time.Now().UTC().Format("20060102T150405Z"), d.sig)
	writeJSON(w, http.StatusCreated, "application/json", map[string]any{"payload": map[string]any{
		"uploadDestinationId": d.id,
		"url":                 u,
		"headers":             map[string]string{"Content-MD5": sum},
	}})
}

// serveStorage accepts a PUT to a presigned URL when the signature, the
// Content-MD5 (declared and actual) and the Content-Type match.
func (f *fakeSPAPI) serveStorage(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/bucket/")
	f.mu.Lock()
	d := f.dests[id]
	f.mu.Unlock()
	fail := func(status int, code string) {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, "<Error><Code>%s</Code></Error>", code)
	}
	switch {
	case r.Method != http.MethodPut:
		fail(http.StatusMethodNotAllowed, "MethodNotAllowed")
	case d == nil || r.URL.Query().Get("X-Amz-Signature") != d.sig:
		fail(http.StatusForbidden, "SignatureDoesNotMatch")
	case r.Header.Get("x-amz-access-token") != "":
		fail(http.StatusBadRequest, "InvalidArgument") // the LWA token must never go to storage
	case r.Header.Get("Content-MD5") != d.contentMD5:
		fail(http.StatusBadRequest, "InvalidDigest")
	case d.contentType != "" && r.Header.Get("Content-Type") != d.contentType:
		fail(http.StatusForbidden, "SignatureDoesNotMatch")
	default:
		data, err := io.ReadAll(r.Body)
		sum := md5.Sum(data)
		if err != nil || base64.StdEncoding.EncodeToString(sum[:]) != d.contentMD5 {
			fail(http.StatusBadRequest, "BadDigest")
			return
		}
		f.mu.Lock()
		d.data, d.uploaded = data, true
		f.puts++
		f.mu.Unlock()
		w.WriteHeader(http.StatusOK)
	}
}

func (f *fakeSPAPI) receiveMessage(w http.ResponseWriter, r *http.Request, order, action string) {
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		spError(w, http.StatusUnsupportedMediaType, "application/hal+json", "InvalidInput", "content type "+ct)
		return
	}
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		spError(w, http.StatusBadRequest, "application/hal+json", "InvalidInput", "body is not JSON")
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	// Every attachment must have been uploaded, for this very message.
	atts, _ := body["attachments"].([]any)
	for _, a := range atts {
		m, _ := a.(map[string]any)
		id, _ := m["uploadDestinationId"].(string)
		d := f.dests[id]
		if d == nil || !d.uploaded || d.resource != "messaging/v1/orders/"+order+"/messages/"+action {
			w.Header().Set("Content-Type", "application/hal+json")
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]string{{"code": "InvalidInput", "message": "unknown upload destination " + id}}})
			return
		}
	}
	f.messages = append(f.messages, sentMessage{action: action, order: order, marketplace: r.URL.Query().Get("marketplaceIds"), body: body})
	if f.messageStatus != 0 {
		w.Header().Set("Content-Type", "application/hal+json")
		w.WriteHeader(f.messageStatus)
		json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]string{{"code": "InvalidInput", "message": "The text contains an email address."}}})
		return
	}
	writeJSON(w, http.StatusCreated, "application/hal+json", map[string]any{})
}

// noRetry makes failures surface at once.
type noRetry struct{}

func (noRetry) Retry(spapi.Attempt) (time.Duration, bool) { return 0, false }

// runtime returns an spapi.Client for the fake with a fixed access token.
func (f *fakeSPAPI) runtime(t *testing.T) *spapi.Client {
	t.Helper()
	ts := spapi.TokenSourceFunc(func(context.Context) (*oauth2.Token, error) {
		return &oauth2.Token{AccessToken: accessToken, Expiry: time.Now().Add(time.Hour)}, nil
	})
	c, err := spapi.New(spapi.Config{Endpoint: f.api.URL}, spapi.WithTokenSource(ts), spapi.WithRetryer(noRetry{}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}
