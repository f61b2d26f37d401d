package redisstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/spgen/spgen/spapi"
)

// releaseLease deletes the lease KEYS[1] only if ARGV[1] still holds it.
var releaseLease = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`)

// TokenCache is an spapi.TokenCache in Redis: values under
// "<prefix>t:<key>" with the token's remaining lifetime as TTL, fetch
// leases under "<prefix>l:<key>" (SET NX PX, released only by their
// holder). Keys and values arrive from spapi already protected (HMAC names,
// AES-GCM values).
type TokenCache struct {
	rdb    redis.Cmdable
	prefix string
}

var _ spapi.TokenCache = (*TokenCache)(nil)

// NewTokenCache returns a TokenCache using rdb (a *redis.Client,
// *redis.ClusterClient or any redis.Cmdable) with the key prefix
// "spapi:token:" unless WithPrefix says otherwise.
func NewTokenCache(rdb redis.Cmdable, opts ...Option) *TokenCache {
	return &TokenCache{rdb: rdb, prefix: keyPrefix("spapi:token:", opts)}
}

// Get implements spapi.TokenCache.
func (c *TokenCache) Get(ctx context.Context, key string) ([]byte, error) {
	v, err := c.rdb.Get(ctx, c.prefix+"t:"+key).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	return v, err
}

// Set implements spapi.TokenCache.
func (c *TokenCache) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	return c.rdb.Set(ctx, c.prefix+"t:"+key, value, ttl).Err()
}

// Delete implements spapi.TokenCache.
func (c *TokenCache) Delete(ctx context.Context, key string) error {
	return c.rdb.Del(ctx, c.prefix+"t:"+key).Err()
}

// Lease implements spapi.TokenCache.
func (c *TokenCache) Lease(ctx context.Context, key string, ttl time.Duration) (func(), bool, error) {
	b := make([]byte, 16)
	rand.Read(b)
	id := hex.EncodeToString(b)
	lk := c.prefix + "l:" + key
	ok, err := c.rdb.SetNX(ctx, lk, id, ttl).Result()
	if err != nil || !ok {
		return nil, false, err
	}
	return func() {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		defer cancel()
		releaseLease.Run(rctx, c.rdb, []string{lk}, id)
	}, true, nil
}
