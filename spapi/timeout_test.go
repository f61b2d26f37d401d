package spapi

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// slowServer holds the response headers of the first slow requests for
// delay, and writes the body of every response in pieces over trickle.
func slowServer(t *testing.T, slow int64, delay, trickle time.Duration) (*httptest.Server, *atomic.Int64) {
	var hits atomic.Int64
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) <= slow {
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			}
		}
		w.WriteHeader(200)
		for i := range 5 {
			io.WriteString(w, strings.Repeat(string(rune('a'+i)), 10))
			w.(http.Flusher).Flush()
			time.Sleep(trickle / 5)
		}
	}))
	t.Cleanup(s.Close)
	return s, &hits
}

// TestAttemptTimeoutIsRetried: an attempt whose headers take longer than
// the attempt timeout is cut off and, being a GET, tried again.
func TestAttemptTimeoutIsRetried(t *testing.T) {
	lwa := newLWAServer(t)
	api, hits := slowServer(t, 1, 2*time.Second, 0)
	c := newTestClient(t, lwa, api.URL, WithTimeouts(time.Minute, 100*time.Millisecond))
	start := time.Now()
	status, body, err := do(t, c, opRequest(t, t.Context(), opGetOrders, api.URL+"/orders/v0/orders", nil))
	if err != nil || status != 200 || len(body) != 50 || hits.Load() != 2 {
		t.Fatalf("status %d body %q err %v after %d requests", status, body, err, hits.Load())
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("took %v; the slow attempt was not cut at 100ms", d)
	}
}

// TestAttemptTimeoutPostNotResent: a POST cut off by the attempt timeout
// may have reached the server, so it is not sent again; the caller gets
// a *TimeoutError.
func TestAttemptTimeoutPostNotResent(t *testing.T) {
	lwa := newLWAServer(t)
	api, hits := slowServer(t, 10, 500*time.Millisecond, 0)
	c := newTestClient(t, lwa, api.URL, WithTimeouts(time.Minute, 100*time.Millisecond))
	_, _, err := do(t, c, opRequest(t, t.Context(), opSendMessage, api.URL+"/messaging/v1/orders/1/messages/confirmCustomizationDetails", strings.NewReader(`{}`)))
	var te *TimeoutError
	if !errors.As(err, &te) || te.Call || !IsRetryable(err) || hits.Load() != 1 {
		t.Fatalf("err %v after %d requests; want an attempt TimeoutError after 1", err, hits.Load())
	}
}

// TestCallTimeout: the call timeout ends the call, retries included, with
// an error matching context.DeadlineExceeded.
func TestCallTimeout(t *testing.T) {
	lwa := newLWAServer(t)
	api, _ := slowServer(t, 100, 2*time.Second, 0)
	c := newTestClient(t, lwa, api.URL, WithTimeouts(300*time.Millisecond, 100*time.Millisecond))
	start := time.Now()
	_, _, err := do(t, c, opRequest(t, t.Context(), opGetOrders, api.URL+"/orders/v0/orders", nil))
	if !errors.Is(err, context.DeadlineExceeded) || IsRetryable(err) {
		t.Fatalf("err = %v; want DeadlineExceeded, not retryable", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("returned after %v; want about 300ms", d)
	}
}

// TestTimeoutsSpareTheBody: timeouts bound the wait for headers, not the
// reading of a body that takes longer than both.
func TestTimeoutsSpareTheBody(t *testing.T) {
	lwa := newLWAServer(t)
	api, _ := slowServer(t, 0, 0, 500*time.Millisecond)
	c := newTestClient(t, lwa, api.URL, WithTimeouts(200*time.Millisecond, 100*time.Millisecond))
	status, body, err := do(t, c, opRequest(t, t.Context(), nil, api.URL+"/doc", nil))
	if err != nil || status != 200 || len(body) != 50 {
		t.Fatalf("status %d body %q err %v", status, body, err)
	}
}

// TestCallTimeoutCutsLimiterWait: a call whose limiter turn comes after
// its timeout fails at once instead of waiting to be cut off.
func TestCallTimeoutCutsLimiterWait(t *testing.T) {
	lwa := newLWAServer(t)
	api, hits := countingServer(t, 200)
	c := newTestClient(t, lwa, api.URL, WithTimeouts(300*time.Millisecond, time.Second))
	op := &Operation{ID: "getReports", API: "reports20210630", Method: "GET", Path: "/reports/2021-06-30/reports", Rate: 0.5, Burst: 1}
	if status, _, err := do(t, c, opRequest(t, t.Context(), op, api.URL+op.Path, nil)); err != nil || status != 200 {
		t.Fatal(status, err)
	}
	start := time.Now()
	_, _, err := do(t, c, opRequest(t, t.Context(), op, api.URL+op.Path, nil))
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 100*time.Millisecond || hits.Load() != 1 {
		t.Fatalf("err %v after %v and %d requests; want DeadlineExceeded at once", err, time.Since(start), hits.Load())
	}
}
