// Package redisstore keeps the state a fleet of spapi workers shares in
// Redis: the token cache (LWA access tokens, grantless tokens, Restricted
// Data Tokens), the used OAuth state nonces of the authorization package
// and the quota windows. It touches only keys under its prefixes (default
// "spapi:token:", "spapi:oauth-state:" and "spapi:quota:") in the Redis it
// is given; rate-limit buckets live in the sibling package redislimit.
//
//	rdb := redis.NewClient(&redis.Options{Addr: "redis:6379"})
//	c, err := spapi.New(cfg, spapi.WithTokenCache(redisstore.NewTokenCache(rdb)))
//
// Whatever Redis holds is opaque: keys are HMACs, token values AES-GCM
// ciphertext (spapi encrypts before they get here). When Redis is down or
// slow, spapi fetches tokens itself and logs a rate-limited warning.
package redisstore

type options struct{ prefix string }

// Option customises a redisstore type.
type Option func(*options)

// WithPrefix sets the prefix of the Redis keys.
func WithPrefix(p string) Option { return func(o *options) { o.prefix = p } }

// keyPrefix returns the prefix opts set, or def.
func keyPrefix(def string, opts []Option) string {
	o := options{prefix: def}
	for _, f := range opts {
		f(&o)
	}
	return o.prefix
}
