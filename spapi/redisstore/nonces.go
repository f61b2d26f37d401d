package redisstore

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// Nonces is an authorization.NonceStore in Redis, shared by every server
// handling authorisation redirects: a used state's nonce is a key
// "<prefix><nonce>" (default prefix "spapi:oauth-state:") set with SET NX
// for the state's remaining lifetime, so each state is accepted once
// fleet-wide.
type Nonces struct {
	rdb    redis.Cmdable
	prefix string
}

// NewNonces returns a Nonces using rdb.
func NewNonces(rdb redis.Cmdable, opts ...Option) *Nonces {
	return &Nonces{rdb: rdb, prefix: keyPrefix("spapi:oauth-state:", opts)}
}

// Use implements authorization.NonceStore.
func (n *Nonces) Use(ctx context.Context, nonce string, ttl time.Duration) (bool, error) {
	return n.rdb.SetNX(ctx, n.prefix+nonce, 1, ttl).Result()
}
