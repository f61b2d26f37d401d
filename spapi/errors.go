package spapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
)

// Error is a non-2xx SP-API response. Get one from a generated client's
// response with [Check] (or [CheckResponse] for a raw *http.Response) and
// inspect it with errors.As or the Is* helpers.
type Error struct {
	// StatusCode is the HTTP status code.
	StatusCode int
	// RequestID is the x-amzn-RequestId header, for Amazon support.
	RequestID string
	// Operation is "<api>.<operationId>", e.g. "ordersv0.getOrders", when
	// the request carried operation metadata.
	Operation string
	// Method and Path are the request's, without the query.
	Method, Path string
	// Errors is the body's errors[] array, with any credential the server
	// echoed replaced by "[REDACTED]".
	Errors []ErrorDetail
	// RateLimit is the x-amzn-RateLimit-Limit header (requests per
	// second), 0 when absent.
	RateLimit float64
	// RetryAfter is the Retry-After header in seconds, 0 when absent.
	RetryAfter int
}

// ErrorDetail is one entry of the errors[] array every SP-API model defines.
type ErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Details string `json:"details,omitempty"`
}

// UnmarshalJSON accepts details as a string or as any other JSON value
// (some models use an object), keeping the latter as JSON text.
func (d *ErrorDetail) UnmarshalJSON(b []byte) error {
	var raw struct {
		Code    json.RawMessage `json:"code"`
		Message json.RawMessage `json:"message"`
		Details json.RawMessage `json:"details"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	d.Code, d.Message, d.Details = jsonText(raw.Code), jsonText(raw.Message), jsonText(raw.Details)
	return nil
}

func jsonText(r json.RawMessage) string {
	if len(r) == 0 || string(r) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(r, &s) == nil {
		return s
	}
	return string(r)
}

// Error reads like "spapi: ordersv0.getOrder: HTTP 404 Not Found: NotFound
// Order not found [request …]", with credentials scrubbed.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("spapi: ")
	if e.Operation != "" {
		b.WriteString(e.Operation)
	} else {
		b.WriteString(e.Method + " " + e.Path)
	}
	fmt.Fprintf(&b, ": HTTP %d", e.StatusCode)
	if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteString(" " + t)
	}
	for i, d := range e.Errors {
		if i == 3 {
			fmt.Fprintf(&b, " (and %d more)", len(e.Errors)-3)
			break
		}
		sep := ": "
		if i > 0 {
			sep = "; "
		}
		b.WriteString(sep + d.Code)
		if d.Message != "" {
			b.WriteString(" " + d.Message)
		}
		if d.Details != "" {
			b.WriteString(" (" + d.Details + ")")
		}
	}
	if e.RequestID != "" {
		b.WriteString(" [request " + e.RequestID + "]")
	}
	return Scrub(b.String())
}

// HasCode reports whether one of the errors[] entries has the given code.
func (e *Error) HasCode(code string) bool {
	for _, d := range e.Errors {
		if strings.EqualFold(d.Code, code) {
			return true
		}
	}
	return false
}

// Throttled reports whether the response is a 429 or carries the
// QuotaExceeded code.
func (e *Error) Throttled() bool {
	return e.StatusCode == http.StatusTooManyRequests || e.HasCode("QuotaExceeded")
}

// IsThrottled reports whether err is or wraps a throttled *Error.
func IsThrottled(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Throttled()
}

// IsNotFound reports whether err is or wraps an *Error with status 404.
func IsNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.StatusCode == http.StatusNotFound
}

// IsAuth reports whether err is an authentication or authorisation failure:
// an *Error with status 401 or 403, or an *AuthError whose token endpoint
// refused the credentials ([AuthError.Refused]: invalid_grant,
// invalid_client, ...). A token endpoint that is unreachable or failing
// (a *NetworkError, an LWA 5xx) is not an auth failure.
func IsAuth(err error) bool {
	var e *Error
	if errors.As(err, &e) {
		return e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden
	}
	var a *AuthError
	return errors.As(err, &a) && a.Refused()
}

// IsRetryable reports whether err is a failure a later identical request
// might not meet: an *Error with status 429 or 5xx, an *AuthError from a
// token endpoint in trouble, or a network failure ([IsNetwork]).
func IsRetryable(err error) bool {
	var e *Error
	if errors.As(err, &e) {
		return e.Throttled() || e.StatusCode >= 500
	}
	var a *AuthError
	if errors.As(err, &a) {
		return a.Temporary()
	}
	return IsNetwork(err)
}

// NetworkError is a request that got no answer: the connection was
// refused, reset or closed before a response, or timed out. Service names
// what was called, e.g. "login with amazon".
type NetworkError struct {
	Service string
	Err     error
}

// Error names the service and the cause, with credentials scrubbed.
func (e *NetworkError) Error() string {
	return "spapi: " + e.Service + ": " + Scrub(e.Err.Error())
}

// Unwrap returns the transport error.
func (e *NetworkError) Unwrap() error { return e.Err }

// IsNetwork reports whether err is a network failure rather than an
// answer: a *NetworkError, an attempt's *TimeoutError, or a transport
// error (*net.OpError, an unexpected EOF) that is not the caller's
// cancellation or the call's timeout.
func IsNetwork(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var ne *NetworkError
	var te *TimeoutError
	if errors.As(err, &ne) || errors.As(err, &te) {
		return true
	}
	var oe *net.OpError
	return errors.As(err, &oe) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

// maxErrorBody bounds how much of an error body is parsed.
const maxErrorBody = 1 << 20

// Check turns the result of a raw HTTP call (a generated RawClient's
// method, or an *http.Client's Do) into (response, error): err is
// returned redacted, and a response whose status is not 2xx yields an
// *Error built from its body (which it reads and closes).
//
//	resp, err := spapi.Check(orders.Raw().GetOrder(ctx, id))
func Check(resp *http.Response, err error) (*http.Response, error) {
	if err != nil {
		return resp, RedactError(err)
	}
	return resp, CheckResponse(resp, nil)
}

// CheckResponse returns nil for a 2xx response and an *Error otherwise. body
// is the response body already read (generated clients keep it in their
// Body field); when body is nil and resp.Body is not, up to 1 MiB is read
// from resp.Body and resp.Body is replaced so it can be read again.
func CheckResponse(resp *http.Response, body []byte) error {
	if resp == nil {
		return errors.New("spapi: no response")
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	if body == nil && resp.Body != nil && resp.Body != http.NoBody {
		b, err := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		resp.Body.Close()
		if err != nil {
			return fmt.Errorf("spapi: reading error response: %w", err)
		}
		body = b
		resp.Body = io.NopCloser(bytes.NewReader(b))
	}
	e := &Error{
		StatusCode: resp.StatusCode,
		RequestID:  resp.Header.Get("x-amzn-RequestId"),
	}
	if v := resp.Header.Get(rateLimitHeader); v != "" {
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			e.RateLimit = f
		}
	}
	if v := resp.Header.Get("Retry-After"); v != "" {
		if n, err := strconv.Atoi(v); err == nil {
			e.RetryAfter = n
		}
	}
	if req := resp.Request; req != nil {
		e.Method = req.Method
		if req.URL != nil {
			e.Path = req.URL.Path
		}
		if op, ok := OperationFromContext(req.Context()); ok {
			e.Operation = op.API + "." + op.ID
		}
	}
	if len(body) > maxErrorBody {
		body = body[:maxErrorBody]
	}
	var list struct {
		Errors json.RawMessage `json:"errors"`
	}
	if json.Unmarshal(body, &list) == nil && len(list.Errors) > 0 {
		// errors is an array in most models, an object in a few.
		if json.Unmarshal(list.Errors, &e.Errors) != nil {
			var one ErrorDetail
			if json.Unmarshal(list.Errors, &one) == nil {
				e.Errors = []ErrorDetail{one}
			}
		}
	}
	// The server may echo what it was sent; keep no credential.
	for i := range e.Errors {
		d := &e.Errors[i]
		d.Code, d.Message, d.Details = Scrub(d.Code), Scrub(d.Message), Scrub(d.Details)
	}
	return e
}
