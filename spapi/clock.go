package spapi

import (
	"context"
	"fmt"
	"time"
)

// A Clock tells the time and waits. The client's rate limiter, its retry
// backoff, token expiry and quota windows all read one Clock, so that a
// test can run them on virtual time (spapitest's Clock) instead of
// waiting. Implementations must be safe for concurrent use.
type Clock interface {
	// Now returns the clock's current time.
	Now() time.Time
	// Sleep waits until d has passed by this clock, or until ctx is done
	// (returning ctx's error). When ctx's deadline will pass before d
	// does, Sleep may return at once with an error wrapping
	// context.DeadlineExceeded.
	Sleep(ctx context.Context, d time.Duration) error
}

// RealClock is the wall clock, the default [Clock].
type RealClock struct{}

// Now returns time.Now().
func (RealClock) Now() time.Time { return time.Now() }

// Sleep waits d of wall time; when ctx's deadline comes first it returns
// at once, wrapping context.DeadlineExceeded.
func (RealClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil || d <= 0 {
		return err
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
		return fmt.Errorf("a wait of %v passes the deadline: %w", d.Round(time.Millisecond), context.DeadlineExceeded)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// An UntilSleeper is a [Clock] that can also sleep until an instant. A
// virtual clock shared by concurrent callers needs it: each caller's wait
// then moves the clock to the latest instant asked for, rather than the
// waits adding up. The rate limiter and the retry backoff use it when the
// clock has it.
type UntilSleeper interface {
	SleepUntil(ctx context.Context, t time.Time) error
}

// sleepUntil waits on c until now+d: through SleepUntil when c has it.
func sleepUntil(ctx context.Context, c Clock, now time.Time, d time.Duration) error {
	if us, ok := c.(UntilSleeper); ok {
		return us.SleepUntil(ctx, now.Add(d))
	}
	return c.Sleep(ctx, d)
}

// WithClock runs the client on c: the default rate limiter (a
// LocalLimiter with c as its Clock), the retry backoff, token expiry and
// the quota windows (default RealClock). Against spapitest's sandbox pass
// its clock, spapi.WithClock(sb.Clock()), so that client and sandbox agree
// on virtual time.
func WithClock(c Clock) Option { return func(o *options) { o.clock = c } }
