package spapi

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// unreachableLWA returns token URLs that fail at the transport level in
// the ways an outage does: nothing listening, a connection closed without
// an answer (EOF), and a connection reset.
func unreachableLWA(t *testing.T) map[string]string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + l.Addr().String() + "/auth/o2/token"
	l.Close()
	hangUp := func(reset bool) string {
		s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			if tc, ok := conn.(*net.TCPConn); ok && reset {
				tc.SetLinger(0) // close with RST
			}
			conn.Close()
		}))
		t.Cleanup(s.Close)
		return s.URL + "/auth/o2/token"
	}
	return map[string]string{"refused": refused, "EOF": hangUp(false), "reset": hangUp(true)}
}

// TestLWAUnreachableIsNotAuth: when the token endpoint cannot be reached
// the call fails as a network failure, retryable, and never as an auth
// failure (an application re-authorising sellers on IsAuth would do so
// during every outage).
func TestLWAUnreachableIsNotAuth(t *testing.T) {
	api, hits := countingServer(t, 200)
	for name, tokenURL := range unreachableLWA(t) {
		t.Run(name, func(t *testing.T) {
			rec := &recordingRetryer{StandardRetryer: StandardRetryer{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}}
			c, err := New(Config{Endpoint: api.URL, ClientID: testClientID, ClientSecret: testClientSecret,
				RefreshToken: testRefreshToken, TokenURL: tokenURL}, WithRetryer(rec))
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = do(t, c, opRequest(t, t.Context(), opGetOrders, api.URL+"/orders/v0/orders", nil))
			if err == nil {
				t.Fatal("call succeeded without a token")
			}
			if IsAuth(err) {
				t.Fatalf("IsAuth(%v) = true for an unreachable token endpoint", err)
			}
			var ae *AuthError
			if errors.As(err, &ae) {
				t.Fatalf("err = %v: an *AuthError for a transport failure", err)
			}
			var ne *NetworkError
			if !errors.As(err, &ne) || !IsNetwork(err) || !IsRetryable(err) {
				t.Fatalf("err = %v (%T); want a retryable *NetworkError", err, err)
			}
			if len(rec.attempts) != 3 {
				t.Fatalf("%d attempts; a network failure must be retried (want 3)", len(rec.attempts))
			}
		})
	}
	if hits.Load() != 0 {
		t.Fatalf("API called %d times without a token", hits.Load())
	}
}

// TestLWAServerErrorsAreNotAuth: a token endpoint answering 500 or 429 is
// in trouble; the credentials are not at fault.
func TestLWAServerErrorsAreNotAuth(t *testing.T) {
	lwa := newLWAServer(t)
	lwa.fail.Store(1 << 30)
	api, _ := countingServer(t, 200)
	c := newTestClient(t, lwa, api.URL, WithRetryer(StandardRetryer{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}))
	_, _, err := do(t, c, opRequest(t, t.Context(), opGetOrders, api.URL+"/orders/v0/orders", nil))
	var ae *AuthError
	if !errors.As(err, &ae) || ae.StatusCode != 500 || IsAuth(err) || !IsRetryable(err) {
		t.Fatalf("err = %v; want a retryable, non-auth AuthError 500", err)
	}
}

// TestLWARefusalsAreAuth: invalid_grant (a revoked refresh token) and
// invalid_client stay auth failures.
func TestLWARefusalsAreAuth(t *testing.T) {
	lwa := newLWAServer(t)
	api, _ := countingServer(t, 200)
	for name, cfg := range map[string]Config{
		"invalid_grant":  {RefreshToken: "refresh-token-revoked-000111", ClientSecret: testClientSecret},
		"invalid_client": {RefreshToken: testRefreshToken, ClientSecret: "wrong-client-secret-222333"},
	} {
		t.Run(name, func(t *testing.T) {
			cfg.Endpoint, cfg.ClientID, cfg.TokenURL = api.URL, testClientID, lwa.URL
			c, err := New(cfg, WithRetryer(fastRetryer))
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = do(t, c, opRequest(t, t.Context(), opGetOrders, api.URL+"/orders/v0/orders", nil))
			var ae *AuthError
			if !errors.As(err, &ae) || ae.Code != name || !IsAuth(err) || IsRetryable(err) || IsNetwork(err) {
				t.Fatalf("err = %v; want a non-retryable auth error %s", err, name)
			}
		})
	}
}
