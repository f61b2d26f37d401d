package redisstore

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Credentials of the fake application and seller; deliberately unlike
// Amazon's token shapes, so a leak cannot hide behind the token pattern.
const (
	clientID     = "amzn1.application-oa2-client.fleet01"
	clientSecret = "fleet-client-secret-5e2a9c71"
	refreshToken = "fleet-refresh-token-0b8d4f26"
	sellerID     = "A1FLEETSELLER9"
)

// fakeAmazon is a loopback Login with Amazon token endpoint plus an SP-API
// serving createRestrictedDataToken, getOrders (LWA token) and getOrder
// (RDT), speaking the real wire formats and counting token requests.
type fakeAmazon struct {
	*httptest.Server
	lwaHits, rdtHits, apiHits atomic.Int64
	lifetime                  int // seconds, of every token issued

	mu     sync.Mutex
	access map[string]bool
	rdts   map[string]bool
	bad    []string
}

func newFakeAmazon(t *testing.T, lifetime int) *fakeAmazon {
	f := &fakeAmazon{lifetime: lifetime, access: map[string]bool{}, rdts: map[string]bool{}}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (f *fakeAmazon) serve(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/auth/o2/token":
		f.lwaHits.Add(1)
		r.ParseForm()
		if r.PostForm.Get("client_secret") != clientSecret || r.PostForm.Get("refresh_token") != refreshToken {
			writeJSON(w, 400, map[string]string{"error": "invalid_grant"})
			return
		}
		time.Sleep(30 * time.Millisecond) // a real round trip: callers pile up
		tok := "fleet-access-" + randHex(12)
		f.mu.Lock()
		f.access[tok] = true
		f.mu.Unlock()
		writeJSON(w, 200, map[string]any{"access_token": tok, "token_type": "bearer", "expires_in": f.lifetime, "refresh_token": refreshToken})
	case r.URL.Path == "/tokens/2021-03-01/restrictedDataToken":
		f.rdtHits.Add(1)
		f.mu.Lock()
		ok := f.access[r.Header.Get("x-amz-access-token")]
		f.mu.Unlock()
		if !ok {
			writeJSON(w, 403, map[string]any{"errors": []map[string]string{{"code": "Unauthorized", "message": "Access to requested resource is denied."}}})
			return
		}
		time.Sleep(30 * time.Millisecond)
		rdt := "fleet-rdt-" + randHex(12)
		f.mu.Lock()
		f.rdts[rdt] = true
		f.mu.Unlock()
		writeJSON(w, 200, map[string]any{"restrictedDataToken": rdt, "expiresIn": f.lifetime})
	default:
		f.apiHits.Add(1)
		tok := r.Header.Get("x-amz-access-token")
		f.mu.Lock()
		var ok bool
		if strings.HasPrefix(r.URL.Path, "/orders/v0/orders/") {
			ok = f.rdts[tok]
		} else {
			ok = f.access[tok]
		}
		if !ok {
			f.bad = append(f.bad, r.URL.Path)
		}
		f.mu.Unlock()
		if !ok {
			writeJSON(w, 403, map[string]any{"errors": []map[string]string{{"code": "Unauthorized", "message": "Access to requested resource is denied.", "details": "The access token you provided is invalid."}}})
			return
		}
		writeJSON(w, 200, map[string]any{"payload": map[string]any{}})
	}
}

// secrets returns every credential and token the fake has seen issued.
func (f *fakeAmazon) secrets() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := []string{clientSecret, refreshToken}
	for k := range f.access {
		out = append(out, k)
	}
	for k := range f.rdts {
		out = append(out, k)
	}
	return out
}

func (f *fakeAmazon) String() string {
	return fmt.Sprintf("%d LWA, %d RDT, %d API requests", f.lwaHits.Load(), f.rdtHits.Load(), f.apiHits.Load())
}
