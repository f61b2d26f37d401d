package redisstore

import (
	"context"
	"errors"
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

// TestQuotaSharedByWorkers: three workers (Clients with their own Redis
// connections) share GET_SALES_AND_TRAFFIC_REPORT's daily window of 96
// for one seller: 96 createReport calls go out between them, the 97th
// fails at once with a *spapi.QuotaError, and the counter expires with
// the window.
func TestQuotaSharedByWorkers(t *testing.T) {
	var sent atomic.Int64
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(202)
		w.Write([]byte(`{"reportId":"1"}`))
	}))
	defer api.Close()
	ts := spapi.TokenSourceFunc(func(context.Context) (*oauth2.Token, error) {
		return &oauth2.Token{AccessToken: "quota-access-token", Expiry: time.Now().Add(time.Hour)}, nil
	})
	prefix := "quota-" + t.Name() + ":"
	daily := spapi.DefaultQuotaWindows()[1]
	op := &spapi.Operation{ID: "createReport", API: "reports20210630", Method: "POST", Path: "/reports/2021-06-30/reports", Rate: 1000, Burst: 1000}
	var workers []*spapi.Client
	for range 3 {
		c, err := spapi.New(spapi.Config{Endpoint: api.URL, SellingPartnerID: "A1QUOTA"}, spapi.WithTokenSource(ts),
			spapi.WithQuotaWindows([]spapi.QuotaWindow{daily}, NewQuota(newRedis(t), WithPrefix(prefix))))
		if err != nil {
			t.Fatal(err)
		}
		workers = append(workers, c)
	}
	call := func(c *spapi.Client) error {
		req, _ := http.NewRequestWithContext(spapi.WithOperation(t.Context(), op), "POST", api.URL+op.Path,
			strings.NewReader(`{"reportType":"GET_SALES_AND_TRAFFIC_REPORT","marketplaceIds":["ATVPDKIKX0DER"]}`))
		resp, err := spapi.Check(c.HTTPClient().Do(req))
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	var refused atomic.Int64
	var wg sync.WaitGroup
	for i := range 96 {
		wg.Go(func() {
			if err := call(workers[i%3]); err != nil {
				if errors.Is(err, spapi.ErrQuotaSpent) {
					refused.Add(1)
					return
				}
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if sent.Load() != 96 || refused.Load() != 0 {
		t.Fatalf("%d sent, %d refused; want 96 and 0", sent.Load(), refused.Load())
	}
	start := time.Now()
	err := call(workers[1])
	var qe *spapi.QuotaError
	if !errors.As(err, &qe) || qe.Window.Max != 96 || sent.Load() != 96 {
		t.Fatalf("97th: err %v, %d sent", err, sent.Load())
	}
	t.Logf("97th createReport across 3 workers refused in %v; next window %v", time.Since(start), qe.NextWindow)
	keys, _ := newRedis(t).Keys(t.Context(), prefix+"*").Result()
	if len(keys) != 1 {
		t.Fatalf("quota keys %v", keys)
	}
	if ttl, _ := newRedis(t).PTTL(t.Context(), keys[0]).Result(); ttl <= 0 || ttl > 24*time.Hour {
		t.Fatalf("quota key TTL %v; want it to expire with the window", ttl)
	}
}
