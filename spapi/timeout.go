package spapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Default timeouts, used unless WithTimeouts says otherwise.
const (
	// DefaultCallTimeout bounds a whole call: rate-limiter waits, token
	// fetches, every attempt and the waits between them.
	DefaultCallTimeout = 5 * time.Minute
	// DefaultAttemptTimeout bounds one attempt on the wire, from sending
	// to the response headers.
	DefaultAttemptTimeout = 60 * time.Second
)

// WithTimeouts sets the call and attempt timeouts (defaults
// DefaultCallTimeout and DefaultAttemptTimeout; 0 leaves one unbounded
// but for the caller's context). Both bound the time to a response's
// headers, never the reading of its body, so a large report document
// downloads at whatever pace it needs.
func WithTimeouts(call, attempt time.Duration) Option {
	return func(o *options) { o.callTimeout, o.attemptTimeout, o.timeoutsSet = call, attempt, true }
}

// TimeoutError is a call or an attempt that outlived its timeout. An
// attempt timeout is retried like any network failure (when the request
// is safe to re-send); a call timeout matches context.DeadlineExceeded
// with errors.Is and ends the call.
type TimeoutError struct {
	// Call reports whether the whole call timed out, not one attempt.
	Call bool
	// After is the timeout.
	After time.Duration
	// Err is what the transport returned when the timeout hit, unless
	// that was only the cancellation the timeout caused.
	Err error
}

// Error says which timeout hit.
func (e *TimeoutError) Error() string {
	what := "attempt"
	if e.Call {
		what = "call"
	}
	return fmt.Sprintf("spapi: %s timed out after %v", what, e.After)
}

// Unwrap returns the transport's error.
func (e *TimeoutError) Unwrap() error { return e.Err }

// Timeout reports true, as net.Error does.
func (e *TimeoutError) Timeout() bool { return true }

// Temporary reports whether a retry may help: for attempts, yes.
func (e *TimeoutError) Temporary() bool { return !e.Call }

// Is makes a call timeout match context.DeadlineExceeded.
func (e *TimeoutError) Is(target error) bool { return e.Call && target == context.DeadlineExceeded }

// deadlineCtx reports a deadline its own cancellation enforces, so that
// waits (the rate limiter's) can tell in advance they would outlive it.
type deadlineCtx struct {
	context.Context
	at time.Time
}

// Deadline returns the earlier of the parent's and its own.
func (c deadlineCtx) Deadline() (time.Time, bool) {
	if d, ok := c.Context.Deadline(); ok && d.Before(c.at) {
		return d, true
	}
	return c.at, true
}

// timeoutTransport bounds the time from request to response headers; the
// timer stops when the headers arrive, and the request's context is
// released when the body is closed.
type timeoutTransport struct {
	next http.RoundTripper
	d    time.Duration
	call bool
}

// RoundTrip implements http.RoundTripper.
func (t *timeoutTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.d <= 0 {
		return t.next.RoundTrip(req)
	}
	ctx, cancel := context.WithCancel(req.Context())
	fired := make(chan struct{})
	timer := time.AfterFunc(t.d, func() { close(fired); cancel() })
	resp, err := t.next.RoundTrip(req.WithContext(deadlineCtx{ctx, time.Now().Add(t.d)}))
	stopped := timer.Stop()
	if err != nil {
		cancel()
		if !stopped && req.Context().Err() == nil {
			<-fired
			te := &TimeoutError{Call: t.call, After: t.d}
			if !errors.Is(err, context.Canceled) {
				te.Err = err // what else went wrong; our cancel is not news
			}
			return nil, te
		}
		return nil, err
	}
	resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelBody releases its request's context when closed.
type cancelBody struct {
	io.ReadCloser
	cancel context.CancelFunc
}

// Close closes the body and releases the context.
func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
