package redisstore

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spgen/spgen/spapi/authorization"
)

var _ authorization.NonceStore = (*Nonces)(nil)

// TestNoncesOnceFleetWide: of 20 servers racing to use one state's
// nonce, exactly one succeeds; the key expires with the state.
func TestNoncesOnceFleetWide(t *testing.T) {
	var wins atomic.Int64
	var wg sync.WaitGroup
	for range 20 {
		n := NewNonces(newRedis(t))
		wg.Go(func() {
			ok, err := n.Use(t.Context(), "nonce-"+t.Name(), time.Minute)
			if err != nil {
				t.Error(err)
			}
			if ok {
				wins.Add(1)
			}
		})
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Fatalf("%d servers accepted the state, want 1", wins.Load())
	}
	ttl, err := newRedis(t).PTTL(t.Context(), "spapi:oauth-state:nonce-"+t.Name()).Result()
	if err != nil || ttl <= 0 || ttl > time.Minute {
		t.Fatalf("TTL %v, %v", ttl, err)
	}
}
