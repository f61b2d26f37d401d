package listingsfeed_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/spgen/spgen/spapi"
)

// fakeFeeds is a loopback Feeds API 2021-06-30 with presigned storage: it
// accepts JSON_LISTINGS_FEED documents and answers with a processing
// report in Amazon's format, one ERROR issue per message whose SKU starts
// with "BAD".
type fakeFeeds struct {
	*httptest.Server
	mu    sync.Mutex
	docs  map[string][]byte
	types map[string]string // uploaded document → Content-Type
	feeds map[string]string // feed ID → result document
	calls map[string]int
	polls int
}

func newFakeFeeds(t *testing.T) *fakeFeeds {
	f := &fakeFeeds{docs: map[string][]byte{}, types: map[string]string{}, feeds: map[string]string{}, calls: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /feeds/2021-06-30/documents", f.createFeedDocument)
	mux.HandleFunc("PUT /upload/{id}", f.upload)
	mux.HandleFunc("POST /feeds/2021-06-30/feeds", f.createFeed)
	mux.HandleFunc("GET /feeds/2021-06-30/feeds/{id}", f.getFeed)
	mux.HandleFunc("GET /feeds/2021-06-30/documents/{id}", f.getFeedDocument)
	mux.HandleFunc("GET /download/{id}", f.download)
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.calls[r.Method+" "+r.URL.Path]++
		f.calls[r.Method]++
		f.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(f.Close)
	return f
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (f *fakeFeeds) createFeedDocument(w http.ResponseWriter, r *http.Request) {
	var spec struct {
		ContentType string `json:"contentType"`
	}
	json.NewDecoder(r.Body).Decode(&spec)
	f.mu.Lock()
	id := fmt.Sprintf("amzn1.tortuga.4.na.%d", len(f.docs)+1)
	f.docs[id] = nil
	f.types[id] = spec.ContentType
	f.mu.Unlock()
	writeJSON(w, 201, map[string]string{"feedDocumentId": id, "url": f.URL + "/upload/" + id})
}

func (f *fakeFeeds) upload(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	defer f.mu.Unlock()
	if want, ok := f.types[id]; !ok || r.Header.Get("Content-Type") != want {
		http.Error(w, "content type differs from createFeedDocument's", 400)
		return
	}
	f.docs[id] = body
}

func (f *fakeFeeds) createFeed(w http.ResponseWriter, r *http.Request) {
	var spec struct {
		FeedType            string   `json:"feedType"`
		MarketplaceIDs      []string `json:"marketplaceIds"`
		InputFeedDocumentID string   `json:"inputFeedDocumentId"`
	}
	json.NewDecoder(r.Body).Decode(&spec)
	f.mu.Lock()
	defer f.mu.Unlock()
	doc := f.docs[spec.InputFeedDocumentID]
	if spec.FeedType != "JSON_LISTINGS_FEED" || doc == nil || len(spec.MarketplaceIDs) == 0 {
		writeJSON(w, 400, map[string]any{"errors": []map[string]string{{"code": "InvalidInput", "message": "bad feed"}}})
		return
	}
	var feed struct {
		Header struct {
			SellerID string `json:"sellerId"`
		} `json:"header"`
		Messages []struct {
			MessageID int64  `json:"messageId"`
			SKU       string `json:"sku"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(doc, &feed); err != nil {
		writeJSON(w, 400, map[string]any{"errors": []map[string]string{{"code": "InvalidInput", "message": err.Error()}}})
		return
	}
	feedID := fmt.Sprint(60000 + len(f.feeds))
	issues := []map[string]any{}
	bad := 0
	for _, m := range feed.Messages {
		if len(m.SKU) >= 3 && m.SKU[:3] == "BAD" {
			bad++
			issues = append(issues, map[string]any{"messageId": m.MessageID, "sku": m.SKU, "code": "90220", "severity": "ERROR", "message": "'[batteries_required]' is required but not supplied.", "attributeName": "batteries_required"})
		}
	}
	report, _ := json.Marshal(map[string]any{
		"header":  map[string]any{"sellerId": feed.Header.SellerID, "version": "2.0", "feedId": feedID},
		"issues":  issues,
		"summary": map[string]any{"errors": bad, "warnings": 0, "messagesProcessed": len(feed.Messages), "messagesAccepted": len(feed.Messages) - bad, "messagesInvalid": bad},
	})
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(report)
	zw.Close()
	rid := "amzn1.tortuga.4.na.result." + feedID
	f.docs[rid] = z.Bytes()
	f.feeds[feedID] = rid
	writeJSON(w, 202, map[string]string{"feedId": feedID})
}

func (f *fakeFeeds) getFeed(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	f.mu.Lock()
	rid, ok := f.feeds[id]
	f.polls++
	n := f.polls
	f.mu.Unlock()
	if !ok {
		writeJSON(w, 404, map[string]any{"errors": []map[string]string{{"code": "NotFound", "message": "no feed"}}})
		return
	}
	feed := map[string]any{"feedId": id, "feedType": "JSON_LISTINGS_FEED", "createdTime": "2026-12-01T10:00:00Z", "processingStatus": "IN_PROGRESS"}
	if n > 1 {
		feed["processingStatus"] = "DONE"
		feed["resultFeedDocumentId"] = rid
	}
	writeJSON(w, 200, feed)
}

func (f *fakeFeeds) getFeedDocument(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	writeJSON(w, 200, map[string]string{"feedDocumentId": id, "url": f.URL + "/download/" + id, "compressionAlgorithm": "GZIP"})
}

func (f *fakeFeeds) download(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	b, ok := f.docs[r.PathValue("id")]
	f.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Write(b)
}

func (f *fakeFeeds) count(key string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[key]
}

func newClient(t testing.TB, endpoint string) *spapi.Client {
	ts := spapi.TokenSourceFunc(func(context.Context) (*oauth2.Token, error) {
		return &oauth2.Token{AccessToken: "Atza|test", Expiry: time.Now().Add(time.Hour)}, nil
	})
	c, err := spapi.New(spapi.Config{Endpoint: endpoint}, spapi.WithTokenSource(ts))
	if err != nil {
		t.Fatal(err)
	}
	return c
}
