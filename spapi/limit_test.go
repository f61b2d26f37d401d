package spapi

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// bucketServer enforces a token bucket per operation path as the SP-API
// does, answering 429 when it is empty, and records when each accepted
// request arrived.
type bucketServer struct {
	*httptest.Server
	limiter   *rate.Limiter
	announce  string // x-amzn-RateLimit-Limit value, "" for none
	throttled atomic.Int64
	mu        sync.Mutex
	accepted  []time.Time
}

func newBucketServer(t *testing.T, r float64, burst int, announce string) *bucketServer {
	s := &bucketServer{limiter: rate.NewLimiter(rate.Limit(r), burst), announce: announce}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if s.announce != "" {
			w.Header().Set(rateLimitHeader, s.announce)
		}
		if !s.limiter.Allow() {
			s.throttled.Add(1)
			writeJSON(w, 429, errorsBody("QuotaExceeded", "You exceeded your quota for the requested resource.", ""))
			return
		}
		s.mu.Lock()
		s.accepted = append(s.accepted, time.Now())
		s.mu.Unlock()
		writeJSON(w, 200, map[string]any{"payload": "ok"})
	}))
	t.Cleanup(s.Close)
	return s
}

// checkWithinBucket fails if, in any window, more requests arrived than a
// bucket of rate r and burst b allows, plus slack for scheduling jitter.
func checkWithinBucket(t *testing.T, times []time.Time, r float64, b int, slack float64) {
	t.Helper()
	times = slices.Clone(times)
	slices.SortFunc(times, func(x, y time.Time) int { return x.Compare(y) })
	for i := range times {
		for j := i; j < len(times); j++ {
			allowed := float64(b) + r*times[j].Sub(times[i]).Seconds() + slack
			if float64(j-i+1) > allowed {
				t.Fatalf("%d requests in %v; a bucket of rate %v burst %d allows %.1f", j-i+1, times[j].Sub(times[i]), r, b, allowed)
			}
		}
	}
}

// TestThrottleStorm: 100 concurrent callers of an operation with a usage
// plan of 40/s burst 5 all succeed, and the server sees no more than the
// bucket allows.
func TestThrottleStorm(t *testing.T) {
	const r, burst, callers = 40.0, 5, 100
	lwa := newLWAServer(t)
	api := newBucketServer(t, r, burst, "")
	c := newTestClient(t, lwa, api.URL)
	op := &Operation{ID: "getInventorySummaries", API: "fbainventory", Method: "GET", Path: "/fba/inventory/v1/summaries", Rate: r, Burst: burst}

	start := time.Now()
	var wg sync.WaitGroup
	var failed atomic.Int64
	for range callers {
		wg.Go(func() {
			status, body, err := do(t, c, opRequest(t, t.Context(), op, api.URL+op.Path, nil))
			if err != nil || status != 200 {
				failed.Add(1)
				t.Errorf("status %d body %q err %v", status, body, err)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if failed.Load() > 0 {
		t.Fatalf("%d of %d callers failed", failed.Load(), callers)
	}
	checkWithinBucket(t, api.accepted, r, burst, 2)
	if min := time.Duration(float64(callers-burst) / r * float64(time.Second)); elapsed < min*9/10 {
		t.Fatalf("%d requests took %v; the bucket needs %v", callers, elapsed, min)
	}
	t.Logf("%d callers in %v, %d throttled by the server and retried", callers, elapsed, api.throttled.Load())
}

// TestAdaptsToRateLimitHeader: the model's usage plan says 1000/s but the
// server grants 20/s and says so in x-amzn-RateLimit-Limit. The storm is
// absorbed, and the bucket follows the header.
func TestAdaptsToRateLimitHeader(t *testing.T) {
	lwa := newLWAServer(t)
	api := newBucketServer(t, 20, 3, "20.0")
	c := newTestClient(t, lwa, api.URL, WithRetryer(StandardRetryer{MaxAttempts: 10, BaseDelay: 20 * time.Millisecond, MaxDelay: 500 * time.Millisecond}))
	op := &Operation{ID: "getReports", API: "reports20210630", Method: "GET", Path: "/reports/2021-06-30/reports", Rate: 1000, Burst: 3}
	// One request teaches the client the real rate.
	if status, _, err := do(t, c, opRequest(t, t.Context(), op, api.URL+op.Path, nil)); err != nil || status != 200 {
		t.Fatal(status, err)
	}
	var wg sync.WaitGroup
	for range 40 {
		wg.Go(func() {
			if status, body, err := do(t, c, opRequest(t, t.Context(), op, api.URL+op.Path, nil)); err != nil || status != 200 {
				t.Errorf("status %d body %q err %v", status, body, err)
			}
		})
	}
	wg.Wait()
	if n := api.throttled.Load(); n > 5 {
		t.Fatalf("%d requests throttled after the server announced its rate", n)
	}
	checkWithinBucket(t, api.accepted, 20, 3, 2)
}

// TestLimiterWaitHonoursContext: a caller waiting for a token leaves when
// its context is cancelled, and at once when its deadline comes before the
// token would.
func TestLimiterWaitHonoursContext(t *testing.T) {
	l := NewLocalLimiter()
	lim := Limit{Rate: 0.5, Burst: 1}
	if err := l.Wait(t.Context(), "k", lim); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	err := l.Wait(ctx, "k", lim)
	if !errors.Is(err, context.Canceled) || time.Since(start) > time.Second {
		t.Fatalf("err %v after %v; want context.Canceled promptly", err, time.Since(start))
	}
	ctx, cancel2 := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel2()
	start = time.Now()
	err = l.Wait(ctx, "k", lim)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 50*time.Millisecond {
		t.Fatalf("err %v after %v; want DeadlineExceeded without waiting", err, time.Since(start))
	}
}

// TestRateLimitWaitThroughStackHonoursContext: the same through the client:
// an exhausted bucket and a cancelled caller give no request at all.
func TestRateLimitWaitThroughStackHonoursContext(t *testing.T) {
	lwa := newLWAServer(t)
	api, hits := countingServer(t, 200)
	c := newTestClient(t, lwa, api.URL)
	op := &Operation{ID: "getReportDocument", API: "reports20210630", Method: "GET", Path: "/reports/2021-06-30/documents/{id}", Rate: 0.0167, Burst: 1}
	if status, _, err := do(t, c, opRequest(t, t.Context(), op, api.URL+"/reports/2021-06-30/documents/1", nil)); err != nil || status != 200 {
		t.Fatal(status, err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, _, err := do(t, c, opRequest(t, ctx, op, api.URL+"/reports/2021-06-30/documents/2", nil))
	if !errors.Is(err, context.Canceled) || time.Since(start) > time.Second || hits.Load() != 1 {
		t.Fatalf("err %v after %v, %d requests; want context.Canceled promptly and no request", err, time.Since(start), hits.Load())
	}
}

// TestBucketsArePerOperationAndPartner: different operations and sellers
// do not share buckets.
func TestBucketsArePerOperationAndPartner(t *testing.T) {
	lwa := newLWAServer(t)
	api, _ := countingServer(t, 200)
	shared := NewLocalLimiter()
	newClient := func(seller string) *Client {
		c, err := New(Config{Endpoint: api.URL, ClientID: testClientID, ClientSecret: testClientSecret,
			RefreshToken: testRefreshToken, TokenURL: lwa.URL, SellingPartnerID: seller}, WithLimiter(shared))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	a, b := newClient("A1SELLER"), newClient("B2SELLER")
	slow1 := &Operation{ID: "one", API: "x", Method: "GET", Path: "/one", Rate: 0.01, Burst: 1}
	slow2 := &Operation{ID: "two", API: "x", Method: "GET", Path: "/two", Rate: 0.01, Burst: 1}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	for i, call := range []struct {
		c  *Client
		op *Operation
	}{{a, slow1}, {a, slow2}, {b, slow1}, {b, slow2}} {
		if status, _, err := do(t, call.c, opRequest(t, ctx, call.op, api.URL+call.op.Path, nil)); err != nil || status != 200 {
			t.Fatalf("call %d: %d %v; each (seller, operation) has its own bucket", i, status, err)
		}
	}
	if _, _, err := do(t, a, opRequest(t, ctx, slow1, api.URL+"/one", nil)); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second call on an exhausted bucket: %v", err)
	}
	keys := 0
	shared.buckets.Range(func(k, _ any) bool { keys++; return true })
	if keys != 4 {
		t.Fatalf("%d buckets, want 4", keys)
	}
}
