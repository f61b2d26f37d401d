package spapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// fleetAmazon is a loopback LWA + SP-API for many sellers: refresh token
// "rt-<seller>" is valid for each seller except revoked, and the API
// answers each seller's requests with its ID.
type fleetAmazon struct {
	*httptest.Server
	revoked string
	lwaHits atomic.Int64

	mu    sync.Mutex
	owner map[string]string // access token → seller
	sent  map[string][]time.Time
}

func newFleetAmazon(t *testing.T, revoked string) *fleetAmazon {
	f := &fleetAmazon{revoked: revoked, owner: map[string]string{}, sent: map[string][]time.Time{}}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fleetAmazon) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/auth/o2/token" {
		f.lwaHits.Add(1)
		r.ParseForm()
		rt := r.PostForm.Get("refresh_token")
		seller, ok := strings.CutPrefix(rt, "rt-")
		f.mu.Lock()
		revoked := f.revoked
		f.mu.Unlock()
		if !ok || seller == revoked || r.PostForm.Get("client_secret") != testClientSecret {
			writeJSON(w, 400, map[string]string{"error": "invalid_grant", "error_description": "The request has an invalid grant parameter : refresh_token"})
			return
		}
		tok := "access-" + seller + "-" + randHex(6)
		f.mu.Lock()
		f.owner[tok] = seller
		f.mu.Unlock()
		writeJSON(w, 200, map[string]any{"access_token": tok, "token_type": "bearer", "expires_in": 3600})
		return
	}
	f.mu.Lock()
	seller, ok := f.owner[r.Header.Get("x-amz-access-token")]
	f.mu.Unlock()
	if !ok {
		writeJSON(w, 403, errorsBody("Unauthorized", "Access to requested resource is denied.", ""))
		return
	}
	writeJSON(w, 200, map[string]any{"payload": seller})
}

// record notes, as the shared transport sends it, which seller a request
// is for (by its token).
func (f *fleetAmazon) record(req *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if s, ok := f.owner[req.Header.Get("x-amz-access-token")]; ok {
		f.sent[s] = append(f.sent[s], time.Now())
	}
}

// TestFleetManySellers: 50 sellers x 20 concurrent callers through one
// Fleet (one transport, token cache, limiter, retry budget). Each
// seller has a bucket of its own and its calls follow it (checked on the
// grants' due times), each seller's
// token is fetched once, and the one revoked seller's callers fail with
// ErrRevoked naming it while the other 49 are untouched.
func TestFleetManySellers(t *testing.T) {
	const sellers, callers, r, burst = 50, 20, 10.0, 3
	revoked := "A0SELLER13"
	amazon := newFleetAmazon(t, revoked)
	creds := &MemoryCredentials{}
	ids := make([]string, sellers)
	for i := range ids {
		ids[i] = fmt.Sprintf("A0SELLER%02d", i)
		creds.SaveRefreshToken(t.Context(), ids[i], Secret("rt-"+ids[i]))
	}
	grants := &grantLimiter{lims: map[string]*rate.Limiter{}, times: map[string][]time.Time{}}
	var sends atomic.Int64
	base := http.DefaultTransport
	shared := roundTripFunc(func(req *http.Request) (*http.Response, error) {
		sends.Add(1)
		amazon.record(req)
		return base.RoundTrip(req)
	})
	fleet, err := NewFleet(Config{Endpoint: amazon.URL, TokenURL: amazon.URL + "/auth/o2/token", ClientID: testClientID, ClientSecret: testClientSecret},
		creds, WithTransport(shared), WithRetryer(fastRetryer), WithLimiter(grants))
	if err != nil {
		t.Fatal(err)
	}
	if fleet.Seller(ids[0]) != fleet.Seller(ids[0]) {
		t.Fatal("Seller returned two Clients for one seller")
	}
	op := &Operation{ID: "getInventorySummaries", API: "fbainventory", Method: "GET", Path: "/fba/inventory/v1/summaries", Rate: r, Burst: burst}
	var mu sync.Mutex
	outcomes := map[string][]string{}
	var wg sync.WaitGroup
	start := time.Now()
	for _, id := range ids {
		c := fleet.Seller(id)
		for range callers {
			wg.Go(func() {
				status, body, err := do(t, c, opRequest(t, t.Context(), op, amazon.URL+op.Path, nil))
				out := fmt.Sprint(status, " ", strings.TrimSpace(body))
				if err != nil {
					var ae *AuthError
					if errors.Is(err, ErrRevoked) && errors.As(err, &ae) && ae.SellingPartnerID == id && IsAuth(err) && strings.Contains(err.Error(), id) {
						out = "revoked"
					} else {
						out = err.Error()
					}
				}
				mu.Lock()
				outcomes[id] = append(outcomes[id], out)
				mu.Unlock()
			})
		}
	}
	wg.Wait()
	for _, id := range ids {
		want := fmt.Sprintf(`200 {"payload":%q}`, id)
		if id == revoked {
			want = "revoked"
		}
		for _, got := range outcomes[id] {
			if got != want {
				t.Fatalf("seller %s: outcome %q, want %q", id, got, want)
			}
		}
		if id != revoked {
			if len(amazon.sent[id]) != callers {
				t.Fatalf("seller %s: %d requests sent, want %d", id, len(amazon.sent[id]), callers)
			}
			checkWithinBucket(t, grants.times[id+"/"+strings.TrimPrefix(amazon.URL, "http://")+"/fbainventory.getInventorySummaries"], r, burst, 0.01)
		}
	}
	if n := amazon.lwaHits.Load(); n < sellers || n > sellers-1+callers {
		t.Fatalf("%d LWA requests; want one per good seller plus at most one per revoked caller", n)
	}
	if n := sends.Load(); n < amazon.lwaHits.Load()+int64((sellers-1)*callers) {
		t.Fatalf("%d requests through the shared transport; all must pass through it", n)
	}
	// One bucket for all would need (sellers*callers-burst)/r = 100 s.
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("%v for %d calls: the sellers do not have buckets of their own", d, sellers*callers)
	}
	t.Logf("%d sellers x %d callers in %v: %d LWA requests, every bucket kept, %d revoked callers failed alone",
		sellers, callers, time.Since(start), amazon.lwaHits.Load(), len(outcomes[revoked]))
}

// grantLimiter is a token-bucket Limiter (x/time/rate, one bucket per
// key) that records the time each grant is due, fixed when it is
// reserved: a record of the schedule the stack was given, free of the
// wake-up jitter of a loaded machine.
type grantLimiter struct {
	mu    sync.Mutex
	lims  map[string]*rate.Limiter
	times map[string][]time.Time
}

func (g *grantLimiter) Wait(ctx context.Context, key string, l Limit) error {
	g.mu.Lock()
	lim := g.lims[key]
	if lim == nil {
		lim = rate.NewLimiter(rate.Limit(l.Rate), l.Burst)
		g.lims[key] = lim
	}
	now := time.Now()
	due := now.Add(lim.ReserveN(now, 1).DelayFrom(now))
	g.times[key] = append(g.times[key], due)
	g.mu.Unlock()
	return RealClock{}.Sleep(ctx, time.Until(due))
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestRevokedSellerDoesNotHammerLWA: once LWA has refused a seller's
// refresh token, that seller's further calls fail at once with the same
// ErrRevoked error for 30 s instead of each asking LWA again; other
// sellers are unaffected.
func TestRevokedSellerDoesNotHammerLWA(t *testing.T) {
	amazon := newFleetAmazon(t, "A0REVOKED")
	creds := &MemoryCredentials{}
	creds.SaveRefreshToken(t.Context(), "A0REVOKED", "rt-A0REVOKED")
	creds.SaveRefreshToken(t.Context(), "A0GOOD", "rt-A0GOOD")
	var mu sync.Mutex
	now := time.Now()
	fleet, err := NewFleet(Config{Endpoint: amazon.URL, TokenURL: amazon.URL + "/auth/o2/token", ClientID: testClientID, ClientSecret: testClientSecret},
		creds, WithRetryer(fastRetryer), func(o *options) { o.now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now } })
	if err != nil {
		t.Fatal(err)
	}
	op := opGetOrders
	for range 5 {
		_, _, err := do(t, fleet.Seller("A0REVOKED"), opRequest(t, t.Context(), op, amazon.URL+op.Path, nil))
		if !errors.Is(err, ErrRevoked) {
			t.Fatalf("err = %v; want ErrRevoked", err)
		}
	}
	if n := amazon.lwaHits.Load(); n != 1 {
		t.Fatalf("%d LWA requests for 5 calls of a revoked seller; want 1", n)
	}
	if status, _, err := do(t, fleet.Seller("A0GOOD"), opRequest(t, t.Context(), op, amazon.URL+op.Path, nil)); err != nil || status != 200 {
		t.Fatalf("good seller: %d %v", status, err)
	}
	mu.Lock()
	now = now.Add(31 * time.Second)
	mu.Unlock()
	do(t, fleet.Seller("A0REVOKED"), opRequest(t, t.Context(), op, amazon.URL+op.Path, nil))
	if n := amazon.lwaHits.Load(); n != 3 {
		t.Fatalf("%d LWA requests after 31 s; want the revoked seller asked again (3 in all)", n)
	}
	// The seller authorises again: Forget makes the new token count at
	// once.
	amazon.mu.Lock()
	amazon.revoked = ""
	amazon.mu.Unlock()
	fleet.Forget("A0REVOKED")
	if status, _, err := do(t, fleet.Seller("A0REVOKED"), opRequest(t, t.Context(), op, amazon.URL+op.Path, nil)); err != nil || status != 200 {
		t.Fatalf("after Forget: %d %v", status, err)
	}
}
