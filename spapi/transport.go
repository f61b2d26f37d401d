package spapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// authTransport puts the access token on requests to the SP-API endpoint:
// a Restricted Data Token for operations marked restricted, the LWA token
// otherwise. Requests to any other host (presigned document URLs) go out
// untouched, so a token never leaves for a third party. A response saying
// the token is invalid or expired drops it from the cache, and the request
// is sent once more with a fresh one: the server refused it unread.
type authTransport struct {
	next      http.RoundTripper
	host      string // endpoint host[:port]
	tokens    *tokenCache
	shared    *sharedTokens // nil: tokens are cached in the process only
	rdt       *rdtSource    // nil: restricted operations use the LWA token
	userAgent string
	now       func() time.Time
	log       *slog.Logger
	seller    *seller // for requests that carry none
}

// forEndpoint reports whether req goes to the SP-API endpoint.
func (t *authTransport) forEndpoint(req *http.Request) bool {
	return req.URL != nil && strings.EqualFold(req.URL.Host, t.host)
}

// get returns identity's token from the caches, fetching it with src on a
// miss.
func (t *authTransport) get(ctx context.Context, identity string, src fetchFunc) (*oauth2.Token, error) {
	fetch := src
	if t.shared != nil {
		fetch = func(ctx context.Context) (*oauth2.Token, error) { return t.shared.fetch(ctx, identity, src) }
	}
	return t.tokens.get(ctx, identity, fetch)
}

// token returns the token for req and a function invalidating it.
func (t *authTransport) token(req *http.Request) (string, func(), error) {
	ctx := req.Context()
	sel := sellerFrom(ctx, t.seller)
	if sel == nil {
		return "", nil, errors.New("spapi: request carries no seller")
	}
	var (
		identity string
		src      fetchFunc
	)
	if op, ok := OperationFromContext(ctx); ok && op.Restricted && t.rdt != nil {
		key := t.rdt.key(req, op)
		identity = sel.rdtID + key
		src = func(ctx context.Context) (*oauth2.Token, error) { return t.rdt.fetch(withSeller(ctx, sel), key) }
	} else {
		identity = sel.lwaID
		src = sel.source.Token
	}
	tok, err := t.get(ctx, identity, src)
	if err != nil {
		return "", nil, err
	}
	return tok.AccessToken, func() {
		t.tokens.invalidate(identity, tok.AccessToken)
		if t.shared != nil {
			t.shared.drop(ctx, identity)
		}
	}, nil
}

func (t *authTransport) authorize(req *http.Request, tok string) *http.Request {
	r := new(http.Request)
	*r = *req
	r.Header = make(http.Header, len(req.Header)+3)
	for k, v := range req.Header {
		r.Header[k] = v
	}
	r.Header["X-Amz-Access-Token"] = []string{tok}
	r.Header["X-Amz-Date"] = []string{t.now().UTC().Format("20060102T150405Z")}
	if r.Header.Get("User-Agent") == "" && t.userAgent != "" {
		r.Header["User-Agent"] = []string{t.userAgent}
	}
	return r
}

// RoundTrip implements http.RoundTripper.
func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !t.forEndpoint(req) {
		return t.next.RoundTrip(req)
	}
	tok, invalidate, err := t.token(req)
	if err != nil {
		closeRequestBody(req)
		return nil, err
	}
	resp, err := t.next.RoundTrip(t.authorize(req, tok))
	if err != nil || !tokenRejected(resp) {
		return resp, err
	}
	invalidate()
	if t.log.Enabled(req.Context(), slog.LevelInfo) {
		attrs := []slog.Attr{slog.Int("status", resp.StatusCode), slog.String("method", req.Method), slog.String("url", redactParsedURL(req.URL))}
		if op, ok := OperationFromContext(req.Context()); ok {
			attrs = append(attrs, slog.String("operation", op.API+"."+op.ID))
		}
		t.log.LogAttrs(req.Context(), slog.LevelInfo, "spapi token rejected, retrying with a fresh one", attrs...)
	}
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		return resp, nil
	}
	tok2, _, err := t.token(req)
	if err != nil || tok2 == tok {
		// No fresh token to try: the caller gets the rejection.
		return resp, nil
	}
	retry := t.authorize(req, tok2)
	if req.GetBody != nil {
		b, err := req.GetBody()
		if err != nil {
			return resp, nil
		}
		retry.Body = b
	}
	drain(resp.Body)
	return t.next.RoundTrip(retry)
}

// tokenRejected reports whether resp says the access token was invalid or
// expired: any 401, or a 403 whose errors mention an expired or invalid
// token (the SP-API answers an expired token with 403 Unauthorized).
func tokenRejected(resp *http.Response) bool {
	switch resp.StatusCode {
	case http.StatusUnauthorized:
		return true
	case http.StatusForbidden:
	default:
		return false
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return false
	}
	var list struct {
		Errors []ErrorDetail `json:"errors"`
	}
	if json.Unmarshal(body, &list) != nil {
		return false
	}
	for _, e := range list.Errors {
		text := strings.ToLower(e.Message + " " + e.Details)
		if strings.Contains(text, "token") && (strings.Contains(text, "expired") || strings.Contains(text, "invalid")) {
			return true
		}
	}
	return false
}

// logTransport logs each request once it completes: operation, method,
// redacted URL, status, duration, request ID and rate limit. It never logs
// headers or bodies.
type logTransport struct {
	next http.RoundTripper
	log  *slog.Logger
}

// RoundTrip implements http.RoundTripper.
func (t *logTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if !t.log.Enabled(ctx, slog.LevelDebug) && !t.log.Enabled(ctx, slog.LevelWarn) {
		return t.next.RoundTrip(req)
	}
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	level := slog.LevelDebug
	switch {
	case err != nil:
		level = slog.LevelWarn
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		level = slog.LevelWarn
	case resp.StatusCode >= 400:
		level = slog.LevelInfo
	}
	if !t.log.Enabled(ctx, level) {
		return resp, err
	}
	attrs := make([]slog.Attr, 0, 8)
	if op, ok := OperationFromContext(ctx); ok {
		attrs = append(attrs, slog.String("operation", op.API+"."+op.ID))
	}
	attrs = append(attrs,
		slog.String("method", req.Method),
		slog.String("url", redactParsedURL(req.URL)),
		slog.Duration("duration", time.Since(start)))
	if err != nil {
		attrs = append(attrs, slog.Any("error", err))
	} else {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
		if id := resp.Header.Get("x-amzn-RequestId"); id != "" {
			attrs = append(attrs, slog.String("request_id", id))
		}
		if rl := resp.Header.Get(rateLimitHeader); rl != "" {
			attrs = append(attrs, slog.String("rate_limit", rl))
		}
	}
	t.log.LogAttrs(ctx, level, "spapi request", attrs...)
	return resp, err
}

// discardLogger logs nothing.
var discardLogger = slog.New(slog.DiscardHandler)
