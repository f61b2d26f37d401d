package spapitest

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"time"
)

// grant is an access token or Restricted Data Token the sandbox issued:
// whose it is and until when it is good.
type grant struct {
	seller  string
	expires time.Time
	expired bool // expired early (FaultExpiredToken, ExpireAccessTokens)
}

func (g *grant) expiredAt(now time.Time) bool {
	return g != nil && (g.expired || !now.Before(g.expires))
}

// sellerID names a refresh token's selling partner without revealing the
// token: "seller-" and 12 hex digits of its SHA-256.
func sellerID(refreshToken string) string {
	h := sha256.Sum256([]byte(refreshToken))
	return "seller-" + hex.EncodeToString(h[:6])
}

// appID names a grantless token's application and scopes.
func appID(clientID, scope string) string {
	h := sha256.Sum256([]byte(clientID + "\x00" + scope))
	return "app-" + hex.EncodeToString(h[:6])
}

// issue records a token the sandbox handed out for seller; it is good for
// tokenLifetime seconds of the sandbox's clock.
func (s *Server) issue(tok, seller string) {
	now := s.clock.Now()
	s.tokensMu.Lock()
	defer s.tokensMu.Unlock()
	if len(s.tokens) >= s.tokensPruneAt {
		// A long-running sandbox forgets the grants that expired (their
		// tokens are then refused as unknown, not as expired: either way
		// a 403 the runtime answers by fetching a fresh one).
		for t, g := range s.tokens {
			if !g.expires.After(now) {
				delete(s.tokens, t)
			}
		}
		s.tokensPruneAt = max(minTokensPrune, 2*len(s.tokens))
	}
	s.tokens[tok] = &grant{seller: seller, expires: now.Add(tokenLifetime * time.Second)}
}

// minTokensPrune is how many grants the sandbox holds before it first
// drops expired ones.
const minTokensPrune = 1024

// grantOf returns the grant of tok, and whether the sandbox issued it.
func (s *Server) grantOf(tok string) (grant, bool) {
	s.tokensMu.Lock()
	defer s.tokensMu.Unlock()
	g := s.tokens[tok]
	if tok == "" || g == nil {
		return grant{}, false
	}
	return *g, true
}

// sellerOf returns the seller of the request's access token ("" for
// none the sandbox issued).
func (s *Server) sellerOf(r *http.Request) string {
	g, _ := s.grantOf(r.Header.Get("x-amz-access-token"))
	return g.seller
}

// expire makes tok expired from now on.
func (s *Server) expire(tok string) {
	s.tokensMu.Lock()
	defer s.tokensMu.Unlock()
	if g := s.tokens[tok]; g != nil {
		g.expired = true
	}
}

// ExpireAccessTokens makes every access token and Restricted Data Token
// the sandbox issued so far expired: requests carrying one get 403
// Unauthorized "The access token you provided has expired.", as SP-API
// answers, until the client fetches a fresh one.
func (s *Server) ExpireAccessTokens() {
	s.tokensMu.Lock()
	defer s.tokensMu.Unlock()
	for _, g := range s.tokens {
		g.expired = true
	}
}

// RevokeRefreshToken revokes a selling partner's authorisation: the token
// endpoint answers every later refresh_token grant with refreshToken by
// 400 invalid_grant, as Login with Amazon does once the seller removed
// the application. Access tokens issued before stay good until they
// expire.
func (s *Server) RevokeRefreshToken(refreshToken string) {
	s.tokensMu.Lock()
	s.revoked[refreshToken] = true
	s.tokensMu.Unlock()
}

func (s *Server) isRevoked(refreshToken string) bool {
	s.tokensMu.Lock()
	defer s.tokensMu.Unlock()
	return s.revoked[refreshToken]
}

// knownOperation reports whether id is an operation of the loaded models
// or one the sandbox plays itself.
func (s *Server) knownOperation(id string) bool {
	for _, m := range s.models {
		for _, op := range m.Operations {
			if op.ID == id {
				return true
			}
		}
	}
	for _, b := range s.builtins {
		if b.id == id {
			return true
		}
	}
	return false
}
