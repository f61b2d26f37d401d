package spapi

import (
	"net/http"
	"strings"
	"sync"
	"testing"
)

// TestMiddlewareSteps: middleware at each step runs where its step says:
// StepCall once per call around the retries, StepAttempt per attempt
// before authentication, StepSend per attempt with the token on the
// request; in the order added within a step.
func TestMiddlewareSteps(t *testing.T) {
	lwa := newLWAServer(t)
	api, hits := countingServer(t, 503, 200)
	var mu sync.Mutex
	var trace []string
	mark := func(name string, check func(*http.Request) string) Middleware {
		return func(next http.RoundTripper) http.RoundTripper {
			return roundTripFunc(func(req *http.Request) (*http.Response, error) {
				mu.Lock()
				trace = append(trace, name+check(req))
				mu.Unlock()
				return next.RoundTrip(req)
			})
		}
	}
	token := func(req *http.Request) string {
		if req.Header.Get("x-amz-access-token") != "" {
			return "+token"
		}
		return "-token"
	}
	stats := func(req *http.Request) string {
		if CallStatsFromContext(req.Context()) != nil {
			return "+stats"
		}
		return ""
	}
	var got *CallStats
	c := newTestClient(t, lwa, api.URL,
		WithMiddleware(StepSend, "send", mark("send", token)),
		WithMiddleware(StepCall, "call1", func(next http.RoundTripper) http.RoundTripper {
			return roundTripFunc(func(req *http.Request) (*http.Response, error) {
				ctx, s := WithCallStats(req.Context())
				got = s
				return mark("call1", stats)(next).RoundTrip(req.WithContext(ctx))
			})
		}),
		WithMiddleware(StepAttempt, "attempt", mark("attempt", token)),
		WithMiddleware(StepCall, "call2", mark("call2", stats)),
	)
	status, _, err := do(t, c, opRequest(t, t.Context(), opGetOrders, api.URL+"/orders/v0/orders", nil))
	if err != nil || status != 200 || hits.Load() != 2 {
		t.Fatalf("status %d err %v after %d requests", status, err, hits.Load())
	}
	want := "call1+stats call2+stats attempt-token send+token attempt-token send+token"
	if g := strings.Join(trace, " "); g != want {
		t.Fatalf("steps ran as\n%s\nwant\n%s", g, want)
	}
	if got.Attempts() != 2 || got.Throttles() != 0 || got.RetryBudgetSpent() {
		t.Fatalf("stats: %d attempts, %d throttles", got.Attempts(), got.Throttles())
	}
}

// TestMiddlewareMistakes: an unknown step, a nil middleware or a name
// used twice in a step is a configuration error.
func TestMiddlewareMistakes(t *testing.T) {
	id := func(next http.RoundTripper) http.RoundTripper { return next }
	for name, opts := range map[string][]Option{
		"unknown step": {WithMiddleware("deserialize", "x", id)},
		"nil":          {WithMiddleware(StepSend, "x", nil)},
		"twice":        {WithMiddleware(StepSend, "x", id), WithMiddleware(StepSend, "x", id)},
	} {
		_, err := New(Config{Endpoint: "http://127.0.0.1:1", ClientID: testClientID, ClientSecret: testClientSecret, RefreshToken: testRefreshToken}, opts...)
		if err == nil || !strings.Contains(err.Error(), `"x"`) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	if _, err := New(Config{Endpoint: "http://127.0.0.1:1", ClientID: testClientID, ClientSecret: testClientSecret, RefreshToken: testRefreshToken},
		WithMiddleware(StepSend, "x", id), WithMiddleware(StepCall, "x", id)); err != nil {
		t.Errorf("one name at two steps: %v", err)
	}
}
