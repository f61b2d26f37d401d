package spapi

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/time/rate"
)

// sharedTokens puts a [TokenCache] behind the in-process token cache: on a
// miss there, a token is looked up in the shared cache, and if it is not
// there one caller in the whole fleet (the holder of the key's lease)
// fetches it while the others wait for it to appear. Keys are HMACs of the
// token's identity, values AES-GCM ciphertext bound to their key; both
// keys derive with HKDF from the application's client secret or a key the
// user gives. Any cache failure, or a cache slower than opTimeout, falls
// back to fetching the token locally, with a rate-limited warning.
type sharedTokens struct {
	cache     TokenCache
	aead      cipher.AEAD
	mac       []byte
	opTimeout time.Duration // bound on each cache call
	leaseTTL  time.Duration // how long a fetcher may hold the lease
	poll      time.Duration // how often waiters look for the token
	early     time.Duration // the in-process cache's refresh margin
	now       func() time.Time
	log       *slog.Logger
	warnEvery *rate.Sometimes
}

// tokenCacheKeyInfo and friends label the HKDF outputs.
const (
	hkdfSalt      = "spgen spapi token cache"
	hkdfValueInfo = "aes-256-gcm value key v1"
	hkdfKeyInfo   = "hmac-sha256 key name v1"
)

// newSharedTokens derives the keys from secret (the client secret or the
// user's key material).
func newSharedTokens(cache TokenCache, secret []byte, log *slog.Logger, now func() time.Time) (*sharedTokens, error) {
	if len(secret) == 0 {
		return nil, errors.New("spapi: a token cache needs the ClientSecret or WithTokenCacheKey to derive its encryption key")
	}
	vk, err := hkdf.Key(sha256.New, secret, []byte(hkdfSalt), hkdfValueInfo, 32)
	if err != nil {
		return nil, fmt.Errorf("spapi: deriving the token cache key: %w", err)
	}
	mk, err := hkdf.Key(sha256.New, secret, []byte(hkdfSalt), hkdfKeyInfo, 32)
	if err != nil {
		return nil, fmt.Errorf("spapi: deriving the token cache key: %w", err)
	}
	block, err := aes.NewCipher(vk)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &sharedTokens{
		cache: cache, aead: aead, mac: mk,
		opTimeout: 250 * time.Millisecond,
		leaseTTL:  10 * time.Second,
		poll:      20 * time.Millisecond,
		early:     60 * time.Second,
		now:       now,
		log:       log,
		warnEvery: &rate.Sometimes{Interval: 10 * time.Second},
	}, nil
}

// key names identity in the cache without revealing it.
func (s *sharedTokens) key(identity string) string {
	h := hmac.New(sha256.New, s.mac)
	h.Write([]byte(identity))
	return hex.EncodeToString(h.Sum(nil))
}

// maxCachedValue bounds what is decrypted from the shared cache: tokens
// are a few kilobytes at most.
const maxCachedValue = 16 << 10

// cachedToken is the plaintext of a cached value.
type cachedToken struct {
	Access string `json:"a"`
	Expiry int64  `json:"e,omitempty"` // Unix nanoseconds
	Issued int64  `json:"i,omitempty"` // Unix nanoseconds, when fetched
}

func (s *sharedTokens) seal(key string, tok *oauth2.Token) ([]byte, error) {
	ct := cachedToken{Access: tok.AccessToken, Issued: s.now().UnixNano()}
	if !tok.Expiry.IsZero() {
		ct.Expiry = tok.Expiry.UnixNano()
	}
	plain, err := json.Marshal(ct)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(plain)+s.aead.Overhead())
	rand.Read(nonce)
	return s.aead.Seal(nonce, nonce, plain, []byte(key)), nil
}

func (s *sharedTokens) open(key string, value []byte) (*oauth2.Token, time.Time, error) {
	n := s.aead.NonceSize()
	if len(value) < n {
		return nil, time.Time{}, errors.New("cached value too short")
	}
	if len(value) > maxCachedValue {
		return nil, time.Time{}, errors.New("cached value too long")
	}
	plain, err := s.aead.Open(nil, value[:n], value[n:], []byte(key))
	if err != nil {
		return nil, time.Time{}, errors.New("cached value does not decrypt (another key?)")
	}
	var ct cachedToken
	if err := json.Unmarshal(plain, &ct); err != nil || ct.Access == "" {
		return nil, time.Time{}, errors.New("cached value is malformed")
	}
	knownSecrets.add(ct.Access)
	tok := &oauth2.Token{AccessToken: ct.Access}
	if ct.Expiry != 0 {
		tok.Expiry = time.Unix(0, ct.Expiry)
	}
	return tok, time.Unix(0, ct.Issued), nil
}

// warn logs a cache failure at most once per warnEvery.
func (s *sharedTokens) warn(ctx context.Context, what string, err error) {
	s.warnEvery.Do(func() {
		s.log.LogAttrs(ctx, slog.LevelWarn, "spapi token cache unavailable, fetching tokens locally",
			slog.String("op", what), slog.Any("error", err))
	})
}

// get returns the cached token under key if it is usable for the refresh
// margin the in-process cache applies (early, or half the token's
// lifetime for short-lived tokens); a value that does not decrypt counts
// as a miss.
func (s *sharedTokens) get(ctx context.Context, key string) (*oauth2.Token, error) {
	cctx, cancel := context.WithTimeout(ctx, s.opTimeout)
	defer cancel()
	v, err := s.cache.Get(cctx, key)
	if err != nil || v == nil {
		return nil, err
	}
	tok, issued, err := s.open(key, v)
	if err != nil {
		s.warn(ctx, "decrypt", err)
		return nil, nil
	}
	if !tok.Expiry.IsZero() && !s.now().Add(min(s.early, tok.Expiry.Sub(issued)/2)).Before(tok.Expiry) {
		return nil, nil
	}
	return tok, nil
}

// set stores tok under key until the in-process cache would stop using
// it.
func (s *sharedTokens) set(ctx context.Context, key string, tok *oauth2.Token) {
	ttl := time.Hour
	if !tok.Expiry.IsZero() {
		life := tok.Expiry.Sub(s.now())
		ttl = life - min(s.early, life/2)
	}
	if ttl <= 0 {
		return
	}
	v, err := s.seal(key, tok)
	if err != nil {
		s.warn(ctx, "encrypt", err)
		return
	}
	cctx, cancel := context.WithTimeout(ctx, s.opTimeout)
	defer cancel()
	if err := s.cache.Set(cctx, key, v, ttl); err != nil {
		s.warn(ctx, "set", err)
	}
}

func (s *sharedTokens) lease(ctx context.Context, key string) (func(), bool, error) {
	cctx, cancel := context.WithTimeout(ctx, s.opTimeout)
	defer cancel()
	return s.cache.Lease(cctx, key, s.leaseTTL)
}

// drop removes identity's token, which the SP-API refused.
func (s *sharedTokens) drop(ctx context.Context, identity string) {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.opTimeout)
	defer cancel()
	if err := s.cache.Delete(cctx, s.key(identity)); err != nil {
		s.warn(ctx, "delete", err)
	}
}

// fetch returns identity's token from the shared cache, or fetches it
// with src as the fleet's one fetcher, or, when the cache fails, locally.
func (s *sharedTokens) fetch(ctx context.Context, identity string, src func(context.Context) (*oauth2.Token, error)) (*oauth2.Token, error) {
	key := s.key(identity)
	waitUntil := time.Now().Add(2 * s.leaseTTL)
	for first := true; ; first = false {
		if !first {
			// Another process is fetching: wait for its token, or for its
			// lease to lapse (it died) and take over. Leases expire in the
			// store's time, the wall clock's, whatever the client's Clock.
			if err := (RealClock{}).Sleep(ctx, s.poll); err != nil {
				return nil, err
			}
		}
		tok, err := s.get(ctx, key)
		if tok != nil {
			return tok, nil
		}
		if err != nil {
			s.warn(ctx, "get", err)
			return src(ctx)
		}
		if time.Now().After(waitUntil) {
			return src(ctx)
		}
		release, ok, err := s.lease(ctx, key)
		if err != nil {
			s.warn(ctx, "lease", err)
			return src(ctx)
		}
		if !ok {
			continue
		}
		defer release()
		// The holder before us may have stored it meanwhile.
		if tok, err := s.get(ctx, key); tok != nil && err == nil {
			return tok, nil
		}
		tok, err = src(ctx)
		if err != nil {
			return nil, err
		}
		s.set(ctx, key, tok)
		return tok, nil
	}
}
