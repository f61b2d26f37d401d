// Package redislimit is an spapi.Limiter whose token buckets live in Redis,
// so that a fleet of workers calling the SP-API for one selling partner
// shares that partner's quota instead of each assuming it has all of it.
//
//	rdb := redis.NewClient(&redis.Options{Addr: "redis:6379"})
//	c, err := spapi.New(cfg, spapi.WithLimiter(redislimit.New(rdb)))
//
// Each Wait is one atomic Lua script run: it refills the bucket by the time
// elapsed on the Redis server's clock (so workers' clocks need not agree),
// takes a token, and returns how long the caller must wait for it. Waiting
// callers hold reservations in the bucket (its count goes negative), so they
// are served in order without polling Redis. A caller whose context ends
// while waiting gives its token back.
package redislimit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/spgen/spgen/spapi"
)

// reserve takes one token from the bucket KEYS[1] refilled at ARGV[1]
// tokens per second up to ARGV[2], and returns the wait in microseconds
// before the token is due; -1, without taking it, when that wait exceeds
// ARGV[3] microseconds (ARGV[3] < 0: no bound).
var reserve = redis.NewScript(`
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local maxwait = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local v = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(v[1])
local ts = tonumber(v[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
if now > ts then
  tokens = math.min(burst, tokens + (now - ts) * rate / 1000000)
  ts = now
end
tokens = tokens - 1
local wait = 0
if tokens < 0 then
  wait = math.ceil(-tokens * 1000000 / rate)
end
if maxwait >= 0 and wait > maxwait then
  return -1
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'ts', string.format('%.17g', ts))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate * 1000) + 1000)
return wait
`)

// refund gives back one token taken by a reservation that was not used.
var refund = redis.NewScript(`
local v = redis.call('HGET', KEYS[1], 'tokens')
if v then
  local tokens = math.min(tonumber(ARGV[1]), tonumber(v) + 1)
  redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens))
end
return 0
`)

// Limiter is an spapi.Limiter backed by Redis. It is safe for concurrent
// use, and any number of Limiters (in any number of processes) using the
// same Redis and prefix share their buckets.
type Limiter struct {
	rdb    redis.Scripter
	prefix string
}

// Option customises a Limiter.
type Option func(*Limiter)

// WithPrefix sets the prefix of the Redis keys (default "spapi:ratelimit:").
func WithPrefix(p string) Option { return func(l *Limiter) { l.prefix = p } }

// New returns a Limiter using rdb (a *redis.Client, *redis.ClusterClient or
// any other redis.Scripter).
func New(rdb redis.Scripter, opts ...Option) *Limiter {
	l := &Limiter{rdb: rdb, prefix: "spapi:ratelimit:"}
	for _, o := range opts {
		o(l)
	}
	return l
}

// Key returns the Redis key of the bucket named key.
func (l *Limiter) Key(key string) string { return l.prefix + key }

// Wait implements spapi.Limiter.
func (l *Limiter) Wait(ctx context.Context, key string, limit spapi.Limit) error {
	if err := ctx.Err(); err != nil {
		return waitError(key, err)
	}
	if limit.Rate <= 0 {
		return nil
	}
	burst := max(limit.Burst, 1)
	maxWait := int64(-1)
	if dl, ok := ctx.Deadline(); ok {
		maxWait = time.Until(dl).Microseconds()
		if maxWait <= 0 {
			return waitError(key, context.DeadlineExceeded)
		}
	}
	rkey := l.Key(key)
	us, err := reserve.Run(ctx, l.rdb, []string{rkey}, limit.Rate, burst, maxWait).Int64()
	if err != nil {
		if ctx.Err() != nil {
			return waitError(key, ctx.Err())
		}
		return fmt.Errorf("spapi/redislimit: bucket %s: %w", key, err)
	}
	if us < 0 {
		return waitError(key, fmt.Errorf("next token after the deadline: %w", context.DeadlineExceeded))
	}
	if us == 0 {
		return nil
	}
	t := time.NewTimer(time.Duration(us) * time.Microsecond)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		// Give the token back; the caller's context is over, so use a
		// short one of our own.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		defer cancel()
		rerr := refund.Run(rctx, l.rdb, []string{rkey}, burst).Err()
		return errors.Join(waitError(key, ctx.Err()), rerr)
	}
}

func waitError(key string, err error) error {
	return fmt.Errorf("spapi/redislimit: waiting for rate limit %s: %w", key, err)
}
