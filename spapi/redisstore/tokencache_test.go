package redisstore

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestFleetFetchesEachTokenOnce: 3 processes x 100 concurrent callers for
// one seller, cold caches, share one Redis token cache: one LWA request
// and one RDT request in all.
func TestFleetFetchesEachTokenOnce(t *testing.T) {
	newRedis(t).FlushAll(t.Context())
	fake := newFakeAmazon(t, 3600)
	calls := waitWorkers(t, startWorkersAt(t, 3, fake, 100, 0, server.Addr, cacheTimeoutEnv+"=1s"))
	t.Logf("3 processes x 100 callers: %d calls, %v", calls, fake)
	if calls != 600 {
		t.Fatalf("%d calls, want 600", calls)
	}
	if fake.lwaHits.Load() != 1 || fake.rdtHits.Load() != 1 {
		t.Fatalf("%v; want 1 LWA and 1 RDT request", fake)
	}
	assertNothingReadable(t, fake)
}

// assertNothingReadable scans every key and value in Redis for the client
// secret, the refresh token, the seller and every access token and RDT
// issued.
func assertNothingReadable(t *testing.T, fake *fakeAmazon) {
	t.Helper()
	rdb := newRedis(t)
	needles := append(fake.secrets(), sellerID, clientID)
	keys, err := rdb.Keys(t.Context(), "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) == 0 {
		t.Fatal("Redis holds no keys: the token cache was not used")
	}
	for _, k := range keys {
		v, err := rdb.Dump(t.Context(), k).Result()
		if err != nil {
			continue // expired meanwhile
		}
		for _, n := range needles {
			if strings.Contains(k, n) || bytes.Contains([]byte(v), []byte(n)) {
				t.Fatalf("Redis key %q or its value holds %q readably", k, n)
			}
		}
	}
	t.Logf("scanned %d Redis keys and values for %d secrets: none readable", len(keys), len(needles))
}

// TestFleetSurvivesRedisOutage: 3 processes x 100 callers call for 6 s
// with tokens living 2 s; Redis is killed after 1.5 s and restarted empty
// 2 s later. Every call succeeds, and token requests stay bounded: about
// one per lifetime half while Redis is up, one per process per lifetime
// half while it is down.
func TestFleetSurvivesRedisOutage(t *testing.T) {
	newRedis(t).FlushAll(t.Context())
	const lifetime = 2
	fake := newFakeAmazon(t, lifetime)
	ws := startWorkers(t, 3, fake, 100, 6*time.Second)
	time.Sleep(500*time.Millisecond + 1500*time.Millisecond)
	server.Stop()
	t.Log("redis-server stopped")
	time.Sleep(2 * time.Second)
	if err := server.Restart(); err != nil {
		t.Fatal(err)
	}
	t.Log("redis-server restarted")
	time.Sleep(1200 * time.Millisecond) // the workers refill it meanwhile
	assertNothingReadable(t, fake)
	calls := waitWorkers(t, ws)
	// Tokens are refreshed at half their lifetime (1 s): one fetch for
	// the fleet per second while Redis is up (~4.5 s of the run, +2 at its
	// edges), and one per process per second while it is down (2 s, +2 at
	// its edges, for each of 3 processes). TestFleetWithoutRedis measures
	// what the same run costs with no Redis at all.
	const bound = 7 + 3*4
	t.Logf("6 s, 3 processes x 100 callers, Redis down 2 s: %d calls, %v (bound %d each)", calls, fake, bound)
	if n := fake.lwaHits.Load(); n > bound || n < 2 {
		t.Fatalf("%d LWA requests; want between 2 and %d", n, bound)
	}
	if n := fake.rdtHits.Load(); n > bound || n < 2 {
		t.Fatalf("%d RDT requests; want between 2 and %d", n, bound)
	}
}

// TestFleetWithoutRedis: the same fleet with its Redis never reachable:
// every call still succeeds on locally fetched tokens. The token requests
// it takes are the baseline the shared cache saves against.
func TestFleetWithoutRedis(t *testing.T) {
	fake := newFakeAmazon(t, 2)
	ws := startWorkersAt(t, 3, fake, 100, 6*time.Second, deadAddr(t))
	calls := waitWorkers(t, ws)
	t.Logf("6 s, 3 processes x 100 callers, no Redis: %d calls, %v", calls, fake)
	if fake.lwaHits.Load() < 6 {
		t.Fatalf("%v; tokens living 2 s were not refreshed", fake)
	}
}
