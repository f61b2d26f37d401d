package spapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// A TokenSource fetches a fresh access token. It need not cache: the client
// caches what it returns until shortly before Expiry and makes sure
// concurrent callers share one fetch.
type TokenSource interface {
	Token(ctx context.Context) (*oauth2.Token, error)
}

// TokenSourceFunc adapts a function to [TokenSource].
type TokenSourceFunc func(ctx context.Context) (*oauth2.Token, error)

// Token calls f.
func (f TokenSourceFunc) Token(ctx context.Context) (*oauth2.Token, error) { return f(ctx) }

// Grantless scopes for operations that act for the application rather than
// a selling partner.
const (
	ScopeNotifications            = "sellingpartnerapi::notifications"
	ScopeClientCredentialRotation = "sellingpartnerapi::client_credential:rotation"
)

// LWA fetches Login with Amazon access tokens with golang.org/x/oauth2. With
// a RefreshToken it uses the refresh-token grant (calls on behalf of the
// selling partner who authorised the application); without one it uses the
// client-credentials grant for the grantless Scopes.
type LWA struct {
	// TokenURL defaults to LWATokenURL.
	TokenURL     string
	ClientID     string
	ClientSecret Secret
	RefreshToken Secret
	Scopes       []string
	// HTTPClient makes the token requests; nil means a plain
	// http.DefaultTransport client.
	HTTPClient *http.Client
	// SellingPartnerID, when set, is put in the *AuthError of a refused
	// request, so that an application serving many sellers knows whose
	// authorisation failed.
	SellingPartnerID string

	mu      sync.Mutex
	rotated Secret // refresh token returned by the server, if it differs
}

// Token fetches a new access token.
func (l *LWA) Token(ctx context.Context) (*oauth2.Token, error) {
	tokenURL := l.TokenURL
	if tokenURL == "" {
		tokenURL = LWATokenURL
	}
	knownSecrets.add(l.ClientSecret.Value())
	if l.HTTPClient != nil {
		ctx = context.WithValue(ctx, oauth2.HTTPClient, l.HTTPClient)
	}
	var (
		tok *oauth2.Token
		err error
	)
	if l.RefreshToken == "" {
		if len(l.Scopes) == 0 {
			return nil, errors.New("spapi: LWA needs a refresh token or grantless scopes")
		}
		cc := clientcredentials.Config{
			ClientID:     l.ClientID,
			ClientSecret: l.ClientSecret.Value(),
			TokenURL:     tokenURL,
			Scopes:       l.Scopes,
			AuthStyle:    oauth2.AuthStyleInParams,
		}
		tok, err = cc.Token(ctx)
	} else {
		l.mu.Lock()
		refresh := l.RefreshToken
		if l.rotated != "" {
			refresh = l.rotated
		}
		l.mu.Unlock()
		knownSecrets.add(refresh.Value())
		conf := oauth2.Config{
			ClientID:     l.ClientID,
			ClientSecret: l.ClientSecret.Value(),
			Endpoint:     oauth2.Endpoint{TokenURL: tokenURL, AuthStyle: oauth2.AuthStyleInParams},
		}
		tok, err = conf.TokenSource(ctx, &oauth2.Token{RefreshToken: refresh.Value()}).Token()
		if err == nil && tok.RefreshToken != "" && tok.RefreshToken != refresh.Value() {
			knownSecrets.add(tok.RefreshToken)
			l.mu.Lock()
			l.rotated = Secret(tok.RefreshToken)
			l.mu.Unlock()
		}
	}
	if err != nil {
		err = authError(ctx, err)
		if ae, ok := err.(*AuthError); ok {
			ae.SellingPartnerID = l.SellingPartnerID
		}
		return nil, err
	}
	knownSecrets.add(tok.AccessToken)
	return tok, nil
}

// AuthError is a Login with Amazon token request the token endpoint
// answered with an error. It carries the OAuth error code and a scrubbed
// description, never the response body, which may echo the credentials
// sent. A token endpoint that cannot be reached gives a *[NetworkError]
// instead. [IsAuth] is true only when the endpoint refused the credentials
// (a 4xx other than 429); [IsRetryable] when it was in trouble (429, 5xx).
type AuthError struct {
	// StatusCode is the token endpoint's HTTP status, 0 if its answer
	// could not be read.
	StatusCode int
	// Code is the OAuth error code (RFC 6749), e.g. "invalid_grant".
	Code string
	// Description is the server's error_description with credentials
	// removed.
	Description string
	// Err, when set, says why the answer could not be read.
	Err error
	// SellingPartnerID is the seller whose refresh token was used, when
	// known (always for a Fleet's clients).
	SellingPartnerID string
}

// ErrRevoked matches (with errors.Is) an *AuthError saying the selling
// partner's refresh token is no longer valid (invalid_grant): the seller
// revoked the authorisation, or it expired. Ask that seller to authorise
// the application again; nothing else is wrong.
var ErrRevoked = errors.New("spapi: the selling partner's authorisation is revoked or expired")

// Is reports whether target is ErrRevoked and e an invalid_grant refusal.
func (e *AuthError) Is(target error) bool {
	return target == ErrRevoked && e.Code == "invalid_grant" && e.Refused()
}

// Error describes the failure without any credential.
func (e *AuthError) Error() string {
	s := "spapi: login with amazon"
	if e.SellingPartnerID != "" {
		s += " for selling partner " + e.SellingPartnerID
	}
	if e.StatusCode != 0 {
		s += fmt.Sprintf(": HTTP %d", e.StatusCode)
	}
	if e.Code != "" {
		s += ": " + e.Code
	}
	if e.Description != "" {
		s += ": " + e.Description
	}
	if e.Err != nil {
		s += ": " + Scrub(e.Err.Error())
	}
	return s
}

// Unwrap returns Err.
func (e *AuthError) Unwrap() error { return e.Err }

// Refused reports whether the token endpoint refused the credentials: an
// HTTP 4xx answer other than 429 (invalid_grant, invalid_client, ...).
func (e *AuthError) Refused() bool {
	return e.StatusCode >= 400 && e.StatusCode < 500 && e.StatusCode != http.StatusTooManyRequests
}

// Temporary reports whether the token endpoint was in trouble (429 or
// 5xx), so that a later request may succeed.
func (e *AuthError) Temporary() bool {
	return e.StatusCode == http.StatusTooManyRequests || e.StatusCode >= 500
}

var oauthCode = regexp.MustCompile(`^[a-z_]{1,64}$`)

// LWAError turns an error golang.org/x/oauth2 returned for a request to
// the Login with Amazon token endpoint into an *AuthError (the endpoint
// answered; scrubbed of credentials) or a *NetworkError (it could not be
// reached); the caller's cancellation stays what it is. The
// authorization package uses it for the code exchange.
func LWAError(ctx context.Context, err error) error { return authError(ctx, err) }

// authError turns an x/oauth2 error into an *AuthError (the token endpoint
// answered) or a *NetworkError (it could not be reached) without keeping
// anything that could carry a credential. The caller's cancellation stays
// what it is.
func authError(ctx context.Context, err error) error {
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return fmt.Errorf("spapi: login with amazon: %w", ctx.Err())
	}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		ae := &AuthError{}
		if re.Response != nil {
			ae.StatusCode = re.Response.StatusCode
		}
		if oauthCode.MatchString(re.ErrorCode) {
			ae.Code = re.ErrorCode
		}
		if d := Scrub(re.ErrorDescription); len(d) <= 512 {
			ae.Description = d
		}
		return ae
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		// http.Client failed: no answer (refused, reset, EOF, timeout).
		return &NetworkError{Service: "login with amazon", Err: RedactError(err)}
	}
	return &AuthError{Err: errors.New(Scrub(err.Error()))}
}

// tokenCache caches tokens by key until early before they expire. A miss
// starts one fetch per key; every caller asking meanwhile waits for that
// fetch or for its own context, whichever ends first. The fetch runs on a
// context detached from the caller's cancellation so that one impatient
// caller does not fail the others.
type tokenCache struct {
	early time.Duration
	// refusedFor is how long a refusal of the credentials is remembered
	// before LWA is asked again.
	refusedFor time.Duration
	timeout    time.Duration
	now        func() time.Time

	mu      sync.Mutex
	entries map[string]*cacheEntry
	pruneAt int // sweep stale entries when the map reaches this size
}

type cacheEntry struct {
	tok    *oauth2.Token
	got    time.Time // when tok arrived
	flight *flight
	// refused is the token endpoint's refusal of the credentials
	// (IsAuth), kept until refusedUntil so that a revoked seller's calls
	// do not each ask LWA again.
	refused      error
	refusedUntil time.Time
}

type flight struct {
	done chan struct{}
	tok  *oauth2.Token
	err  error
}

// fetchFunc fetches a token; the cache calls it on a context of its own.
type fetchFunc func(ctx context.Context) (*oauth2.Token, error)

func newTokenCache() *tokenCache {
	return &tokenCache{
		refusedFor: 30 * time.Second,
		early:      60 * time.Second,
		timeout:    30 * time.Second,
		now:        time.Now,
		entries:    map[string]*cacheEntry{},
		pruneAt:    minPrune,
	}
}

// minPrune is the cache size below which stale entries are left alone.
const minPrune = 256

// prune drops the entries holding no usable token and no fetch, so that
// keys used once (an RDT per report document) do not pile up. c.mu is
// held.
func (c *tokenCache) prune() {
	for k, e := range c.entries {
		if e.flight == nil && !c.fresh(e) {
			delete(c.entries, k)
		}
	}
	c.pruneAt = max(minPrune, 2*len(c.entries))
}

// fresh reports whether e's token is usable for at least the early
// margin: c.early, or half the token's lifetime for short-lived tokens.
func (c *tokenCache) fresh(e *cacheEntry) bool {
	t := e.tok
	if t == nil || t.AccessToken == "" {
		return false
	}
	if t.Expiry.IsZero() {
		return true
	}
	early := min(c.early, t.Expiry.Sub(e.got)/2)
	return c.now().Add(early).Before(t.Expiry)
}

// get returns a token for key that stays valid for at least c.early,
// from the cache or from one call of fetch shared by every caller asking
// meanwhile.
func (c *tokenCache) get(ctx context.Context, key string, fetch fetchFunc) (*oauth2.Token, error) {
	c.mu.Lock()
	e := c.entries[key]
	if e == nil {
		if len(c.entries) >= c.pruneAt {
			c.prune()
		}
		e = &cacheEntry{}
		c.entries[key] = e
	}
	if c.fresh(e) {
		t := e.tok
		c.mu.Unlock()
		return t, nil
	}
	if e.refused != nil && c.now().Before(e.refusedUntil) {
		err := e.refused
		c.mu.Unlock()
		return nil, err
	}
	f := e.flight
	if f == nil {
		f = &flight{done: make(chan struct{})}
		e.flight = f
		go c.run(e, f, fetch)
	}
	c.mu.Unlock()
	select {
	case <-f.done:
		return f.tok, f.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (c *tokenCache) run(e *cacheEntry, f *flight, fetch fetchFunc) {
	// A fresh context: the fetch serves every waiter, so it must neither
	// end with the first caller's context nor report to its
	// httptrace.ClientTrace.
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	tok, err := fetch(ctx)
	if err == nil && (tok == nil || tok.AccessToken == "") {
		err = errors.New("spapi: token source returned an empty token")
	}
	c.mu.Lock()
	e.flight = nil
	e.refused = nil
	if err == nil {
		tok = c.onClock(tok)
		e.tok, e.got = tok, c.now()
	} else if IsAuth(err) && c.refusedFor > 0 {
		e.refused, e.refusedUntil = err, c.now().Add(c.refusedFor)
	}
	c.mu.Unlock()
	f.tok, f.err = tok, err
	close(f.done)
}

// onClock returns tok with its Expiry, which token sources compute from
// the wall clock (x/oauth2, expires_in), moved onto the cache's clock, so
// that a client on a virtual clock refreshes when its clock says so.
func (c *tokenCache) onClock(tok *oauth2.Token) *oauth2.Token {
	if tok.Expiry.IsZero() {
		return tok
	}
	moved := *tok
	moved.Expiry = c.now().Add(time.Until(tok.Expiry))
	return &moved
}

// forget drops whatever is cached for key: token and refusal.
func (c *tokenCache) forget(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[key]; e != nil {
		e.tok, e.refused = nil, nil
	}
}

// invalidate drops the cached token for key if it is still access; a
// token refreshed meanwhile by another caller stays.
func (c *tokenCache) invalidate(key, access string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[key]; e != nil && e.tok != nil && e.tok.AccessToken == access {
		e.tok = nil
	}
}
