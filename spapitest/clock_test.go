package spapitest_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapitest"
)

// A virtual clock moves only when slept on or advanced, and refuses to
// sleep for a done context.
func TestVirtualClock(t *testing.T) {
	c := spapitest.NewVirtualClock(epoch)
	time.Sleep(5 * time.Millisecond)
	if !c.Now().Equal(epoch) {
		t.Fatalf("the virtual clock moved by itself to %v", c.Now())
	}
	if err := c.Sleep(context.Background(), time.Hour); err != nil || !c.Now().Equal(epoch.Add(time.Hour)) {
		t.Fatalf("Sleep(1h): %v, now %v", err, c.Now())
	}
	c.Advance(time.Minute)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) || !c.Now().Equal(epoch.Add(time.Hour+time.Minute)) {
		t.Fatalf("Sleep on a cancelled context: %v, now %v", err, c.Now())
	}
}

// A scaled clock runs scale times faster than the wall and sleeps
// 1/scale of a duration; a scale that is not positive is an error.
func TestScaledClock(t *testing.T) {
	c, err := spapitest.NewScaledClock(100)
	if err != nil {
		t.Fatal(err)
	}
	wall, before := time.Now(), c.Now()
	if err := c.Sleep(context.Background(), 2*time.Second); err != nil {
		t.Fatal(err)
	}
	if w, v := time.Since(wall), c.Now().Sub(before); w < 20*time.Millisecond || w > time.Second || v < 2*time.Second {
		t.Errorf("Sleep(2s) at scale 100 took %v of wall time and %v of clock time", w, v)
	}
	for _, bad := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		if _, err := spapitest.NewScaledClock(bad); err == nil {
			t.Errorf("NewScaledClock(%v): no error", bad)
		}
	}
}

// Concurrent waits on a virtual clock do not add up: callers that each
// wait until an instant move the clock to the latest one, and the
// runtime's limiter waits until the instant its token is due (through
// SleepUntil), not for a duration that would add to the others'.
func TestVirtualClockConcurrentWaits(t *testing.T) {
	c := spapitest.NewVirtualClock(epoch)
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if err := c.SleepUntil(t.Context(), epoch.Add(2*time.Second)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if got := c.Now().Sub(epoch); got != 2*time.Second {
		t.Fatalf("ten concurrent waits until +2s moved the clock %v", got)
	}
	if err := c.SleepUntil(t.Context(), epoch.Add(time.Second)); err != nil || !c.Now().Equal(epoch.Add(2*time.Second)) {
		t.Fatalf("SleepUntil an earlier instant moved the clock back or failed: %v %v", c.Now(), err)
	}

	rec := &untilRecorder{Clock: spapitest.NewVirtualClock(epoch)}
	lim := &spapi.LocalLimiter{Clock: rec}
	for range 3 {
		if err := lim.Wait(t.Context(), "seller/getThing", spapi.Limit{Rate: 1, Burst: 1}); err != nil {
			t.Fatal(err)
		}
	}
	if want := []time.Duration{time.Second, 2 * time.Second}; !slices.Equal(rec.until, want) {
		t.Fatalf("the limiter waited until %v after the epoch; want %v", rec.until, want)
	}
}

// untilRecorder records the instants SleepUntil is asked for.
type untilRecorder struct {
	*spapitest.Clock
	until []time.Duration
}

func (r *untilRecorder) SleepUntil(ctx context.Context, t time.Time) error {
	r.until = append(r.until, t.Sub(epoch))
	return r.Clock.SleepUntil(ctx, t)
}

// On a scaled clock a token's expires_in is in wall seconds: a client
// outside the process (gen sandbox -time-scale 60) that counts on the wall
// refreshes before the sandbox, an hour of its clock later, calls the
// token expired.
func TestScaledClockTokenLifetime(t *testing.T) {
	for _, tc := range []struct {
		clock func() *spapitest.Clock
		want  float64
	}{
		{func() *spapitest.Clock { c, _ := spapitest.NewScaledClock(60); return c }, 60},
		{func() *spapitest.Clock { return spapitest.NewVirtualClock(epoch) }, 3600},
	} {
		sb := spapitest.Start(t, spapitest.Models(sharedModels), spapitest.Only("ordersV0.json"), spapitest.WithClock(tc.clock()))
		resp, err := sb.Client().PostForm(sb.URL+spapitest.TokenPath, map[string][]string{
			"grant_type": {"refresh_token"}, "refresh_token": {"r"}, "client_id": {"a"}, "client_secret": {"b"}})
		if err != nil {
			t.Fatal(err)
		}
		var tok struct {
			ExpiresIn float64 `json:"expires_in"`
		}
		err = json.NewDecoder(resp.Body).Decode(&tok)
		resp.Body.Close()
		if err != nil || tok.ExpiresIn != tc.want {
			t.Errorf("expires_in %v (%v); want %v", tok.ExpiresIn, err, tc.want)
		}
	}
}
