package spapi

import (
	"context"
	"net/http"
	"strings"
)

// seller is whom a request acts for: the selling partner (or, for a
// grantless client, the application) whose quota the limiter tracks and
// whose tokens authenticate the request. One transport stack serves any
// number of sellers; each Client tags its requests with its own.
type seller struct {
	// id names the seller in limiter keys: its selling partner ID.
	id string
	// lwaID is its LWA token's identity in the token caches; rdtID the
	// prefix of its RDTs' identities.
	lwaID, rdtID string
	source       TokenSource
}

func newSeller(clientID, id string, scopes []string, source TokenSource) *seller {
	base := clientID + "\x00" + id + "\x00" + strings.Join(scopes, " ")
	return &seller{id: id, lwaID: "lwa\x00" + base, rdtID: "rdt\x00" + base + "\x00", source: source}
}

type sellerKey struct{}

func withSeller(ctx context.Context, s *seller) context.Context {
	return context.WithValue(ctx, sellerKey{}, s)
}

// sellerFrom returns the seller a request's context carries, or def.
func sellerFrom(ctx context.Context, def *seller) *seller {
	if s, ok := ctx.Value(sellerKey{}).(*seller); ok {
		return s
	}
	return def
}

// sellerTransport tags each request with its Client's seller.
type sellerTransport struct {
	next   http.RoundTripper
	seller *seller
}

// RoundTrip implements http.RoundTripper.
func (t *sellerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return t.next.RoundTrip(req.WithContext(withSeller(req.Context(), t.seller)))
}
