package spapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Credentials used by the tests. They do not look like Amazon's tokens on
// purpose: the log and error tests must prove they never get printed, not
// merely that the token pattern scrubs them.
const (
	testClientID     = "amzn1.application-oa2-client.test0001"
	testClientSecret = "client-secret-4f1d8c2e9a7b"
	testRefreshToken = "refresh-token-77c1e0d5b3a9"
)

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// lwaServer is a loopback Login with Amazon token endpoint speaking the
// real wire format (form-encoded POST, JSON answer).
type lwaServer struct {
	*httptest.Server
	hits      atomic.Int64
	expiresIn atomic.Int64
	delay     time.Duration
	release   chan struct{} // when non-nil, requests wait for it to close
	fail      atomic.Int64  // answer this many requests 500 first

	mu     sync.Mutex
	issued []string
	forms  []map[string][]string
}

func newLWAServer(t *testing.T) *lwaServer {
	s := &lwaServer{}
	s.expiresIn.Store(3600)
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *lwaServer) serve(w http.ResponseWriter, r *http.Request) {
	n := s.hits.Add(1)
	if err := r.ParseForm(); err != nil || r.Method != http.MethodPost {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.forms = append(s.forms, r.PostForm)
	s.mu.Unlock()
	if s.release != nil {
		<-s.release
	}
	time.Sleep(s.delay)
	w.Header().Set("Content-Type", "application/json")
	if s.fail.Add(-1) >= 0 {
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, `{"error":"server_error","error_description":"Internal error"}`)
		return
	}
	f := r.PostForm
	if f.Get("client_id") != testClientID || f.Get("client_secret") != testClientSecret {
		w.WriteHeader(http.StatusUnauthorized)
		// A careless server echoing what it was sent: nothing of it may
		// reach an error text or a log line.
		json.NewEncoder(w).Encode(map[string]string{"error": "invalid_client",
			"error_description": "Client authentication failed for " + f.Get("client_secret") + " / " + f.Get("refresh_token")})
		return
	}
	switch f.Get("grant_type") {
	case "refresh_token":
		if f.Get("refresh_token") != testRefreshToken {
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(map[string]string{"error": "invalid_grant",
				"error_description": "The request has an invalid grant parameter : refresh_token " + f.Get("refresh_token")})
			return
		}
	case "client_credentials":
		if f.Get("scope") == "" {
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(map[string]string{"error": "invalid_scope"})
			return
		}
	default:
		w.WriteHeader(http.StatusBadRequest)
		json.NewEncoder(w).Encode(map[string]string{"error": "unsupported_grant_type"})
		return
	}
	tok := fmt.Sprintf("access-%d-%s", n, randHex(8))
	s.mu.Lock()
	s.issued = append(s.issued, tok)
	s.mu.Unlock()
	out := map[string]any{"access_token": tok, "token_type": "bearer", "expires_in": s.expiresIn.Load()}
	if f.Get("grant_type") == "refresh_token" {
		out["refresh_token"] = testRefreshToken
	}
	json.NewEncoder(w).Encode(out)
}

func (s *lwaServer) tokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.issued...)
}

// fastRetryer keeps the tests quick; the policy is the standard one.
var fastRetryer = StandardRetryer{MaxAttempts: 5, BaseDelay: 5 * time.Millisecond, MaxDelay: 50 * time.Millisecond}

// newTestClient returns a Client calling api with tokens from lwa.
func newTestClient(t *testing.T, lwa *lwaServer, api string, opts ...Option) *Client {
	t.Helper()
	c, err := New(Config{
		Endpoint:     api,
		ClientID:     testClientID,
		ClientSecret: testClientSecret,
		RefreshToken: testRefreshToken,
		TokenURL:     lwa.URL,
	}, append([]Option{WithRetryer(fastRetryer)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// opRequest builds a request carrying op, as generated code does.
func opRequest(t testing.TB, ctx context.Context, op *Operation, url string, body io.Reader) *http.Request {
	t.Helper()
	if op != nil {
		ctx = WithOperation(ctx, op)
	}
	method := http.MethodGet
	if op != nil {
		method = op.Method
	}
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// do sends req and returns the status and body.
func do(t testing.TB, c *Client, req *http.Request) (int, string, error) {
	t.Helper()
	resp, err := c.HTTPClient().Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

var (
	opGetOrders   = &Operation{ID: "getOrders", API: "ordersv0", Method: "GET", Path: "/orders/v0/orders", Rate: 1000, Burst: 1000}
	opGetOrder    = &Operation{ID: "getOrder", API: "ordersv0", Method: "GET", Path: "/orders/v0/orders/{orderId}", Rate: 1000, Burst: 1000, Restricted: true}
	opSendMessage = &Operation{ID: "createConfirmCustomizationDetails", API: "messaging", Method: "POST", Path: "/messaging/v1/orders/{amazonOrderId}/messages/confirmCustomizationDetails", Rate: 1000, Burst: 1000}
)

// writeJSON writes v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func errorsBody(code, msg, details string) map[string]any {
	return map[string]any{"errors": []map[string]string{{"code": code, "message": msg, "details": details}}}
}
