package authorization

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"sync"
	"time"
)

// ErrBadState matches (errors.Is) a StateError for a state this flow did
// not issue for the session: forged, tampered with, for another session,
// or expired.
var ErrBadState = errors.New("authorization: state is not valid for this session")

// ErrReplayedState matches a StateError for a state already used once.
var ErrReplayedState = errors.New("authorization: state was already used")

// StateError is a refused state parameter; Reason is ErrBadState or
// ErrReplayedState.
type StateError struct {
	Reason error
	// Detail says what was wrong (never the state itself).
	Detail string
}

// Error implements error.
func (e *StateError) Error() string { return e.Reason.Error() + ": " + e.Detail }

// Unwrap returns the reason, for errors.Is.
func (e *StateError) Unwrap() error { return e.Reason }

// NonceStore remembers used state nonces so that each state is accepted
// once. Use reports whether nonce was unused (and marks it used for ttl).
// Share one store (redisstore.Nonces) between the servers that handle
// redirects. Implementations must be safe for concurrent use.
type NonceStore interface {
	Use(ctx context.Context, nonce string, ttl time.Duration) (first bool, err error)
}

// MemoryNonces is the in-process NonceStore. The zero value is ready to
// use.
type MemoryNonces struct {
	mu   sync.Mutex
	used map[string]time.Time // nonce → when it may be forgotten
}

// Use implements NonceStore.
func (m *MemoryNonces) Use(_ context.Context, nonce string, ttl time.Duration) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now()
	if m.used == nil {
		m.used = map[string]time.Time{}
	}
	for n, until := range m.used {
		if now.After(until) {
			delete(m.used, n)
		}
	}
	if _, ok := m.used[nonce]; ok {
		return false, nil
	}
	m.used[nonce] = now.Add(ttl)
	return true, nil
}

const (
	nonceLen = 16
	macLen   = sha256.Size
	stateLen = nonceLen + 8 + macLen
)

// stateMAC binds a nonce and expiry to a session.
func stateMAC(key []byte, session string, nonce []byte, expiry uint64) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte("spapi oauth state v1\x00"))
	h.Write([]byte(session))
	h.Write([]byte{0})
	h.Write(nonce)
	binary.Write(h, binary.BigEndian, expiry)
	return h.Sum(nil)
}

// newState returns a state for session valid until expiry:
// base64url(nonce ‖ expiry ‖ HMAC(session, nonce, expiry)).
func newState(key []byte, session string, expiry time.Time) string {
	b := make([]byte, stateLen)
	rand.Read(b[:nonceLen])
	exp := uint64(expiry.Unix())
	binary.BigEndian.PutUint64(b[nonceLen:], exp)
	copy(b[nonceLen+8:], stateMAC(key, session, b[:nonceLen], exp))
	return base64.RawURLEncoding.EncodeToString(b)
}

// checkState verifies state for session at now and returns its nonce.
func checkState(key []byte, session, state string, now time.Time) (string, time.Time, error) {
	b, err := base64.RawURLEncoding.DecodeString(state)
	if err != nil || len(b) != stateLen {
		return "", time.Time{}, &StateError{ErrBadState, "malformed"}
	}
	nonce := b[:nonceLen]
	exp := binary.BigEndian.Uint64(b[nonceLen:])
	if !hmac.Equal(b[nonceLen+8:], stateMAC(key, session, nonce, exp)) {
		return "", time.Time{}, &StateError{ErrBadState, "signature does not match the session"}
	}
	expiry := time.Unix(int64(exp), 0)
	if !now.Before(expiry) {
		return "", time.Time{}, &StateError{ErrBadState, "expired"}
	}
	return hex.EncodeToString(nonce), expiry, nil
}
