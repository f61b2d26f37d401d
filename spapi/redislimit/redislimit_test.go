package redislimit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapi/internal/redistest"
	"golang.org/x/oauth2"
	"golang.org/x/time/rate"
)

// redisAddr is the loopback redis-server TestMain starts.
var redisAddr string

// TestMain starts a real redis-server on a free loopback port for the
// tests, without persistence, and stops it afterwards. A missing
// redis-server fails the tests, naming the Debian package; .ci/run
// installs it.
func TestMain(m *testing.M) {
	s, err := redistest.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "redislimit:", err)
		os.Exit(1)
	}
	redisAddr = s.Addr
	code := m.Run()
	s.Close()
	os.Exit(code)
}

// newRedis returns a client of its own, as a separate worker would have.
func newRedis(t *testing.T) *redis.Client {
	rdb := redis.NewClient(&redis.Options{Addr: redisAddr, PoolSize: 64})
	t.Cleanup(func() { rdb.Close() })
	return rdb
}

// withinBucket fails if, in any window, more grants happened than a bucket
// of rate r and burst b allows, plus slack.
func withinBucket(t *testing.T, times []time.Time, r float64, b int, slack float64) {
	t.Helper()
	times = slices.Clone(times)
	slices.SortFunc(times, func(x, y time.Time) int { return x.Compare(y) })
	for i := range times {
		for j := i; j < len(times); j++ {
			if allowed := float64(b) + r*times[j].Sub(times[i]).Seconds() + slack; float64(j-i+1) > allowed {
				t.Fatalf("%d grants in %v; a bucket of rate %v burst %d allows %.1f", j-i+1, times[j].Sub(times[i]), r, b, allowed)
			}
		}
	}
}

// TestSharedBucket: three workers, each with its own Redis connection,
// share one bucket: together they get burst + rate·t tokens, no more.
func TestSharedBucket(t *testing.T) {
	const r, burst, total = 25.0, 5, 60
	key := "shared-" + t.Name()
	var mu sync.Mutex
	var grants []time.Time
	start := time.Now()
	var wg sync.WaitGroup
	for w := range 3 {
		l := New(newRedis(t))
		for range total / 3 {
			wg.Go(func() {
				if err := l.Wait(t.Context(), key, spapi.Limit{Rate: r, Burst: burst}); err != nil {
					t.Errorf("worker %d: %v", w, err)
					return
				}
				mu.Lock()
				grants = append(grants, time.Now())
				mu.Unlock()
			})
		}
	}
	wg.Wait()
	elapsed := time.Since(start)
	if len(grants) != total {
		t.Fatalf("%d grants, want %d", len(grants), total)
	}
	withinBucket(t, grants, r, burst, 1.5)
	want := time.Duration(float64(total-burst) / r * float64(time.Second))
	if elapsed < want*9/10 {
		t.Fatalf("%d tokens in %v; the bucket needs %v", total, elapsed, want)
	}
	t.Logf("%d tokens across 3 workers in %v (bucket minimum %v)", total, elapsed, want)
	ttl, err := newRedis(t).PTTL(t.Context(), New(nil).Key(key)).Result()
	if err != nil || ttl <= 0 || ttl > 2*time.Second {
		t.Fatalf("bucket key TTL = %v, %v; want a short expiry", ttl, err)
	}
}

// TestWaitHonoursContext: a cancelled waiter leaves at once and gives its
// token back; a deadline before the token's time fails without waiting
// and without taking it.
func TestWaitHonoursContext(t *testing.T) {
	l := New(newRedis(t))
	key := "ctx-" + t.Name()
	lim := spapi.Limit{Rate: 1, Burst: 1}
	if err := l.Wait(t.Context(), key, lim); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := l.Wait(ctx, key, lim)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 50*time.Millisecond {
		t.Fatalf("err %v after %v; want DeadlineExceeded without waiting", err, time.Since(start))
	}

	ctx2, cancel2 := context.WithCancel(t.Context())
	time.AfterFunc(50*time.Millisecond, cancel2)
	start = time.Now()
	err = l.Wait(ctx2, key, lim)
	if !errors.Is(err, context.Canceled) || time.Since(start) > 300*time.Millisecond {
		t.Fatalf("err %v after %v; want Canceled promptly", err, time.Since(start))
	}
	// Neither failed waiter kept a token: the next one is due 1 s after
	// the first grant, not 2 s.
	start = time.Now()
	if err := l.Wait(t.Context(), key, lim); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 1500*time.Millisecond {
		t.Fatalf("next token after %v; cancelled reservations were not given back", d)
	}
}

// TestRedisDown: an unreachable Redis is an error, not a silent pass.
func TestRedisDown(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close()
	rdb := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1})
	defer rdb.Close()
	err := New(rdb).Wait(t.Context(), "down", spapi.Limit{Rate: 1, Burst: 1})
	if err == nil {
		t.Fatal("Wait succeeded without Redis")
	}
}

// TestFleetThrottleStorm: two workers (two spapi Clients) call one
// seller's operation through a Redis limiter against a server enforcing
// the seller's bucket: every call succeeds and the server sees no more
// than its bucket allows.
func TestFleetThrottleStorm(t *testing.T) {
	const r, burst = 30.0, 4
	server := rate.NewLimiter(r, burst)
	var throttled atomic.Int64
	var mu sync.Mutex
	var accepted []time.Time
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if !server.Allow() {
			throttled.Add(1)
			w.WriteHeader(429)
			json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]string{{"code": "QuotaExceeded", "message": "You exceeded your quota for the requested resource."}}})
			return
		}
		mu.Lock()
		accepted = append(accepted, time.Now())
		mu.Unlock()
		json.NewEncoder(w).Encode(map[string]any{"payload": "ok"})
	}))
	defer api.Close()
	ts := spapi.TokenSourceFunc(func(context.Context) (*oauth2.Token, error) {
		return &oauth2.Token{AccessToken: "fleet-access-token", Expiry: time.Now().Add(time.Hour)}, nil
	})
	newWorker := func() *spapi.Client {
		c, err := spapi.New(spapi.Config{Endpoint: api.URL, SellingPartnerID: "A2SELLERFLEET"},
			spapi.WithTokenSource(ts), spapi.WithLimiter(New(newRedis(t), WithPrefix("fleet-"+t.Name()+":"))),
			spapi.WithRetryer(spapi.StandardRetryer{BaseDelay: 10 * time.Millisecond, MaxDelay: 100 * time.Millisecond}))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	op := &spapi.Operation{ID: "getInventorySummaries", API: "fbainventory", Method: "GET", Path: "/fba/inventory/v1/summaries", Rate: r, Burst: burst}
	var wg sync.WaitGroup
	start := time.Now()
	for _, c := range []*spapi.Client{newWorker(), newWorker()} {
		for range 30 {
			wg.Go(func() {
				req, _ := http.NewRequestWithContext(spapi.WithOperation(t.Context(), op), "GET", api.URL+op.Path, nil)
				_, err := spapi.Check(c.HTTPClient().Do(req))
				if err != nil {
					t.Error(err)
				}
			})
		}
	}
	wg.Wait()
	if len(accepted) != 60 {
		t.Fatalf("%d requests accepted, want 60", len(accepted))
	}
	withinBucket(t, accepted, r, burst, 2)
	t.Logf("60 calls from 2 workers in %v, %d throttled by the server and retried", time.Since(start), throttled.Load())
}
