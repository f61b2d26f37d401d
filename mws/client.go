package mws

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/spgen/spgen/spapi"
)

// NorthAmerica is the MWS endpoint for the US, Canada, Mexico and Brazil
// marketplaces.
const NorthAmerica = "https://mws.amazonservices.com"

// Config identifies the seller and the developer credentials.
type Config struct {
	// Endpoint is the MWS endpoint URL (NorthAmerica, or
	// https://mws-eu.amazonservices.com, ...).
	Endpoint string
	// AccessKeyID is the developer's AWSAccessKeyId.
	AccessKeyID string
	// SecretKey signs the requests.
	SecretKey spapi.Secret
	// SellerID is the seller's SellerId (Merchant in the Feeds API).
	SellerID string
	// AuthToken is the MWSAuthToken the seller gave the developer; empty
	// when sellers call for themselves.
	AuthToken spapi.Secret
}

// Client makes signed MWS calls for one seller. It is safe for
// concurrent use.
type Client struct {
	cfg      Config
	endpoint *url.URL
	http     *http.Client
	now      func() time.Time
	log      *slog.Logger
	limits   *limits
	retries  int
	backoff  time.Duration
	maxBody  int64
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient sends requests with hc (default http.DefaultClient).
func WithHTTPClient(hc *http.Client) Option { return func(c *Client) { c.http = hc } }

// WithClock makes now the source of Timestamp (default time.Now).
func WithClock(now func() time.Time) Option { return func(c *Client) { c.now = now } }

// WithLogger logs one line per request (action, status, attempt; never a
// credential) to l.
func WithLogger(l *slog.Logger) Option { return func(c *Client) { c.log = l } }

// WithRetries retries a throttled request up to n times, waiting base,
// 2·base, 4·base, ... (capped at one minute) in between (default 5 and
// one second).
func WithRetries(n int, base time.Duration) Option {
	return func(c *Client) { c.retries, c.backoff = n, base }
}

// WithQuota replaces the documented request quota of a throttling group
// (an action name, e.g. "ListOrders", which ListOrdersByNextToken shares):
// burst requests at once, then one more every restore.
func WithQuota(action string, burst int, restore time.Duration) Option {
	return func(c *Client) { c.limits.set(action, burst, restore) }
}

// WithMaxResponse bounds the size of an XML response body read into
// memory (default 16 MiB); a larger one is an error. Feed submission
// results are streamed and not bounded by it.
func WithMaxResponse(n int64) Option { return func(c *Client) { c.maxBody = n } }

// New returns a Client for cfg.
func New(cfg Config, opts ...Option) (*Client, error) {
	if cfg.Endpoint == "" {
		cfg.Endpoint = NorthAmerica
	}
	u, err := url.Parse(cfg.Endpoint)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("mws: endpoint %q is not an http(s) URL", cfg.Endpoint)
	}
	if cfg.AccessKeyID == "" || cfg.SecretKey == "" || cfg.SellerID == "" {
		return nil, errors.New("mws: Config needs AccessKeyID, SecretKey and SellerID")
	}
	c := &Client{cfg: cfg, endpoint: u, http: http.DefaultClient, now: time.Now, limits: newLimits(),
		retries: 5, backoff: time.Second, maxBody: 16 << 20}
	for _, o := range opts {
		o(c)
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	return c, nil
}

// call is one MWS request.
type call struct {
	action  string
	path    string // "/Orders/2013-09-01"
	version string
	params  map[string]string
	// sellerParam is the name of the seller parameter: SellerId, or
	// Merchant in the Feeds API.
	sellerParam string
	// body, when set, is sent as the request body (parameters go in the
	// query string); otherwise the parameters are the form body.
	body        io.ReadSeeker
	bodySize    int64
	contentType string
	md5         string // Content-MD5 of body
	cost        int    // quota tokens (GetMatchingProduct: one per ASIN)
}

// signedParams returns the parameters of c with the common and signature
// parameters added.
func (cl *Client) signedParams(c *call) map[string]string {
	p := make(map[string]string, len(c.params)+8)
	for k, v := range c.params {
		p[k] = v
	}
	p["Action"] = c.action
	p["AWSAccessKeyId"] = cl.cfg.AccessKeyID
	seller := c.sellerParam
	if seller == "" {
		seller = "SellerId"
	}
	p[seller] = cl.cfg.SellerID
	if cl.cfg.AuthToken != "" {
		p["MWSAuthToken"] = cl.cfg.AuthToken.Value()
	}
	p["SignatureMethod"] = SignatureMethod
	p["SignatureVersion"] = SignatureVersion
	p["Timestamp"] = cl.now().UTC().Format("2006-01-02T15:04:05Z")
	p["Version"] = c.version
	p["Signature"] = Sign([]byte(cl.cfg.SecretKey.Value()), StringToSign(http.MethodPost, cl.endpoint.Host, c.path, p))
	return p
}

// encodeParams is the query or form text of signed parameters (the
// signature included), encoded as for signing.
func encodeParams(p map[string]string) string {
	return CanonicalQuery(p) + "&Signature=" + Encode(p["Signature"])
}

// newRequest builds the signed HTTP request of c.
func (cl *Client) newRequest(ctx context.Context, c *call) (*http.Request, error) {
	u := *cl.endpoint
	u.Path = c.path
	q := encodeParams(cl.signedParams(c))
	var body io.Reader
	ctype := "application/x-www-form-urlencoded; charset=utf-8"
	size := int64(len(q))
	if c.body != nil {
		u.RawQuery = q
		if _, err := c.body.Seek(0, io.SeekStart); err != nil {
			return nil, fmt.Errorf("mws: %s: rewinding the body: %w", c.action, err)
		}
		body, ctype, size = io.NopCloser(c.body), c.contentType, c.bodySize
	} else {
		body = strings.NewReader(q)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("mws: %s: %w", c.action, withoutURL(err))
	}
	req.ContentLength = size
	req.Header.Set("Content-Type", ctype)
	if c.md5 != "" {
		req.Header.Set("Content-MD5", c.md5)
	}
	req.Header.Set("User-Agent", "spgen-mws/1.0 (Language=Go)")
	return req, nil
}

// do sends c, honouring its quota and retrying while Amazon throttles,
// and returns the successful response (the caller closes its body).
func (cl *Client) do(ctx context.Context, c *call) (*http.Response, error) {
	for attempt := 0; ; attempt++ {
		if err := cl.limits.wait(ctx, c.action, max(c.cost, 1)); err != nil {
			return nil, err
		}
		req, err := cl.newRequest(ctx, c)
		if err != nil {
			return nil, err
		}
		resp, err := cl.http.Do(req)
		if err != nil {
			return nil, fmt.Errorf("mws: %s: %w", c.action, withoutURL(err))
		}
		cl.log.LogAttrs(ctx, slog.LevelDebug, "mws request", slog.String("action", c.action), slog.Int("status", resp.StatusCode), slog.Int("attempt", attempt+1))
		if resp.StatusCode/100 == 2 {
			return resp, nil
		}
		apiErr := readError(c.action, resp, cl.maxBody)
		if !apiErr.Throttled() || attempt >= cl.retries {
			return nil, apiErr
		}
		wait := min(cl.backoff<<attempt, time.Minute)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// withoutURL drops the URL from a *url.Error: the query of a feed
// submission holds the signature and the MWSAuthToken.
func withoutURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// decode sends c and decodes its XML response into v.
func (cl *Client) decode(ctx context.Context, c *call, v any) error {
	resp, err := cl.do(ctx, c)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, cl.maxBody+1))
	if err != nil {
		return fmt.Errorf("mws: %s: reading the response: %w", c.action, err)
	}
	if int64(len(data)) > cl.maxBody {
		return fmt.Errorf("mws: %s: response larger than %d bytes", c.action, cl.maxBody)
	}
	if err := xml.NewDecoder(bytes.NewReader(data)).Decode(v); err != nil {
		return fmt.Errorf("mws: %s: decoding the response: %w", c.action, err)
	}
	return nil
}

// listParams sets name.1, name.2, ... to values (MWS lists:
// MarketplaceId.Id.1, ASINList.ASIN.1, ...).
func listParams(p map[string]string, prefix string, values []string) {
	for i, v := range values {
		p[fmt.Sprintf("%s.%d", prefix, i+1)] = v
	}
}

// timeParam formats t as MWS expects dates (ISO 8601, UTC).
func timeParam(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }
