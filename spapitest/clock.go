package spapitest

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/spgen/spgen/spapi"
)

// Clock is the time the sandbox runs on: its usage plans' buckets fill,
// its tokens expire and its added latency passes by it. It implements
// spapi.Clock, so a client given spapi.WithClock(sb.Clock()) waits for
// its limiter and retries on the same time.
//
// A virtual clock ([NewVirtualClock]) stands still until someone sleeps
// on it: Sleep moves it forward by the duration at once, so a test of a
// 1-per-minute operation takes no wall time, and the same requests in the
// same order see the same times on every run. A scaled clock
// ([NewScaledClock]) runs scale times faster than the wall and sleeps
// 1/scale of each duration; it suits clients outside the process (gen
// sandbox -time-scale).
type Clock struct {
	mu      sync.Mutex
	virtual time.Time // the virtual clock's time
	scale   float64   // > 0 for a scaled clock
	start   time.Time // wall time the scaled clock started at
}

// NewVirtualClock returns a virtual clock reading start.
func NewVirtualClock(start time.Time) *Clock { return &Clock{virtual: start} }

// NewScaledClock returns a clock that starts at the wall time and runs
// scale times as fast (scale 1: the wall clock); a scale that is not a
// positive number is an error.
func NewScaledClock(scale float64) (*Clock, error) {
	if !(scale > 0) || math.IsInf(scale, 0) {
		return nil, fmt.Errorf("spapitest: clock scale %v: must be a positive number", scale)
	}
	return &Clock{scale: scale, start: time.Now()}, nil
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	if c.scale > 0 {
		return c.start.Add(time.Duration(float64(time.Since(c.start)) * c.scale))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.virtual
}

// Advance moves a virtual clock forward by d (a scaled clock ignores it).
func (c *Clock) Advance(d time.Duration) {
	if c.scale > 0 || d <= 0 {
		return
	}
	c.mu.Lock()
	c.virtual = c.virtual.Add(d)
	c.mu.Unlock()
}

// Sleep implements spapi.Clock: a virtual clock moves forward by d and
// returns at once; a scaled clock waits d/scale of wall time. Either
// returns ctx's error when ctx is done first.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.scale > 0 {
		return spapi.RealClock{}.Sleep(ctx, time.Duration(float64(d)/c.scale))
	}
	c.Advance(d)
	return nil
}

// SleepUntil implements spapi.UntilSleeper: a virtual clock moves to t
// when it reads earlier (concurrent callers' waits do not add up); a
// scaled clock waits until it reads t.
func (c *Clock) SleepUntil(ctx context.Context, t time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.scale > 0 {
		return spapi.RealClock{}.Sleep(ctx, time.Duration(float64(t.Sub(c.Now()))/c.scale))
	}
	c.mu.Lock()
	if t.After(c.virtual) {
		c.virtual = t
	}
	c.mu.Unlock()
	return nil
}

// wallSeconds is how many seconds of wall time d of the clock's time
// lasts: d/scale on a scaled clock, d on a virtual one (whose clients
// share it). Lifetimes a client outside the process counts on the wall
// (a token's expires_in) are given in it.
func (c *Clock) wallSeconds(d time.Duration) int {
	if c.scale > 0 {
		return max(1, int(d.Seconds()/c.scale))
	}
	return int(d.Seconds())
}

var (
	_ spapi.Clock        = (*Clock)(nil)
	_ spapi.UntilSleeper = (*Clock)(nil)
)

// WithClock runs the sandbox on c (default: a scaled clock of scale 1,
// the wall clock). Give the client the same clock, spapi.WithClock(c), or
// use [Server.Options].
func WithClock(c *Clock) Option { return func(cfg *config) { cfg.clock = c } }

// Clock returns the clock the sandbox runs on.
func (s *Server) Clock() *Clock { return s.clock }

// Options returns the spapi options that wire a client to this sandbox:
// its transport ([Server.Transport]) and its clock.
//
//	c, err := spapi.New(sb.Config(), sb.Options()...)
func (s *Server) Options() []spapi.Option {
	return []spapi.Option{spapi.WithTransport(s.Transport()), spapi.WithClock(s.clock)}
}
