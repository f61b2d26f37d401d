package spapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"
)

// TokenCache keeps tokens (LWA access tokens, grantless tokens and
// Restricted Data Tokens) so that every client using it fetches each token
// once per lifetime: the clients of one process with [MemoryTokenCache],
// a fleet of processes with a shared implementation such as
// redisstore.TokenCache. Keys and values reach it protected: a key is an
// HMAC of the token's identity (application, seller, scopes or restricted
// resource), a value is AES-GCM ciphertext, so neither a key nor a value
// shows a credential or a seller. A failing cache never fails a request:
// the client fetches the token itself and logs a rate-limited warning.
// Implementations must be safe for concurrent use.
type TokenCache interface {
	// Get returns the value stored under key, or nil and no error when
	// there is none.
	Get(ctx context.Context, key string) ([]byte, error)
	// Set stores value under key for ttl.
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
	// Delete removes key.
	Delete(ctx context.Context, key string) error
	// Lease tries to make the caller the one fetcher of key's token for
	// ttl: ok is false when someone else holds the lease. release gives a
	// lease up before ttl; it is nil when ok is false.
	Lease(ctx context.Context, key string, ttl time.Duration) (release func(), ok bool, err error)
}

// MemoryTokenCache is the in-process [TokenCache]. Share one between the
// Clients of a process that serve the same sellers. The zero value is
// ready to use.
type MemoryTokenCache struct {
	mu      sync.Mutex
	entries map[string]memoryEntry
	now     func() time.Time
}

type memoryEntry struct {
	value  []byte
	lease  string // holder's id, "" for a value
	expiry time.Time
}

// NewMemoryTokenCache returns an empty MemoryTokenCache.
func NewMemoryTokenCache() *MemoryTokenCache { return &MemoryTokenCache{} }

func (m *MemoryTokenCache) clock() time.Time {
	if m.now != nil {
		return m.now()
	}
	return time.Now()
}

// live returns key's entry if it has not expired; m.mu is held.
func (m *MemoryTokenCache) live(key string) (memoryEntry, bool) {
	e, ok := m.entries[key]
	if ok && !m.clock().Before(e.expiry) {
		delete(m.entries, key)
		return memoryEntry{}, false
	}
	return e, ok
}

// Get implements TokenCache.
func (m *MemoryTokenCache) Get(_ context.Context, key string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, _ := m.live(key)
	return e.value, nil
}

// Set implements TokenCache.
func (m *MemoryTokenCache) Set(_ context.Context, key string, value []byte, ttl time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.entries == nil {
		m.entries = map[string]memoryEntry{}
	}
	m.entries[key] = memoryEntry{value: value, expiry: m.clock().Add(ttl)}
	return nil
}

// Delete implements TokenCache.
func (m *MemoryTokenCache) Delete(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.entries, key)
	return nil
}

// Lease implements TokenCache; leases live under key with a "lease:"
// prefix.
func (m *MemoryTokenCache) Lease(_ context.Context, key string, ttl time.Duration) (func(), bool, error) {
	lk := "lease:" + key
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, held := m.live(lk); held {
		return nil, false, nil
	}
	if m.entries == nil {
		m.entries = map[string]memoryEntry{}
	}
	b := make([]byte, 8)
	rand.Read(b)
	id := hex.EncodeToString(b)
	m.entries[lk] = memoryEntry{lease: id, expiry: m.clock().Add(ttl)}
	return func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		if e, ok := m.entries[lk]; ok && e.lease == id {
			delete(m.entries, lk)
		}
	}, true, nil
}
