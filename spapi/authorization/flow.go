// Package authorization runs the SP-API website authorisation workflow:
// it builds the Seller Central or Vendor Central consent URL with a
// state bound to the user's session, checks that state on the redirect
// back (refusing forged, expired and replayed ones), exchanges the
// spapi_oauth_code for a refresh token through Login with Amazon, and
// hands the result to an spapi.CredentialsStore. It touches only the LWA
// token endpoint, the nonce store and the credentials store it is given.
package authorization

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/spgen/spgen/spapi"
	"golang.org/x/oauth2"
)

// Flow is the website authorisation workflow of one application.
type Flow struct {
	// ApplicationID is the application's ID in Seller or Vendor Central
	// ("amzn1.sp.solution.…"), not its LWA client ID.
	ApplicationID string
	// ClientID and ClientSecret are the application's LWA credentials.
	ClientID     string
	ClientSecret spapi.Secret
	// RedirectURI is where Amazon sends the selling partner back; it must
	// be one of the application's registered redirect URIs. Empty: the
	// first registered one, and no redirect_uri in the code exchange.
	RedirectURI string
	// Draft adds version=beta, for applications not yet published.
	Draft bool
	// StateKey signs states (at least 32 random bytes, shared by the
	// servers handling the redirects).
	StateKey []byte
	// StateTTL bounds the time from consent URL to redirect (default 10
	// minutes).
	StateTTL time.Duration
	// Nonces remembers used states (default a MemoryNonces, for a single
	// server).
	Nonces NonceStore
	// Store receives each selling partner's refresh token.
	Store spapi.CredentialsStore
	// TokenURL overrides spapi.LWATokenURL.
	TokenURL string
	// HTTPClient makes the code exchange (default http.DefaultClient).
	HTTPClient *http.Client

	memNonces MemoryNonces // Nonces when nil
}

// Authorization is a completed authorisation.
type Authorization struct {
	SellingPartnerID string
	RefreshToken     spapi.Secret
}

func (f *Flow) check() error {
	switch {
	case f.ApplicationID == "":
		return errors.New("authorization: Flow needs the ApplicationID")
	case len(f.StateKey) < 32:
		return errors.New("authorization: Flow needs a StateKey of at least 32 bytes")
	}
	return nil
}

func (f *Flow) ttl() time.Duration {
	if f.StateTTL > 0 {
		return f.StateTTL
	}
	return 10 * time.Minute
}

// ConsentURL returns the URL to send the user of session to: central is
// the Seller Central or Vendor Central base URL of the selling partner's
// marketplace (see SellerCentral and VendorCentral), session any stable
// identifier of the user's session on your site (the state is bound to
// it and is checked against it on the way back).
func (f *Flow) ConsentURL(central, session string) (string, error) {
	if err := f.check(); err != nil {
		return "", err
	}
	if session == "" {
		return "", errors.New("authorization: ConsentURL needs the user's session")
	}
	u, err := url.Parse(central)
	if err != nil || u.Host == "" || u.Scheme != "https" && u.Scheme != "http" {
		return "", fmt.Errorf("authorization: %q is not a Seller or Vendor Central URL", central)
	}
	u.Path = strings.TrimSuffix(u.Path, "/") + "/apps/authorize/consent"
	q := url.Values{}
	q.Set("application_id", f.ApplicationID)
	q.Set("state", newState(f.StateKey, session, time.Now().Add(f.ttl())))
	if f.RedirectURI != "" {
		q.Set("redirect_uri", f.RedirectURI)
	}
	if f.Draft {
		q.Set("version", "beta")
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// Complete handles the redirect back from Amazon for the user of session:
// it checks the state (a forged, expired, other session's or already used
// one is refused with a *StateError before anything else happens),
// exchanges spapi_oauth_code for a refresh token and saves it to Store
// under selling_partner_id. A seller authorising again after a revocation
// is known to an spapi.Fleet only once you call its Forget.
func (f *Flow) Complete(ctx context.Context, r *http.Request, session string) (*Authorization, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	q := r.URL.Query()
	nonce, expiry, err := checkState(f.StateKey, session, q.Get("state"), time.Now())
	if err != nil {
		return nil, err
	}
	code, partner := q.Get("spapi_oauth_code"), q.Get("selling_partner_id")
	if code == "" || partner == "" {
		return nil, errors.New("authorization: the redirect lacks spapi_oauth_code or selling_partner_id")
	}
	var nonces NonceStore = &f.memNonces
	if f.Nonces != nil {
		nonces = f.Nonces
	}
	first, err := nonces.Use(ctx, nonce, time.Until(expiry)+time.Minute)
	if err != nil {
		return nil, fmt.Errorf("authorization: recording the state: %w", err)
	}
	if !first {
		return nil, &StateError{ErrReplayedState, "the redirect was received before"}
	}
	tokenURL := f.TokenURL
	if tokenURL == "" {
		tokenURL = spapi.LWATokenURL
	}
	conf := oauth2.Config{
		ClientID:     f.ClientID,
		ClientSecret: f.ClientSecret.Value(),
		Endpoint:     oauth2.Endpoint{TokenURL: tokenURL, AuthStyle: oauth2.AuthStyleInParams},
		RedirectURL:  f.RedirectURI,
	}
	if f.HTTPClient != nil {
		ctx = context.WithValue(ctx, oauth2.HTTPClient, f.HTTPClient)
	}
	tok, err := conf.Exchange(ctx, code)
	if err != nil {
		return nil, fmt.Errorf("authorization: exchanging the code of selling partner %s: %w", partner, spapi.LWAError(ctx, err))
	}
	if tok.RefreshToken == "" {
		return nil, fmt.Errorf("authorization: LWA returned no refresh token for selling partner %s", partner)
	}
	a := &Authorization{SellingPartnerID: partner, RefreshToken: spapi.Secret(tok.RefreshToken)}
	if f.Store != nil {
		if err := f.Store.SaveRefreshToken(ctx, partner, a.RefreshToken); err != nil {
			return nil, fmt.Errorf("authorization: saving the refresh token of selling partner %s: %w", partner, err)
		}
	}
	return a, nil
}
