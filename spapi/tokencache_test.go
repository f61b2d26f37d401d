package spapi

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// TestMemoryTokenCacheSharedByClients: two Clients for one seller sharing
// a MemoryTokenCache make one LWA and one RDT request between them, and
// the cache holds neither a credential nor a token in readable form.
func TestMemoryTokenCacheSharedByClients(t *testing.T) {
	lwa := newLWAServer(t)
	api := newRDTAPI(t, lwa)
	cache := NewMemoryTokenCache()
	var wg sync.WaitGroup
	for range 2 {
		c := newTestClient(t, lwa, api.URL, WithTokenCache(cache))
		for range 20 {
			wg.Go(func() {
				for _, op := range []*Operation{opGetOrders, opGetOrder} {
					status, body, err := do(t, c, opRequest(t, t.Context(), op, api.URL+"/orders/v0/orders/1", nil))
					if err != nil || (status != 200 && op == opGetOrder) || (status != 403 && op == opGetOrders) {
						t.Errorf("%s: status %d body %q err %v", op.ID, status, body, err)
					}
				}
			})
		}
		wg.Wait() // the second client starts with a warm shared cache
	}
	if lwa.hits.Load() != 1 || api.rdtCalls.Load() != 1 {
		t.Fatalf("%d LWA and %d RDT requests; want 1 and 1", lwa.hits.Load(), api.rdtCalls.Load())
	}
	secrets := append([]string{testClientID, testClientSecret, testRefreshToken, "sellingpartner", "orders"}, lwa.tokens()...)
	for rdt := range api.rdts {
		secrets = append(secrets, rdt)
	}
	cache.mu.Lock()
	defer cache.mu.Unlock()
	if len(cache.entries) != 2 {
		t.Fatalf("cache has %d entries, want 2", len(cache.entries))
	}
	for k, e := range cache.entries {
		for _, s := range secrets {
			if strings.Contains(k, s) || bytes.Contains(e.value, []byte(s)) {
				t.Fatalf("cache entry %q holds %q readably", k, s)
			}
		}
	}
}

// failingCache is a TokenCache that is down: every call fails, or, with
// hang, blocks until its context ends.
type failingCache struct {
	hang  bool
	mu    sync.Mutex
	calls int
}

func (f *failingCache) fail(ctx context.Context) error {
	f.mu.Lock()
	f.calls++
	f.mu.Unlock()
	if f.hang {
		<-ctx.Done()
		return ctx.Err()
	}
	return errors.New("dial tcp 127.0.0.1:6379: connect: connection refused")
}

func (f *failingCache) Get(ctx context.Context, key string) ([]byte, error) { return nil, f.fail(ctx) }
func (f *failingCache) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	return f.fail(ctx)
}
func (f *failingCache) Delete(ctx context.Context, key string) error { return f.fail(ctx) }
func (f *failingCache) Lease(ctx context.Context, key string, ttl time.Duration) (func(), bool, error) {
	return nil, false, f.fail(ctx)
}

// TestTokenCacheOutageNeverFailsACall: with the shared cache refusing
// connections or hanging, calls still succeed with locally fetched tokens,
// promptly, and the outage is logged with a warning, not once per call.
func TestTokenCacheOutageNeverFailsACall(t *testing.T) {
	for _, hang := range []bool{false, true} {
		t.Run(map[bool]string{false: "refused", true: "hanging"}[hang], func(t *testing.T) {
			lwa := newLWAServer(t)
			lwa.expiresIn.Store(1) // every call needs a fresh token
			api, _ := countingServer(t, 200)
			var logs bytes.Buffer
			var mu sync.Mutex
			log := slog.New(slog.NewTextHandler(lockedWriter{&mu, &logs}, &slog.HandlerOptions{Level: slog.LevelWarn}))
			cache := &failingCache{hang: hang}
			c := newTestClient(t, lwa, api.URL, WithTokenCache(cache), WithLogger(log))
			start := time.Now()
			for range 3 {
				status, body, err := do(t, c, opRequest(t, t.Context(), opGetOrders, api.URL+"/orders/v0/orders", nil))
				if err != nil || status != 200 {
					t.Fatalf("status %d body %q err %v", status, body, err)
				}
				time.Sleep(600 * time.Millisecond) // the token is past half its life
			}
			if d := time.Since(start) - 3*600*time.Millisecond; d > 3*time.Second {
				t.Fatalf("3 calls spent %v beyond their pauses; a slow cache must be cut short", d)
			}
			mu.Lock()
			defer mu.Unlock()
			warnings := strings.Count(logs.String(), "token cache unavailable")
			if cache.calls == 0 || warnings == 0 || warnings > 2 {
				t.Fatalf("%d cache calls, %d warnings:\n%s", cache.calls, warnings, logs.String())
			}
			if lwa.hits.Load() < 2 {
				t.Fatalf("%d LWA requests; tokens were not refreshed", lwa.hits.Load())
			}
		})
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// TestTokenCacheNeedsAKey: a shared cache without a client secret or a
// key is a configuration error, not an unencrypted cache.
func TestTokenCacheNeedsAKey(t *testing.T) {
	_, err := New(Config{Endpoint: "http://127.0.0.1:1"}, WithTokenSource(TokenSourceFunc(nil)), WithTokenCache(NewMemoryTokenCache()))
	if err == nil || !strings.Contains(err.Error(), "WithTokenCacheKey") {
		t.Fatalf("err = %v", err)
	}
}

// TestShortLivedTokensShared: a token living 2 s, fresh in the shared
// cache, is used by another client rather than fetched again (the shared
// cache applies the same half-lifetime margin as the in-process one, not
// the 60 s margin of hour-long tokens).
func TestShortLivedTokensShared(t *testing.T) {
	lwa := newLWAServer(t)
	lwa.expiresIn.Store(2)
	api, _ := countingServer(t, 200)
	cache := NewMemoryTokenCache()
	for range 2 {
		c := newTestClient(t, lwa, api.URL, WithTokenCache(cache))
		if status, _, err := do(t, c, opRequest(t, t.Context(), opGetOrders, api.URL+"/orders/v0/orders", nil)); err != nil || status != 200 {
			t.Fatal(status, err)
		}
	}
	if n := lwa.hits.Load(); n != 1 {
		t.Fatalf("%d LWA requests for two clients sharing a fresh 2 s token; want 1", n)
	}
}

// TestLeaseHolderDies: a process that took the fetch lease and died
// holds the others up only until the lease lapses; then one of them
// fetches, once.
func TestLeaseHolderDies(t *testing.T) {
	cache := NewMemoryTokenCache()
	s, err := newSharedTokens(cache, []byte("lease-test-secret-000111"), discardLogger, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	s.leaseTTL = 200 * time.Millisecond
	if _, ok, _ := cache.Lease(t.Context(), s.key("id"), s.leaseTTL); !ok { // the dead holder
		t.Fatal("lease not taken")
	}
	var fetches atomic.Int64
	src := func(context.Context) (*oauth2.Token, error) {
		fetches.Add(1)
		return &oauth2.Token{AccessToken: "fresh-after-lapse", Expiry: time.Now().Add(time.Hour)}, nil
	}
	start := time.Now()
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			tok, err := s.fetch(t.Context(), "id", src)
			if err != nil || tok.AccessToken != "fresh-after-lapse" {
				t.Errorf("%v %v", tok, err)
			}
		})
	}
	wg.Wait()
	if d := time.Since(start); d < 150*time.Millisecond || d > 2*time.Second {
		t.Fatalf("waited %v; want about the lease's 200ms", d)
	}
	if fetches.Load() != 1 {
		t.Fatalf("%d fetches after the lease lapsed; want 1", fetches.Load())
	}
}
