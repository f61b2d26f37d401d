package spapi

import (
	"context"
	"sync/atomic"
	"time"
)

// CallStats counts what happened during one call: filled in by the
// retry, rate-limit and quota steps for a context made with
// [WithCallStats]. A StepCall middleware (a tracer, a metrics exporter)
// creates it before passing the request on and reads it afterwards.
type CallStats struct {
	attempts    atomic.Int64
	throttles   atomic.Int64
	limiterWait atomic.Int64 // nanoseconds
	budgetOut   atomic.Bool
}

// Attempts returns the attempts made (sent or tried), the first included.
func (s *CallStats) Attempts() int { return int(s.attempts.Load()) }

// Throttles returns the attempts answered 429.
func (s *CallStats) Throttles() int { return int(s.throttles.Load()) }

// LimiterWait returns the time spent waiting for the rate limiter, over
// all attempts.
func (s *CallStats) LimiterWait() time.Duration { return time.Duration(s.limiterWait.Load()) }

// RetryBudgetSpent reports whether a retry was given up because the retry
// budget was spent.
func (s *CallStats) RetryBudgetSpent() bool { return s.budgetOut.Load() }

type statsKey struct{}

// WithCallStats returns a copy of ctx carrying a fresh CallStats, and it.
func WithCallStats(ctx context.Context) (context.Context, *CallStats) {
	s := &CallStats{}
	return context.WithValue(ctx, statsKey{}, s), s
}

// CallStatsFromContext returns the CallStats ctx carries, or nil.
func CallStatsFromContext(ctx context.Context) *CallStats {
	s, _ := ctx.Value(statsKey{}).(*CallStats)
	return s
}
