package spapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"sync/atomic"
	"time"
)

// Attempt is what a [Retryer] decides on: one try of a request and how it
// ended.
type Attempt struct {
	// Number counts tries from 1.
	Number int
	// Request is the request as the caller made it.
	Request *http.Request
	// Operation is the request's operation metadata, nil for requests
	// without (a presigned document URL, say).
	Operation *Operation
	// Response is the response, nil when Err is set.
	Response *http.Response
	// Err is the transport error, nil when Response is set.
	Err error
	// Idempotent reports whether re-sending the request is harmless: its
	// method is GET, HEAD or OPTIONS, or it carries an idempotency key.
	Idempotent bool
	// Sent reports whether the request may have reached the server: a
	// connection was obtained for it. False only when it certainly did not
	// (DNS, dial or TLS handshake failure).
	Sent bool
}

// Safe reports whether re-sending the request cannot make the server act
// twice: it is idempotent, it was never sent, or the server refused it
// unprocessed with 429 Too Many Requests (the SP-API throttles before
// processing). The client never re-sends an attempt that is not Safe,
// whatever the Retryer says: a buyer must never get the same message twice.
func (a Attempt) Safe() bool {
	return a.Idempotent || !a.Sent ||
		(a.Err == nil && a.Response != nil && a.Response.StatusCode == http.StatusTooManyRequests)
}

// A Retryer decides whether and when to try a request again.
type Retryer interface {
	// Retry returns how long to wait before the next try, and false to
	// stop and hand the attempt's result to the caller.
	Retry(a Attempt) (delay time.Duration, retry bool)
}

// StandardRetryer retries throttling (429), server errors (5xx) and
// transport errors with capped exponential backoff and jitter, as AWS SDKs
// do. The zero value uses the defaults documented on each field.
type StandardRetryer struct {
	// MaxAttempts bounds the tries per request, the first included
	// (default 5).
	MaxAttempts int
	// BaseDelay is the backoff before the second try (default 250ms); it
	// doubles for each further try.
	BaseDelay time.Duration
	// MaxDelay caps the backoff (default 20s).
	MaxDelay time.Duration
	// Jitter returns the random part of a backoff, from 0 to n (default
	// math/rand/v2's N); it must be safe for concurrent use. A seeded one
	// makes backoffs, and so a run on a virtual clock, repeat exactly.
	Jitter func(n time.Duration) time.Duration
}

// Retry implements Retryer.
func (r StandardRetryer) Retry(a Attempt) (time.Duration, bool) {
	maxAttempts := r.MaxAttempts
	if maxAttempts == 0 {
		maxAttempts = 5
	}
	if a.Number >= maxAttempts || !a.Safe() {
		return 0, false
	}
	if a.Err != nil {
		if !retryableError(a.Err) {
			return 0, false
		}
	} else if s := a.Response.StatusCode; s != http.StatusTooManyRequests && s < 500 {
		return 0, false
	}
	base, maxDelay := r.BaseDelay, r.MaxDelay
	if base == 0 {
		base = 250 * time.Millisecond
	}
	if maxDelay == 0 {
		maxDelay = 20 * time.Second
	}
	d := base << min(a.Number-1, 30)
	if d <= 0 || d > maxDelay {
		d = maxDelay
	}
	// Equal jitter: half fixed, half random, so that a herd of throttled
	// callers spreads out but none retries at once.
	jitter := r.Jitter
	if jitter == nil {
		jitter = rand.N[time.Duration]
	}
	d = d/2 + jitter(d/2+1)
	if a.Response != nil {
		if s, err := strconv.Atoi(a.Response.Header.Get("Retry-After")); err == nil && s > 0 {
			d = max(d, min(time.Duration(s)*time.Second, maxDelay))
		}
	}
	return d, true
}

// retryableError reports whether a transport error may pass: not the
// caller's cancellation, not a refusal of the credentials, not an SP-API
// answer (say, from createRestrictedDataToken) that is no 429 or 5xx.
func retryableError(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var ae *AuthError
	if errors.As(err, &ae) {
		return ae.Temporary()
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Throttled() || e.StatusCode >= 500
	}
	return true
}

// retryTransport re-sends requests as its Retryer decides, never an attempt
// that is not Safe, and waits between tries honouring the context.
type retryTransport struct {
	next    http.RoundTripper
	retryer Retryer
	budget  *RetryBudget // nil: retries are not budgeted
	log     *slog.Logger
	clock   Clock
}

// succeeded reports whether an attempt ended well enough to refund the
// retry budget: the server answered with neither a throttle nor a server
// error.
func succeeded(resp *http.Response, err error) bool {
	return err == nil && resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode < 500
}

// idempotencyHeaders mark a request the server de-duplicates.
var idempotencyHeaders = []string{"x-amzn-IdempotencyKey", "Idempotency-Key", "X-Idempotency-Key"}

func idempotent(req *http.Request, op *Operation) bool {
	if op != nil {
		if op.Idempotent() {
			return true
		}
	} else {
		switch req.Method {
		case "", http.MethodGet, http.MethodHead, http.MethodOptions:
			return true
		}
	}
	for _, h := range idempotencyHeaders {
		if req.Header.Get(h) != "" {
			return true
		}
	}
	return false
}

// RoundTrip implements http.RoundTripper.
func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	op, _ := OperationFromContext(ctx)
	idem := idempotent(req, op)
	rewindable := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
	paid := 0 // budget tokens the current attempt's retry took
	stats := CallStatsFromContext(ctx)
	for n := 1; ; n++ {
		try := req
		var sent atomic.Bool
		if n > 1 {
			try = req.Clone(ctx)
			if req.GetBody != nil {
				b, err := req.GetBody()
				if err != nil {
					return nil, err
				}
				try.Body = b
			}
		}
		if !idem {
			// Only non-idempotent requests need to know whether they were
			// sent; the others may always be re-sent.
			trace := &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) { sent.Store(true) }}
			try = try.WithContext(httptrace.WithClientTrace(try.Context(), trace))
		}
		resp, err := t.next.RoundTrip(try)
		if stats != nil {
			stats.attempts.Add(1)
			if err == nil && resp.StatusCode == http.StatusTooManyRequests {
				stats.throttles.Add(1)
			}
		}
		if t.budget != nil && succeeded(resp, err) {
			if n == 1 {
				t.budget.refundSuccess()
			} else {
				t.budget.refund(paid)
			}
		}
		a := Attempt{Number: n, Request: req, Operation: op, Response: resp, Err: err, Idempotent: idem, Sent: idem || sent.Load()}
		if err != nil && ctx.Err() != nil {
			return resp, err
		}
		if !rewindable || !a.Safe() {
			return resp, err
		}
		delay, again := t.retryer.Retry(a)
		if !again {
			return resp, err
		}
		if t.budget != nil {
			paid = t.budget.cost(a)
			if !t.budget.take(paid) {
				if stats != nil {
					stats.budgetOut.Store(true)
				}
				if t.log.Enabled(ctx, slog.LevelWarn) {
					attrs := []slog.Attr{slog.Int("attempt", n), slog.String("method", req.Method), slog.String("url", redactParsedURL(req.URL))}
					if op != nil {
						attrs = append(attrs, slog.String("operation", op.API+"."+op.ID))
					}
					t.log.LogAttrs(ctx, slog.LevelWarn, "spapi retry budget spent, not retrying", attrs...)
				}
				return resp, err
			}
		}
		if t.log.Enabled(ctx, slog.LevelInfo) {
			attrs := []slog.Attr{slog.Int("attempt", n), slog.Duration("delay", delay), slog.String("method", req.Method), slog.String("url", redactParsedURL(req.URL))}
			if op != nil {
				attrs = append(attrs, slog.String("operation", op.API+"."+op.ID))
			}
			if resp != nil {
				attrs = append(attrs, slog.Int("status", resp.StatusCode), slog.String("request_id", resp.Header.Get("x-amzn-RequestId")))
			} else {
				attrs = append(attrs, slog.Any("error", err))
			}
			t.log.LogAttrs(ctx, slog.LevelInfo, "spapi retry", attrs...)
		}
		if resp != nil {
			drain(resp.Body)
		}
		if err := sleepUntil(ctx, t.clock, t.clock.Now(), delay); err != nil {
			return nil, fmt.Errorf("spapi: waiting to retry %s: %w", req.Method+" "+req.URL.Path, err)
		}
	}
}

// drain reads a little of body so the connection can be reused, then
// closes it.
func drain(body io.ReadCloser) {
	io.Copy(io.Discard, io.LimitReader(body, 64<<10))
	body.Close()
}
