package spapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Config says which endpoint to call and with whose credentials. Everything
// optional about how requests are made is set with [Option]s.
type Config struct {
	// Region selects the endpoint; Sandbox picks the region's sandbox.
	Region  Region
	Sandbox bool
	// Endpoint overrides Region, e.g. for a local test server.
	Endpoint string

	// ClientID and ClientSecret are the application's LWA credentials.
	ClientID     string
	ClientSecret Secret
	// RefreshToken is the selling partner's authorisation of the
	// application. Leave it empty and set Scopes for grantless operations.
	RefreshToken Secret
	// Scopes are the grantless scopes, e.g. ScopeNotifications.
	Scopes []string
	// TokenURL overrides LWATokenURL.
	TokenURL string

	// SellingPartnerID names the selling partner (or, for grantless
	// clients, the application) whose quota the rate limiter tracks; all
	// clients sharing a Redis limiter for one seller must agree on it. It
	// defaults to a fingerprint of ClientID and RefreshToken.
	SellingPartnerID string
	// UserAgent is sent on every SP-API request; Amazon asks for
	// "AppName/Version (Language=Go; Platform=OS)".
	UserAgent string
}

type options struct {
	transport   http.RoundTripper
	limiter     Limiter
	retryer     Retryer
	logger      *slog.Logger
	tokenSource TokenSource
	noRDT       bool
	now         func() time.Time
	clock       Clock
	budget      *RetryBudget
	budgetSet   bool

	tokenCache        TokenCache
	tokenCacheKey     []byte
	tokenCacheTimeout time.Duration

	quotaWindows []QuotaWindow
	quotaCounter QuotaCounter
	quotaSet     bool

	middleware                  []namedMiddleware
	callTimeout, attemptTimeout time.Duration
	timeoutsSet                 bool
}

// Option customises a Client.
type Option func(*options)

// WithTransport sets the transport that finally sends requests (default
// http.DefaultTransport).
func WithTransport(rt http.RoundTripper) Option { return func(o *options) { o.transport = rt } }

// WithLimiter sets the rate limiter (default a LocalLimiter per Client); use
// a shared one, e.g. redislimit.Limiter, to share one seller's quota.
func WithLimiter(l Limiter) Option { return func(o *options) { o.limiter = l } }

// WithRetryer sets the retry policy (default StandardRetryer{}).
func WithRetryer(r Retryer) Option { return func(o *options) { o.retryer = r } }

// WithTokenCache keeps tokens in c as well as in the process, so that
// every client sharing c (in any number of processes, for a shared
// implementation such as redisstore.TokenCache) fetches each LWA token
// once per (application, seller, scopes) and each RDT once per (seller,
// restricted resource) per lifetime. Values are encrypted with AES-GCM
// under a key derived with HKDF from the ClientSecret, or from the key
// material given with WithTokenCacheKey. Without it, tokens are cached in
// the process only.
func WithTokenCache(c TokenCache) Option { return func(o *options) { o.tokenCache = c } }

// WithTokenCacheTimeout bounds each call to the token cache (default
// 250 ms); a slower cache is treated as down and the token fetched
// locally.
func WithTokenCacheTimeout(d time.Duration) Option {
	return func(o *options) { o.tokenCacheTimeout = d }
}

// WithTokenCacheKey sets the key material (at least 32 random bytes,
// shared by the fleet) from which the token cache's keys derive, instead
// of the ClientSecret; needed with WithTokenSource, and lets a fleet
// rotate its client secret without dropping the cache.
func WithTokenCacheKey(key []byte) Option {
	return func(o *options) { o.tokenCacheKey = bytes.Clone(key) }
}

// WithRetryBudget sets the retry quota the client's requests share
// (default a fresh NewRetryBudget(500) per Client, or per Fleet); nil turns
// budgeting off, leaving only the Retryer's own limits.
func WithRetryBudget(b *RetryBudget) Option {
	return func(o *options) { o.budget, o.budgetSet = b, true }
}

// WithLogger sets the logger (default: no logging). Records pass through
// RedactingHandler.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithTokenSource replaces Login with Amazon as the access token source.
// Tokens are still cached and shared as for LWA.
func WithTokenSource(ts TokenSource) Option { return func(o *options) { o.tokenSource = ts } }

// WithoutRestrictedDataTokens makes restricted operations use the LWA
// access token, for applications without access to restricted roles.
func WithoutRestrictedDataTokens() Option { return func(o *options) { o.noRDT = true } }

// Client is the configured runtime: pass it to any generated package's
// New (its HTTPClient and Endpoint serve other HTTP code too).
//
//	c, err := spapi.New(spapi.Config{...})
//	orders, err := ordersv0.New(c)
//
// A request passes, outermost first, through logging (slog, redacted),
// StepCall middleware, the call timeout, quota windows, retries (429,
// 5xx, transport errors; never re-sending a non-idempotent request the
// server may have acted on; within the retry budget), StepAttempt
// middleware, authentication (LWA token, or a Restricted Data Token for
// restricted operations), the rate limiter (a token bucket per seller and
// operation, seeded from the operation's usage plan and adapted to
// x-amzn-RateLimit-Limit), StepSend middleware and the attempt timeout;
// the package documentation has the details. Requests without operation
// metadata are neither rate limited nor, unless they go to the SP-API
// endpoint, authenticated. A Client is safe for concurrent use; for many
// sellers use a [Fleet].
type Client struct {
	endpoint string
	http     *http.Client
}

// New returns a Client for cfg.
func New(cfg Config, opts ...Option) (*Client, error) {
	o := newOptions(opts)
	st, err := newStack(cfg, o)
	if err != nil {
		return nil, err
	}
	ts := o.tokenSource
	if ts == nil {
		if cfg.ClientID == "" || cfg.ClientSecret == "" {
			return nil, errors.New("spapi: Config needs ClientID and ClientSecret (or WithTokenSource)")
		}
		if cfg.RefreshToken == "" && len(cfg.Scopes) == 0 {
			return nil, errors.New("spapi: Config needs a RefreshToken, or Scopes for grantless operations")
		}
		knownSecrets.add(cfg.RefreshToken.Value())
		ts = &LWA{
			TokenURL:         cfg.TokenURL,
			ClientID:         cfg.ClientID,
			ClientSecret:     cfg.ClientSecret,
			RefreshToken:     cfg.RefreshToken,
			Scopes:           cfg.Scopes,
			HTTPClient:       st.plain,
			SellingPartnerID: cfg.SellingPartnerID,
		}
	}
	partner := cfg.SellingPartnerID
	if partner == "" {
		h := sha256.Sum256([]byte(cfg.ClientID + "\x00" + cfg.RefreshToken.Value() + "\x00" + strings.Join(cfg.Scopes, " ")))
		partner = "app-" + hex.EncodeToString(h[:8])
	}
	return st.client(newSeller(cfg.ClientID, partner, cfg.Scopes, ts)), nil
}

func newOptions(opts []Option) *options {
	o := &options{}
	for _, f := range opts {
		f(o)
	}
	if o.transport == nil {
		o.transport = http.DefaultTransport
	}
	if o.clock == nil {
		o.clock = RealClock{}
	}
	if o.limiter == nil {
		o.limiter = &LocalLimiter{Clock: o.clock}
	}
	if o.retryer == nil {
		o.retryer = StandardRetryer{}
	}
	if !o.budgetSet {
		o.budget = NewRetryBudget(500)
	}
	if o.logger == nil {
		o.logger = discardLogger
	} else {
		o.logger = slog.New(RedactingHandler(o.logger.Handler()))
	}
	if o.now == nil {
		o.now = o.clock.Now
	}
	if !o.quotaSet {
		o.quotaWindows = DefaultQuotaWindows()
	}
	if o.quotaCounter == nil {
		o.quotaCounter = &LocalQuota{now: o.now}
	}
	if !o.timeoutsSet {
		o.callTimeout, o.attemptTimeout = DefaultCallTimeout, DefaultAttemptTimeout
	}
	return o
}

// stack is the transport stack one Client, or every seller's Client of a
// Fleet, sends through: the seller of each request comes from its
// context.
type stack struct {
	endpoint string
	rt       http.RoundTripper // the whole stack
	plain    *http.Client      // logging only, for token requests
	tokens   *tokenCache
}

func newStack(cfg Config, o *options) (*stack, error) {
	endpoint := cfg.Endpoint
	if endpoint == "" {
		if cfg.Region.Endpoint == "" {
			return nil, errors.New("spapi: Config needs a Region or an Endpoint")
		}
		endpoint = cfg.Region.URL(cfg.Sandbox)
	}
	endpoint = strings.TrimSuffix(endpoint, "/")
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("spapi: endpoint %q is not an http(s) URL", RedactURL(endpoint))
	}
	knownSecrets.add(cfg.ClientSecret.Value())
	userAgent := cfg.UserAgent
	if userAgent == "" {
		userAgent = "spgen/1 (Language=Go)"
	}
	tokens := newTokenCache()
	tokens.now = o.now
	if err := checkMiddleware(o.middleware); err != nil {
		return nil, err
	}
	// Innermost first. The limiter is inside authentication: a request
	// waits for its turn with its token in hand (so requests waiting on a
	// token fetch do not all go out together when it arrives), and the
	// re-send after a rejected token waits for a turn of its own.
	var rt http.RoundTripper = &timeoutTransport{next: o.transport, d: o.attemptTimeout}
	rt = wrap(StepSend, o.middleware, rt)
	rt = &limitTransport{next: rt, limiter: o.limiter, region: u.Host, clock: o.clock}
	auth := &authTransport{next: rt, host: u.Host, tokens: tokens, userAgent: userAgent, now: o.now, log: o.logger}
	if o.tokenCache != nil {
		secret := o.tokenCacheKey
		if secret == nil {
			secret = []byte(cfg.ClientSecret.Value())
		}
		shared, err := newSharedTokens(o.tokenCache, secret, o.logger, o.now)
		if err != nil {
			return nil, err
		}
		if o.tokenCacheTimeout > 0 {
			shared.opTimeout = o.tokenCacheTimeout
		}
		auth.shared = shared
	}
	rt = wrap(StepAttempt, o.middleware, auth)
	rt = &retryTransport{next: rt, retryer: o.retryer, budget: o.budget, log: o.logger, clock: o.clock}
	rt = newQuotaTransport(rt, o.quotaWindows, o.quotaCounter, o.now, o.logger)
	rt = &timeoutTransport{next: rt, d: o.callTimeout, call: true}
	rt = wrap(StepCall, o.middleware, rt)
	st := &stack{
		endpoint: endpoint,
		rt:       &logTransport{next: rt, log: o.logger},
		plain:    &http.Client{Transport: &logTransport{next: o.transport, log: o.logger}},
		tokens:   tokens,
	}
	if !o.noRDT {
		auth.rdt = newRDTSource(endpoint, &http.Client{Transport: st.rt})
	}
	return st, nil
}

// client returns a Client acting for s.
func (st *stack) client(s *seller) *Client {
	return &Client{endpoint: st.endpoint, http: &http.Client{Transport: &sellerTransport{next: st.rt, seller: s}}}
}

// Endpoint returns the base URL to pass to a generated client.
func (c *Client) Endpoint() string { return c.endpoint }

// HTTPClient returns the *http.Client carrying the whole stack; it
// satisfies every generated package's HttpRequestDoer.
func (c *Client) HTTPClient() *http.Client { return c.http }
