package spapi

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// rateLimitHeader is the response header with the rate (requests per
// second) the SP-API applied to the operation for this selling partner.
const rateLimitHeader = "x-amzn-RateLimit-Limit"

// Limit is a token bucket's shape: Rate tokens per second, at most Burst
// tokens banked.
type Limit struct {
	Rate  float64
	Burst int
}

// A Limiter makes callers wait for their turn. Keys name buckets; the
// client uses one per (selling partner or application, region, operation).
// Implementations must be safe for concurrent use.
type Limiter interface {
	// Wait blocks until the bucket key, shaped by limit, yields a token,
	// and takes it. It returns an error wrapping ctx's error without
	// waiting when ctx is done, or when ctx's deadline comes before the
	// token would.
	Wait(ctx context.Context, key string, limit Limit) error
}

// LocalLimiter is the in-process [Limiter]: a golang.org/x/time/rate token
// bucket per key. The zero value is ready to use and runs on the wall
// clock.
type LocalLimiter struct {
	// Clock is the time the buckets fill by and the waits run on (nil:
	// RealClock).
	Clock Clock

	buckets sync.Map // key → *rate.Limiter
}

// NewLocalLimiter returns an empty LocalLimiter.
func NewLocalLimiter() *LocalLimiter { return &LocalLimiter{} }

// Wait implements Limiter.
func (l *LocalLimiter) Wait(ctx context.Context, key string, limit Limit) error {
	if err := ctx.Err(); err != nil {
		return limitError(key, err)
	}
	burst := max(limit.Burst, 1)
	v, ok := l.buckets.Load(key)
	if !ok {
		v, _ = l.buckets.LoadOrStore(key, rate.NewLimiter(rate.Limit(limit.Rate), burst))
	}
	lim := v.(*rate.Limiter)
	if lim.Limit() != rate.Limit(limit.Rate) {
		lim.SetLimit(rate.Limit(limit.Rate))
	}
	if lim.Burst() != burst {
		lim.SetBurst(burst)
	}
	clock := l.Clock
	if clock == nil {
		clock = RealClock{}
	}
	now := clock.Now()
	if lim.AllowN(now, 1) {
		return nil
	}
	r := lim.ReserveN(now, 1)
	d := r.DelayFrom(now)
	if d == 0 {
		return nil
	}
	if err := sleepUntil(ctx, clock, now, d); err != nil {
		r.CancelAt(clock.Now())
		if ctx.Err() == nil {
			// The clock refused to wait past the deadline.
			return limitError(key, fmt.Errorf("next token in %v, after the deadline: %w", d.Round(time.Millisecond), err))
		}
		return limitError(key, ctx.Err())
	}
	return nil
}

func limitError(key string, err error) error {
	return fmt.Errorf("spapi: waiting for rate limit %s: %w", key, err)
}

// limitTransport waits for the operation's bucket before each request and
// adapts the bucket's rate to the x-amzn-RateLimit-Limit header. Requests
// without operation metadata pass straight through.
type limitTransport struct {
	next    http.RoundTripper
	limiter Limiter
	region  string
	seller  *seller // for requests that carry none
	clock   Clock

	keys  sync.Map // limitKey → string
	rates sync.Map // key → float64 learned from the header
}

// limitKey names a bucket before its string is built.
type limitKey struct {
	seller string
	op     *Operation
}

// key returns the bucket of op for the request's seller:
// "<seller>/<region>/<api>.<operation>".
func (t *limitTransport) key(ctx context.Context, op *Operation) string {
	partner := ""
	if s := sellerFrom(ctx, t.seller); s != nil {
		partner = s.id
	}
	lk := limitKey{partner, op}
	if k, ok := t.keys.Load(lk); ok {
		return k.(string)
	}
	k := partner + "/" + t.region + "/" + op.API + "." + op.ID
	t.keys.Store(lk, k)
	return k
}

// limitFor returns the bucket shape for op: the usage plan, with the rate
// replaced by the last one the server announced.
func (t *limitTransport) limitFor(key string, op *Operation) Limit {
	l := Limit{Rate: op.Rate, Burst: op.Burst}
	if r, ok := t.rates.Load(key); ok {
		l.Rate = r.(float64)
		if l.Burst < 1 {
			l.Burst = 1
		}
	}
	return l
}

// RoundTrip implements http.RoundTripper.
func (t *limitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	op, ok := OperationFromContext(req.Context())
	if !ok {
		return t.next.RoundTrip(req)
	}
	key := t.key(req.Context(), op)
	if l := t.limitFor(key, op); l.Rate > 0 {
		start := t.clock.Now()
		err := t.limiter.Wait(req.Context(), key, l)
		if stats := CallStatsFromContext(req.Context()); stats != nil {
			stats.limiterWait.Add(int64(t.clock.Now().Sub(start)))
		}
		if err != nil {
			closeRequestBody(req)
			return nil, err
		}
	}
	resp, err := t.next.RoundTrip(req)
	if resp != nil {
		if v := resp.Header.Get(rateLimitHeader); v != "" {
			if r, perr := strconv.ParseFloat(v, 64); perr == nil && r > 0 && !math.IsInf(r, 0) {
				if old, ok := t.rates.Load(key); !ok || old.(float64) != r {
					t.rates.Store(key, r)
				}
			}
		}
	}
	return resp, err
}

func closeRequestBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}
