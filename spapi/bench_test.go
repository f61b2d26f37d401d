package spapi

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// BenchmarkStack measures the per-request overhead of the whole client
// stack (log, retry, rate limit, auth) against plain net/http on the same
// loopback server and transport. Each iteration makes one plain and one
// stack request, in alternating order; the metrics are the mean time of
// each, the median of the per-iteration ratios (x-vs-plain, target ≤ 1.3)
// and the ratio of the means, and the allocations per request of each
// (both include the server's, which are the same).
func BenchmarkStack(b *testing.B) {
	body := []byte(`{"payload":{"Orders":[{"AmazonOrderId":"902-3159896-1390916","OrderStatus":"Unshipped"}]}}`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("x-amzn-RequestId", "bench")
		w.Header().Set(rateLimitHeader, "1000000")
		w.Write(body)
	}))
	defer srv.Close()
	tr := &http.Transport{MaxIdleConnsPerHost: 4}
	defer tr.CloseIdleConnections()
	plain := &http.Client{Transport: tr}
	ts := TokenSourceFunc(func(context.Context) (*oauth2.Token, error) {
		return &oauth2.Token{AccessToken: "bench-access-token", Expiry: time.Now().Add(time.Hour)}, nil
	})
	c, err := New(Config{Endpoint: srv.URL}, WithTokenSource(ts), WithTransport(tr))
	if err != nil {
		b.Fatal(err)
	}
	stack := c.HTTPClient()
	op := &Operation{ID: "getOrders", API: "ordersv0", Method: "GET", Path: "/orders/v0/orders", Rate: 1e6, Burst: 1e6}
	ctx := WithOperation(context.Background(), op)
	url := srv.URL + "/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER"

	get := func(hc *http.Client, ctx context.Context) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			b.Fatal(err)
		}
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
	for range 100 {
		get(plain, context.Background())
		get(stack, ctx)
	}

	var plainD, stackD time.Duration
	var ratios []float64
	i := 0
	for b.Loop() {
		var p, s time.Duration
		t0 := time.Now()
		if i%2 == 0 {
			get(plain, context.Background())
			t1 := time.Now()
			get(stack, ctx)
			p, s = t1.Sub(t0), time.Since(t1)
		} else {
			get(stack, ctx)
			t1 := time.Now()
			get(plain, context.Background())
			s, p = t1.Sub(t0), time.Since(t1)
		}
		plainD += p
		stackD += s
		ratios = append(ratios, float64(s)/float64(p))
		i++
	}
	b.StopTimer()
	plainAllocs := testing.AllocsPerRun(200, func() { get(plain, context.Background()) })
	stackAllocs := testing.AllocsPerRun(200, func() { get(stack, ctx) })
	n := float64(i)
	b.ReportMetric(float64(plainD.Nanoseconds())/n, "plain-ns/req")
	b.ReportMetric(float64(stackD.Nanoseconds())/n, "stack-ns/req")
	// The median of the per-pair ratios: a machine busy with other work
	// slows single requests by far more than the stack costs, and the
	// median ignores those outliers where the mean does not.
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "x-vs-plain")
	b.ReportMetric(float64(stackD)/float64(plainD), "x-vs-plain-mean")
	b.ReportMetric(plainAllocs, "plain-allocs/req")
	b.ReportMetric(stackAllocs, "stack-allocs/req")
}
