package spapitest_test

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

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
