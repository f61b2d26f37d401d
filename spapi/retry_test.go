package spapi

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// countingServer answers with statuses in turn (the last one repeats) and
// counts requests.
func countingServer(t *testing.T, statuses ...int) (*httptest.Server, *atomic.Int64) {
	var hits atomic.Int64
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		n := int(hits.Add(1))
		st := statuses[min(n, len(statuses))-1]
		w.Header().Set("x-amzn-RequestId", "req-"+http.StatusText(st))
		if st >= 300 {
			writeJSON(w, st, errorsBody("InternalFailure", "We encountered an internal error.", ""))
			return
		}
		writeJSON(w, st, map[string]any{"payload": "ok"})
	}))
	t.Cleanup(s.Close)
	return s, &hits
}

func TestGet503Then200Succeeds(t *testing.T) {
	lwa := newLWAServer(t)
	api, hits := countingServer(t, 503, 200)
	c := newTestClient(t, lwa, api.URL)
	status, _, err := do(t, c, opRequest(t, t.Context(), opGetOrders, api.URL+"/orders/v0/orders", nil))
	if err != nil || status != 200 || hits.Load() != 2 {
		t.Fatalf("status %d err %v after %d requests; want 200 after 2", status, err, hits.Load())
	}
}

func TestPost500IsNotResent(t *testing.T) {
	lwa := newLWAServer(t)
	api, hits := countingServer(t, 500, 201)
	c := newTestClient(t, lwa, api.URL)
	resp, err := c.HTTPClient().Do(opRequest(t, t.Context(), opSendMessage, api.URL+"/messaging/v1/orders/1/messages/confirmCustomizationDetails", strings.NewReader(`{"text":"hi"}`)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 500 || hits.Load() != 1 {
		t.Fatalf("status %d after %d requests; want 500 after exactly 1", resp.StatusCode, hits.Load())
	}
	err = CheckResponse(resp, nil)
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != 500 || !IsRetryable(err) || e.Operation != "messaging.createConfirmCustomizationDetails" {
		t.Fatalf("err = %v", err)
	}
}

// TestPost429IsResent: a throttled POST was refused unprocessed, so it is
// sent again.
func TestPost429IsResent(t *testing.T) {
	lwa := newLWAServer(t)
	api, hits := countingServer(t, 429, 429, 201)
	c := newTestClient(t, lwa, api.URL)
	status, _, err := do(t, c, opRequest(t, t.Context(), opSendMessage, api.URL+"/messaging/v1/orders/1/messages/confirmCustomizationDetails", strings.NewReader(`{"text":"hi"}`)))
	if err != nil || status != 201 || hits.Load() != 3 {
		t.Fatalf("status %d err %v after %d requests; want 201 after 3", status, err, hits.Load())
	}
}

// TestPostWithIdempotencyKeyIsResent: a POST the server de-duplicates may be
// re-sent after a 500.
func TestPostWithIdempotencyKeyIsResent(t *testing.T) {
	lwa := newLWAServer(t)
	api, hits := countingServer(t, 500, 201)
	c := newTestClient(t, lwa, api.URL)
	req := opRequest(t, t.Context(), opSendMessage, api.URL+"/shipping/v2/shipments", strings.NewReader(`{}`))
	req.Header.Set("x-amzn-IdempotencyKey", "k-1")
	status, _, err := do(t, c, req)
	if err != nil || status != 201 || hits.Load() != 2 {
		t.Fatalf("status %d err %v after %d requests; want 201 after 2", status, err, hits.Load())
	}
}

// hangUpServer reads each request fully, then drops the connection without
// answering: the request reached the server, the client cannot know what
// became of it.
func hangUpServer(t *testing.T, okAfter int64) (*httptest.Server, *atomic.Int64) {
	var hits atomic.Int64
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if hits.Add(1) > okAfter {
			io.WriteString(w, "ok")
			return
		}
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		conn.Close()
	}))
	t.Cleanup(s.Close)
	return s, &hits
}

func TestPostDroppedConnectionIsNotResent(t *testing.T) {
	lwa := newLWAServer(t)
	api, hits := hangUpServer(t, 1)
	c := newTestClient(t, lwa, api.URL)
	_, _, err := do(t, c, opRequest(t, t.Context(), opSendMessage, api.URL+"/messaging/v1/orders/1/messages/confirmCustomizationDetails", strings.NewReader(`{"text":"hi"}`)))
	if err == nil || hits.Load() != 1 {
		t.Fatalf("err %v after %d requests; want an error after exactly 1", err, hits.Load())
	}
}

func TestGetDroppedConnectionIsResent(t *testing.T) {
	lwa := newLWAServer(t)
	api, hits := hangUpServer(t, 1)
	c := newTestClient(t, lwa, api.URL)
	status, body, err := do(t, c, opRequest(t, t.Context(), opGetOrders, api.URL+"/orders/v0/orders", nil))
	if err != nil || status != 200 || body != "ok" || hits.Load() != 2 {
		t.Fatalf("status %d body %q err %v after %d requests", status, body, err, hits.Load())
	}
}

// recordingRetryer records the attempts it is asked about.
type recordingRetryer struct {
	StandardRetryer
	mu       sync.Mutex
	attempts []Attempt
}

func (r *recordingRetryer) Retry(a Attempt) (time.Duration, bool) {
	r.mu.Lock()
	r.attempts = append(r.attempts, a)
	r.mu.Unlock()
	return r.StandardRetryer.Retry(a)
}

// TestUnsentPostIsResent: a POST that never got a connection (nothing
// listens) is safe to send again.
func TestUnsentPostIsResent(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	lwa := newLWAServer(t)
	rec := &recordingRetryer{StandardRetryer: StandardRetryer{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}}
	c := newTestClient(t, lwa, "http://"+addr, WithRetryer(rec))
	_, _, err = do(t, c, opRequest(t, t.Context(), opSendMessage, "http://"+addr+"/messaging/v1/orders/1/messages/confirmCustomizationDetails", strings.NewReader(`{}`)))
	if err == nil {
		t.Fatal("want a connection error")
	}
	if len(rec.attempts) != 3 {
		t.Fatalf("attempts = %d, want 3 (err %v)", len(rec.attempts), err)
	}
	for _, a := range rec.attempts {
		if a.Sent || a.Idempotent || !a.Safe() {
			t.Fatalf("attempt %+v: want unsent, not idempotent, safe", a)
		}
	}
}

// overrideRetryer says yes to everything: the transport must still refuse
// to re-send what is not safe.
type overrideRetryer struct{}

func (overrideRetryer) Retry(Attempt) (time.Duration, bool) { return time.Millisecond, true }

func TestUnsafeResendRefusedWhateverTheRetryer(t *testing.T) {
	lwa := newLWAServer(t)
	api, hits := countingServer(t, 500, 500, 500, 201)
	c := newTestClient(t, lwa, api.URL, WithRetryer(overrideRetryer{}))
	status, _, err := do(t, c, opRequest(t, t.Context(), opSendMessage, api.URL+"/x", strings.NewReader(`{}`)))
	if err != nil || status != 500 || hits.Load() != 1 {
		t.Fatalf("status %d err %v after %d requests; want 500 after 1", status, err, hits.Load())
	}
}

func TestNonRewindableBodyNotResent(t *testing.T) {
	lwa := newLWAServer(t)
	api, hits := countingServer(t, 503, 200)
	c := newTestClient(t, lwa, api.URL)
	op := &Operation{ID: "putThing", API: "x", Method: "PUT", Path: "/x", Rate: 100, Burst: 10}
	req := opRequest(t, t.Context(), op, api.URL+"/x", io.MultiReader(strings.NewReader("a")))
	req.Header.Set("x-amzn-IdempotencyKey", "k")
	status, _, err := do(t, c, req)
	if err != nil || status != 503 || hits.Load() != 1 {
		t.Fatalf("status %d err %v after %d requests; want 503 after 1", status, err, hits.Load())
	}
}

func TestRetriesGiveUpAfterMaxAttempts(t *testing.T) {
	lwa := newLWAServer(t)
	api, hits := countingServer(t, 503)
	c := newTestClient(t, lwa, api.URL)
	status, _, err := do(t, c, opRequest(t, t.Context(), opGetOrders, api.URL+"/orders/v0/orders", nil))
	if err != nil || status != 503 || hits.Load() != int64(fastRetryer.MaxAttempts) {
		t.Fatalf("status %d err %v after %d requests; want 503 after %d", status, err, hits.Load(), fastRetryer.MaxAttempts)
	}
}

func TestRetryWaitHonoursContext(t *testing.T) {
	lwa := newLWAServer(t)
	api, hits := countingServer(t, 503)
	c := newTestClient(t, lwa, api.URL, WithRetryer(StandardRetryer{BaseDelay: 10 * time.Second, MaxDelay: 10 * time.Second}))
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, _, err := do(t, c, opRequest(t, ctx, opGetOrders, api.URL+"/orders/v0/orders", nil))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v; want context.Canceled", err)
	}
	if d := time.Since(start); d > 2*time.Second || hits.Load() != 1 {
		t.Fatalf("returned after %v and %d requests", d, hits.Load())
	}
}

func TestStandardRetryerBackoff(t *testing.T) {
	r := StandardRetryer{MaxAttempts: 10, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}
	resp := &http.Response{StatusCode: 503, Header: http.Header{}}
	for n := 1; n < 10; n++ {
		full := min(100*time.Millisecond<<(n-1), time.Second)
		for range 200 {
			d, ok := r.Retry(Attempt{Number: n, Response: resp, Idempotent: true, Sent: true})
			if !ok || d < full/2 || d > full {
				t.Fatalf("attempt %d: delay %v ok %v; want within [%v, %v]", n, d, ok, full/2, full)
			}
		}
	}
	if _, ok := r.Retry(Attempt{Number: 10, Response: resp, Idempotent: true, Sent: true}); ok {
		t.Fatal("retried past MaxAttempts")
	}
	resp.Header.Set("Retry-After", "3")
	if d, _ := r.Retry(Attempt{Number: 1, Response: resp, Idempotent: true, Sent: true}); d != time.Second {
		t.Fatalf("Retry-After 3 capped by MaxDelay 1s: got %v", d)
	}
	for _, st := range []int{200, 400, 404, 409} {
		if _, ok := r.Retry(Attempt{Number: 1, Response: &http.Response{StatusCode: st}, Idempotent: true, Sent: true}); ok {
			t.Fatalf("status %d retried", st)
		}
	}
	if _, ok := r.Retry(Attempt{Number: 1, Err: &AuthError{Code: "invalid_grant"}, Idempotent: true}); ok {
		t.Fatal("auth error retried")
	}
	if _, ok := r.Retry(Attempt{Number: 1, Response: &http.Response{StatusCode: 502}, Sent: true}); ok {
		t.Fatal("sent non-idempotent 502 retried")
	}
}

// TestStandardRetryerJitter: the random half of each backoff comes from
// Jitter when given (the fixed half and the cap stay).
func TestStandardRetryerJitter(t *testing.T) {
	var asked []time.Duration
	r := StandardRetryer{BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second, Jitter: func(n time.Duration) time.Duration {
		asked = append(asked, n)
		return n - 1
	}}
	resp := &http.Response{StatusCode: 503, Header: http.Header{}, Request: &http.Request{Method: "GET"}}
	var got []time.Duration
	for n := 1; n <= 4; n++ {
		d, ok := r.Retry(Attempt{Number: n, Request: resp.Request, Response: resp})
		if !ok {
			t.Fatalf("attempt %d not retried", n)
		}
		got = append(got, d)
	}
	want := []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond}
	wantAsked := []time.Duration{50*time.Millisecond + 1, 100*time.Millisecond + 1, 200*time.Millisecond + 1, 400*time.Millisecond + 1}
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(asked, wantAsked) {
		t.Fatalf("backoffs %v (jitter asked %v), want %v (%v)", got, asked, want, wantAsked)
	}
}
