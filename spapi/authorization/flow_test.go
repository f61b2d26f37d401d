package authorization

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spgen/spgen/spapi"
)

const (
	appID        = "amzn1.sp.solution.0a1b2c3d-test"
	clientID     = "amzn1.application-oa2-client.authtest"
	clientSecret = "auth-client-secret-71c3"
	redirectURI  = "https://app.example.com/amazon/callback"
	goodCode     = "oauth-code-5d6e7f"
	issuedToken  = "issued-refresh-token-8a9b"
)

// fakeLWA is a loopback LWA token endpoint for the authorization_code
// grant: it accepts goodCode once, for redirectURI and the client's
// credentials, and records the forms it got.
type fakeLWA struct {
	*httptest.Server
	hits  atomic.Int64
	mu    sync.Mutex
	forms []url.Values
	used  bool
}

func newFakeLWA(t *testing.T) *fakeLWA {
	f := &fakeLWA{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.hits.Add(1)
		r.ParseForm()
		f.mu.Lock()
		defer f.mu.Unlock()
		f.forms = append(f.forms, r.PostForm)
		w.Header().Set("Content-Type", "application/json")
		p := r.PostForm
		if p.Get("grant_type") != "authorization_code" || p.Get("code") != goodCode || f.used ||
			p.Get("redirect_uri") != redirectURI || p.Get("client_id") != clientID || p.Get("client_secret") != clientSecret {
			w.WriteHeader(400)
			json.NewEncoder(w).Encode(map[string]string{"error": "invalid_grant", "error_description": "The authorization code is invalid"})
			return
		}
		f.used = true
		json.NewEncoder(w).Encode(map[string]any{"access_token": "access-x", "refresh_token": issuedToken, "token_type": "bearer", "expires_in": 3600})
	}))
	t.Cleanup(f.Close)
	return f
}

func newFlow(lwa *fakeLWA) (*Flow, *spapi.MemoryCredentials) {
	store := &spapi.MemoryCredentials{}
	return &Flow{ApplicationID: appID, ClientID: clientID, ClientSecret: clientSecret, RedirectURI: redirectURI,
		Draft: true, StateKey: []byte(strings.Repeat("k", 32)), Store: store, TokenURL: lwa.URL}, store
}

// redirect is Amazon sending the browser back with the state from the
// consent URL.
func redirect(t *testing.T, consent, code, partner string) *http.Request {
	t.Helper()
	u, err := url.Parse(consent)
	if err != nil {
		t.Fatal(err)
	}
	q := url.Values{"state": {u.Query().Get("state")}, "spapi_oauth_code": {code}, "selling_partner_id": {partner}}
	return httptest.NewRequest("GET", redirectURI+"?"+q.Encode(), nil)
}

func TestConsentURL(t *testing.T) {
	f, _ := newFlow(newFakeLWA(t))
	central, err := SellerCentral("A1PA6795UKMFR9")
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.ConsentURL(central, "session-1")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(s)
	q := u.Query()
	if u.Host != "sellercentral-europe.amazon.com" || u.Path != "/apps/authorize/consent" || q.Get("application_id") != appID ||
		q.Get("version") != "beta" || q.Get("redirect_uri") != redirectURI || len(q.Get("state")) < 40 {
		t.Fatalf("consent URL %s", s)
	}
	f.Draft = false
	s2, _ := f.ConsentURL(central, "session-1")
	if strings.Contains(s2, "version=") || s2 == s {
		t.Fatalf("published application's URL %s (or the state repeats)", s2)
	}
	if v, err := VendorCentral("ATVPDKIKX0DER"); err != nil || v != "https://vendorcentral.amazon.com" {
		t.Fatal(v, err)
	}
	if _, err := SellerCentral("XX"); err == nil {
		t.Fatal("unknown marketplace accepted")
	}
}

// TestCompleteExchangesAndStores: a genuine redirect exchanges the code
// (authorization_code grant, with redirect_uri) and saves the refresh
// token for the selling partner.
func TestCompleteExchangesAndStores(t *testing.T) {
	lwa := newFakeLWA(t)
	f, store := newFlow(lwa)
	consent, _ := f.ConsentURL("https://sellercentral.amazon.com", "session-1")
	a, err := f.Complete(t.Context(), redirect(t, consent, goodCode, "A3SELLER"), "session-1")
	if err != nil {
		t.Fatal(err)
	}
	if a.SellingPartnerID != "A3SELLER" || a.RefreshToken.Value() != issuedToken {
		t.Fatalf("authorization %+v", a)
	}
	if rt, err := store.RefreshToken(t.Context(), "A3SELLER"); err != nil || rt.Value() != issuedToken {
		t.Fatalf("stored %v, %v", rt, err)
	}
	if form := lwa.forms[0]; form.Get("grant_type") != "authorization_code" || form.Get("redirect_uri") != redirectURI {
		t.Fatalf("exchange form %v", form)
	}
}

// TestForgedAndReplayedStateRefused: a state not issued for the session
// (made up, tampered with, another session's, expired) or used before is
// refused before LWA is asked anything.
func TestForgedAndReplayedStateRefused(t *testing.T) {
	lwa := newFakeLWA(t)
	f, store := newFlow(lwa)
	consent, _ := f.ConsentURL("https://sellercentral.amazon.com", "session-1")
	state := func(s string) string { u, _ := url.Parse(s); return u.Query().Get("state") }
	tampered := []byte(state(consent))
	tampered[3] ^= 1
	short, _ := newFlow(lwa)
	short.StateTTL = time.Second
	old, _ := short.ConsentURL("https://sellercentral.amazon.com", "session-1")
	time.Sleep(1100 * time.Millisecond)
	for name, c := range map[string]struct{ state, session string }{
		"made up":         {"bm90LWEtc3RhdGUtd2UtaXNzdWVk", "session-1"},
		"tampered":        {string(tampered), "session-1"},
		"another session": {state(consent), "session-2"},
		"expired":         {state(old), "session-1"},
		"empty":           {"", "session-1"},
	} {
		req := httptest.NewRequest("GET", redirectURI+"?"+url.Values{"state": {c.state}, "spapi_oauth_code": {goodCode}, "selling_partner_id": {"A3SELLER"}}.Encode(), nil)
		_, err := f.Complete(t.Context(), req, c.session)
		var se *StateError
		if !errors.Is(err, ErrBadState) || !errors.As(err, &se) {
			t.Errorf("%s: err = %v; want ErrBadState", name, err)
		}
	}
	if lwa.hits.Load() != 0 {
		t.Fatalf("LWA asked %d times for refused states", lwa.hits.Load())
	}
	// The genuine redirect works once; its replay is refused.
	if _, err := f.Complete(t.Context(), redirect(t, consent, goodCode, "A3SELLER"), "session-1"); err != nil {
		t.Fatal(err)
	}
	_, err := f.Complete(t.Context(), redirect(t, consent, goodCode, "A3SELLER"), "session-1")
	if !errors.Is(err, ErrReplayedState) || errors.Is(err, ErrBadState) {
		t.Fatalf("replay: err = %v; want ErrReplayedState", err)
	}
	if lwa.hits.Load() != 1 {
		t.Fatalf("LWA asked %d times; the replay must not reach it", lwa.hits.Load())
	}
	if _, err := store.RefreshToken(t.Context(), "A3SELLER"); err != nil {
		t.Fatal(err)
	}
}

// TestExchangeRefusalIsTypedAndScrubbed: LWA refusing the code gives an
// spapi.AuthError whose text holds neither the code nor the secret.
func TestExchangeRefusalIsTypedAndScrubbed(t *testing.T) {
	lwa := newFakeLWA(t)
	f, _ := newFlow(lwa)
	consent, _ := f.ConsentURL("https://sellercentral.amazon.com", "s")
	_, err := f.Complete(t.Context(), redirect(t, consent, "wrong-code-000", "A3SELLER"), "s")
	var ae *spapi.AuthError
	if !errors.As(err, &ae) || ae.Code != "invalid_grant" || strings.Contains(err.Error(), "wrong-code-000") || strings.Contains(err.Error(), clientSecret) {
		t.Fatalf("err = %v", err)
	}
}
