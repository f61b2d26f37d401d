package spapi

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// steppedClock is a virtual clock whose Sleep moves time forward at once.
type steppedClock struct {
	mu    sync.Mutex
	now   time.Time
	slept []time.Duration
}

func (c *steppedClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *steppedClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.slept = append(c.slept, d)
	return nil
}

// A LocalLimiter on a virtual clock waits for a 1-per-minute bucket by
// that clock's time, not the wall's.
func TestLocalLimiterOnClock(t *testing.T) {
	clock := &steppedClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	l := &LocalLimiter{Clock: clock}
	start := time.Now()
	for range 3 {
		if err := l.Wait(context.Background(), "k", Limit{Rate: 1.0 / 60, Burst: 1}); err != nil {
			t.Fatal(err)
		}
	}
	if wall := time.Since(start); wall > time.Second {
		t.Fatalf("three 1/min tokens took %v of wall time", wall)
	}
	if got, want := clock.Now().Sub(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), 2*time.Minute; got != want {
		t.Fatalf("virtual time advanced %v; want %v (slept %v)", got, want, clock.slept)
	}
}

// The real clock refuses a wait past the context's deadline at once.
func TestRealClockDeadline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := RealClock{}.Sleep(ctx, time.Hour)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 40*time.Millisecond {
		t.Fatalf("err %v after %v; want DeadlineExceeded at once", err, time.Since(start))
	}
}

// WithClock runs the retry backoff on the clock: a 500 then a 200 with
// a StandardRetryer of 10 s base delay takes no wall time.
func TestRetryOnClock(t *testing.T) {
	lwa := newLWAServer(t)
	api, hits := countingServer(t, 500, 200)
	clock := &steppedClock{now: time.Now()}
	c := newTestClient(t, lwa, api.URL, WithClock(clock), WithRetryer(StandardRetryer{BaseDelay: 10 * time.Second, MaxDelay: 20 * time.Second}))
	start := time.Now()
	status, _, err := do(t, c, opRequest(t, context.Background(), opGetOrders, api.URL+"/orders/v0/orders", nil))
	if err != nil || status != 200 || hits.Load() != 2 {
		t.Fatalf("status %d, err %v after %d requests; want 200 after 2", status, err, hits.Load())
	}
	if time.Since(start) > 2*time.Second {
		t.Fatalf("the retry waited %v of wall time", time.Since(start))
	}
	if len(clock.slept) != 1 || clock.slept[0] < 5*time.Second {
		t.Fatalf("slept %v on the clock; want one backoff of at least 5s", clock.slept)
	}
}
