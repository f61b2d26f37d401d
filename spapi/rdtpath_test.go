package spapi

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

var opGetReportDocument = &Operation{ID: "getReportDocument", API: "reports20210630", Method: "GET",
	Path: "/reports/2021-06-30/documents/{reportDocumentId}", Rate: 1000, Burst: 1000, Restricted: true, SpecificPath: true}

// TestRDTSpecificPath: an operation whose RDT must name the request's
// own path (getReportDocument) gets an RDT for exactly that path, one per
// document, each cached; operations without SpecificPath keep the template.
func TestRDTSpecificPath(t *testing.T) {
	lwa := newLWAServer(t)
	api := newRDTAPI(t, lwa)
	c := newTestClient(t, lwa, api.URL)
	docs := []string{"amzn1.spdoc.1.4.na.0c3a8b9e-1111", "amzn1.spdoc.1.4.na.0c3a8b9e-2222"}
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			doc := docs[i%2]
			status, body, err := do(t, c, opRequest(t, t.Context(), opGetReportDocument, api.URL+"/reports/2021-06-30/documents/"+doc+"?reportType=x", nil))
			if want := "GET /reports/2021-06-30/documents/" + doc + " "; err != nil || status != 200 || body != want {
				t.Errorf("status %d body %q err %v; want the RDT for %q", status, body, err, want)
			}
		})
	}
	wg.Wait()
	if n := api.rdtCalls.Load(); n != 2 {
		t.Fatalf("createRestrictedDataToken calls = %d, want 2 (one per document)", n)
	}
	for _, r := range api.requests {
		p := r["restrictedResources"].([]any)[0].(map[string]any)["path"].(string)
		if strings.Contains(p, "{") || strings.Contains(p, "?") {
			t.Fatalf("RDT requested for %q; want the specific path without query", p)
		}
	}
	// The template stays for operations that accept it.
	status, body, err := do(t, c, opRequest(t, t.Context(), opGetOrder, api.URL+"/orders/v0/orders/1", nil))
	if err != nil || status != http.StatusOK || !strings.HasPrefix(body, "GET /orders/v0/orders/{orderId} ") {
		t.Fatalf("getOrder: status %d body %q err %v", status, body, err)
	}
}

// TestTokenCachePrunesStaleKeys: keys used once (an RDT per document) do
// not accumulate once their tokens have expired.
func TestTokenCachePrunesStaleKeys(t *testing.T) {
	var mu sync.Mutex
	now := time.Now()
	c := newTokenCache()
	c.now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	for i := range 5000 {
		if i%1000 == 0 {
			mu.Lock()
			now = now.Add(2 * time.Hour) // everything so far is stale
			mu.Unlock()
		}
		key := fmt.Sprint(i)
		// Sources give expiries by the wall clock (as x/oauth2 does); the
		// cache moves them onto its own.
		fetch := func(ctx context.Context) (*oauth2.Token, error) {
			return &oauth2.Token{AccessToken: "rdt-" + key, Expiry: time.Now().Add(time.Hour)}, nil
		}
		if _, err := c.get(t.Context(), key, fetch); err != nil {
			t.Fatal(err)
		}
	}
	c.mu.Lock()
	n := len(c.entries)
	c.mu.Unlock()
	if n > 2100 {
		t.Fatalf("%d entries cached after 5000 keys with at most 1000 live; stale ones are kept", n)
	}
}
