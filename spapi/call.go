package spapi

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"
)

// CallOption configures one call of a generated client's typed method
// (e.g. ordersv0.Client.GetOrders).
type CallOption func(*CallOptions)

// CallOptions are the options of one call, built by NewCallOptions from
// the CallOptions a typed method receives.
type CallOptions struct {
	last     ResponseMetadata
	metadata *ResponseMetadata
	editors  []func(ctx context.Context, req *http.Request) error
}

// NewCallOptions applies opts.
func NewCallOptions(opts []CallOption) *CallOptions {
	c := &CallOptions{}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	return c
}

// WithMetadata stores the response's metadata (status, headers, request
// ID) in md when the call returns, whether it succeeded or not.
func WithMetadata(md *ResponseMetadata) CallOption {
	return func(c *CallOptions) { c.metadata = md }
}

// WithRequestEditor lets fn change the request before it is sent (an extra
// header, say).
func WithRequestEditor(fn func(ctx context.Context, req *http.Request) error) CallOption {
	return func(c *CallOptions) { c.editors = append(c.editors, fn) }
}

// EditRequest applies the call's request editors; generated code passes it
// to the raw client as a request editor.
func (c *CallOptions) EditRequest(ctx context.Context, req *http.Request) error {
	for _, e := range c.editors {
		if err := e(ctx, req); err != nil {
			return err
		}
	}
	return nil
}

// Last returns the metadata of the response Decode last finished.
func (c *CallOptions) Last() ResponseMetadata { return c.last }

// ResponseMetadata is what a call's response says besides its body.
type ResponseMetadata struct {
	// StatusCode is the HTTP status.
	StatusCode int
	// RequestID is the x-amzn-RequestId header, for Amazon support.
	RequestID string
	// Header holds every response header.
	Header http.Header
	// Mismatches are where a success body broke the model: members of the
	// wrong scalar kind (converted without loss), members the model lacks
	// (kept in their struct's Extra), a Content-Type that is not JSON;
	// each also logged once, at warning level.
	Mismatches []Mismatch
}

// maxResponseBody bounds a typed call's response body (SP-API bodies are
// far smaller; documents are downloaded from their own URLs).
const maxResponseBody = 64 << 20

// Decode finishes a typed call: it reads resp's body (closing it), records
// the metadata the call options ask for, and for a 2xx status decodes the
// body into out (when out is non-nil and the body is not empty); any other
// status becomes an *Error built from the same bytes. Each body is read and
// parsed once. A member whose JSON kind breaks out's type but converts
// without loss (a number where the model says string, "5" where it says
// integer) does not fail the call: it is converted, logged and listed in
// ResponseMetadata.Mismatches.
func Decode(resp *http.Response, call *CallOptions, out any) error {
	if resp == nil {
		return fmt.Errorf("spapi: no response")
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody+1))
	if call != nil {
		call.last = ResponseMetadata{StatusCode: resp.StatusCode, RequestID: resp.Header.Get("x-amzn-RequestId"), Header: resp.Header}
		if call.metadata != nil {
			*call.metadata = call.last
		}
	}
	if err != nil {
		return fmt.Errorf("spapi: reading response: %w", err)
	}
	if len(body) > maxResponseBody {
		return fmt.Errorf("spapi: response body over %d bytes", maxResponseBody)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return CheckResponse(resp, body)
	}
	if out == nil || len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	mismatches, err := decodeTolerant(body, out)
	if ct := resp.Header.Get("Content-Type"); ct != "" && !isJSONMediaType(ct) {
		// Decoded all the same, as the operation's JSON; reported.
		mismatches = append([]Mismatch{{Got: "Content-Type " + ct, Want: "a JSON media type"}}, mismatches...)
	}
	if len(mismatches) > 0 {
		name := operationName(resp)
		for _, m := range mismatches {
			slog.Warn("spapi: response breaks the model's types; converted", "operation", name, "mismatch", m.String())
		}
		if call != nil {
			call.last.Mismatches = mismatches
			if call.metadata != nil {
				call.metadata.Mismatches = mismatches
			}
		}
	}
	if err != nil {
		return &DecodeError{Operation: operationName(resp), StatusCode: resp.StatusCode, Err: err}
	}
	return nil
}

// DecodeError is a 2xx response whose body does not decode into the
// operation's type.
type DecodeError struct {
	Operation  string
	StatusCode int
	Err        error
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("spapi: %s: decoding the HTTP %d response: %v", e.Operation, e.StatusCode, e.Err)
}

// Unwrap returns the decoding error.
func (e *DecodeError) Unwrap() error { return e.Err }

func operationName(resp *http.Response) string {
	if resp.Request != nil {
		if op, ok := OperationFromContext(resp.Request.Context()); ok {
			return op.API + "." + op.ID
		}
		return resp.Request.Method + " " + resp.Request.URL.Path
	}
	return "response"
}

// isJSONMediaType reports whether the Content-Type ct is JSON
// (application/json, or a +json type such as application/hal+json).
func isJSONMediaType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	_, sub, _ := strings.Cut(mt, "/")
	return sub == "json" || strings.HasSuffix(sub, "+json")
}
