package spapi

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"golang.org/x/oauth2"
)

// CredentialsProvider gives the refresh token of each selling partner who
// has authorised the application, from wherever the application keeps
// them (a database, a secrets manager). It is asked when a seller's access
// token must be fetched, so a refresh token changed in the store is used
// from the next fetch on. Implementations must be safe for concurrent use.
type CredentialsProvider interface {
	RefreshToken(ctx context.Context, sellingPartnerID string) (Secret, error)
}

// CredentialsStore is a CredentialsProvider that also records new
// authorisations (see the authorization package) and refresh tokens LWA
// rotates.
type CredentialsStore interface {
	CredentialsProvider
	SaveRefreshToken(ctx context.Context, sellingPartnerID string, refreshToken Secret) error
}

// ErrUnknownSeller is returned, wrapped, by MemoryCredentials for a seller
// it has no refresh token for.
var ErrUnknownSeller = errors.New("spapi: no refresh token for the selling partner")

// MemoryCredentials is an in-memory CredentialsStore, for tests and small
// tools. The zero value is ready to use.
type MemoryCredentials struct {
	mu     sync.RWMutex
	tokens map[string]Secret
}

// RefreshToken implements CredentialsProvider.
func (m *MemoryCredentials) RefreshToken(_ context.Context, id string) (Secret, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if t, ok := m.tokens[id]; ok {
		return t, nil
	}
	return "", fmt.Errorf("%w %s", ErrUnknownSeller, id)
}

// SaveRefreshToken implements CredentialsStore.
func (m *MemoryCredentials) SaveRefreshToken(_ context.Context, id string, t Secret) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.tokens == nil {
		m.tokens = map[string]Secret{}
	}
	knownSecrets.add(t.Value())
	m.tokens[id] = t
	return nil
}

// Fleet serves many selling partners through one transport stack: one
// transport, token cache, limiter and retry budget. [Fleet.Seller] gives
// a cheap Client per seller whose requests use that seller's tokens and
// rate-limit buckets. A seller whose authorisation was revoked fails alone
// with an *AuthError matching [ErrRevoked] and naming the seller.
type Fleet struct {
	st       *stack
	clientID string
	secret   Secret
	tokenURL string
	creds    CredentialsProvider
	clients  sync.Map // selling partner ID → *Client
}

// NewFleet returns a Fleet for the application cfg describes (ClientID,
// ClientSecret, Region or Endpoint; RefreshToken, Scopes and
// SellingPartnerID are ignored), with refresh tokens from creds.
func NewFleet(cfg Config, creds CredentialsProvider, opts ...Option) (*Fleet, error) {
	if cfg.ClientID == "" || cfg.ClientSecret == "" {
		return nil, errors.New("spapi: Fleet needs ClientID and ClientSecret")
	}
	if creds == nil {
		return nil, errors.New("spapi: Fleet needs a CredentialsProvider")
	}
	o := newOptions(opts)
	st, err := newStack(cfg, o)
	if err != nil {
		return nil, err
	}
	return &Fleet{st: st, clientID: cfg.ClientID, secret: cfg.ClientSecret, tokenURL: cfg.TokenURL, creds: creds}, nil
}

// Seller returns the Client acting for the selling partner; the same one
// for the same ID. Creating it costs a few small allocations and no
// request: its token is fetched on its first call.
func (f *Fleet) Seller(sellingPartnerID string) *Client {
	if c, ok := f.clients.Load(sellingPartnerID); ok {
		return c.(*Client)
	}
	src := &fleetSource{f: f, id: sellingPartnerID}
	c, _ := f.clients.LoadOrStore(sellingPartnerID, f.st.client(newSeller(f.clientID, sellingPartnerID, nil, src)))
	return c.(*Client)
}

// Forget drops the seller's cached LWA token and any remembered refusal
// of its refresh token (a refusal is kept for 30 s so that a revoked
// seller's calls do not each ask LWA again). Call it when the seller has
// authorised the application anew, so the new refresh token is used at
// once.
func (f *Fleet) Forget(sellingPartnerID string) {
	if c, ok := f.clients.Load(sellingPartnerID); ok {
		f.st.tokens.forget(c.(*Client).http.Transport.(*sellerTransport).seller.lwaID)
	}
}

// Endpoint returns the base URL every seller's Client calls.
func (f *Fleet) Endpoint() string { return f.st.endpoint }

// fleetSource fetches one seller's LWA token with the refresh token its
// Fleet's provider holds, saving a rotated one to a CredentialsStore.
type fleetSource struct {
	f  *Fleet
	id string
}

// Token implements TokenSource.
func (s *fleetSource) Token(ctx context.Context) (*oauth2.Token, error) {
	rt, err := s.f.creds.RefreshToken(ctx, s.id)
	if err != nil {
		return nil, fmt.Errorf("spapi: refresh token of selling partner %s: %w", s.id, err)
	}
	knownSecrets.add(rt.Value())
	l := &LWA{TokenURL: s.f.tokenURL, ClientID: s.f.clientID, ClientSecret: s.f.secret, RefreshToken: rt,
		HTTPClient: s.f.st.plain, SellingPartnerID: s.id}
	tok, err := l.Token(ctx)
	if err != nil {
		return nil, err
	}
	if store, ok := s.f.creds.(CredentialsStore); ok && l.rotated != "" {
		if err := store.SaveRefreshToken(ctx, s.id, l.rotated); err != nil {
			return nil, fmt.Errorf("spapi: saving the rotated refresh token of selling partner %s: %w", s.id, err)
		}
	}
	return tok, nil
}
