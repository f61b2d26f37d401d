package spapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
)

// RequestEditor has the signature of every generated package's
// RequestEditorFn. It is an alias of the unnamed function type, so a
// RequestEditor can be passed wherever a generated method takes
// reqEditors.
type RequestEditor = func(ctx context.Context, req *http.Request) error

// Pages walks every page of an operation that pages with a next token. call
// makes one request with the generated client, passing next on as a request
// editor; Pages calls it for the first page and then, for as long as the
// response carries a token at the operation's Paging.ResponseToken, again
// with next setting that token (in the query or the JSON body, alone when
// the operation demands it). Every page goes through the client's stack, so
// the walk stays within the operation's rate limit.
//
// Each page is yielded with a nil error; a failed call or a non-2xx
// response (as an *Error, see [Check]) is yielded once as the error and
// ends the walk. An operation without paging metadata yields its one page.
//
//	for page, err := range spapi.Pages(ctx, func(ctx context.Context, next spapi.RequestEditor) (*ordersv0.GetOrdersResp, error) {
//		return orders.GetOrdersWithResponse(ctx, params, next)
//	}) { ... }
func Pages[R any](ctx context.Context, call func(ctx context.Context, next RequestEditor) (R, error)) iter.Seq2[R, error] {
	return func(yield func(R, error) bool) {
		var (
			zero  R
			token string
			op    *Operation
		)
		seen := map[string]bool{}
		edit := func(_ context.Context, req *http.Request) error {
			if o, ok := OperationFromContext(req.Context()); ok {
				op = o
			}
			if token == "" {
				return nil
			}
			if op == nil || op.Paging == nil {
				return errors.New("spapi: paging: request carries no paging metadata")
			}
			return setPageToken(req, op.Paging, token)
		}
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			resp, err := Check(call(ctx, edit))
			if err != nil {
				yield(resp, err)
				return
			}
			if !yield(resp, nil) {
				return
			}
			hr, body, _ := responseParts(resp)
			if hr.Request != nil {
				if o, ok := OperationFromContext(hr.Request.Context()); ok {
					op = o
				}
			}
			if op == nil || op.Paging == nil {
				return
			}
			next, err := pageToken(body, op.Paging.ResponseToken)
			if err != nil {
				yield(zero, fmt.Errorf("spapi: paging %s.%s: %w", op.API, op.ID, err))
				return
			}
			if next == "" {
				return
			}
			if seen[next] {
				yield(zero, fmt.Errorf("spapi: paging %s.%s: the server returned a next token it returned before", op.API, op.ID))
				return
			}
			seen[next] = true
			token = next
		}
	}
}

// Items flattens pages into their items: for each page, items returns the
// slice to walk. An error ends the walk after being yielded once.
//
//	for order, err := range spapi.Items(spapi.Pages(ctx, call), func(p *ordersv0.GetOrdersResp) []ordersv0.Order { ... })
func Items[R, T any](pages iter.Seq2[R, error], items func(R) []T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for page, err := range pages {
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, it := range items(page) {
				if !yield(it, nil) {
					return
				}
			}
		}
	}
}

// pageToken reads the string at path in the JSON body; "" when any step is
// missing or null.
func pageToken(body []byte, path []string) (string, error) {
	raw := json.RawMessage(body)
	for _, key := range path {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			return "", fmt.Errorf("reading next token at %q: %w", key, err)
		}
		v, ok := obj[key]
		if !ok {
			return "", nil
		}
		raw = v
	}
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("next token is not a string: %w", err)
	}
	return s, nil
}

// setPageToken puts token into req as p describes.
func setPageToken(req *http.Request, p *Paging, token string) error {
	switch p.TokenIn {
	case "query":
		q := url.Values{}
		if !p.TokenOnly {
			q = req.URL.Query()
		}
		q.Set(p.TokenParam, token)
		req.URL.RawQuery = q.Encode()
		return nil
	case "body":
		obj := map[string]json.RawMessage{}
		if req.Body != nil && req.Body != http.NoBody {
			b, err := io.ReadAll(req.Body)
			req.Body.Close()
			if err != nil {
				return fmt.Errorf("spapi: paging: reading request body: %w", err)
			}
			if !p.TokenOnly && len(bytes.TrimSpace(b)) > 0 {
				if err := json.Unmarshal(b, &obj); err != nil {
					return fmt.Errorf("spapi: paging: request body is not a JSON object: %w", err)
				}
			}
		}
		t, err := json.Marshal(token)
		if err != nil {
			return err
		}
		obj[p.TokenParam] = t
		b, err := json.Marshal(obj)
		if err != nil {
			return err
		}
		req.Body = io.NopCloser(bytes.NewReader(b))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
		req.ContentLength = int64(len(b))
		return nil
	}
	return fmt.Errorf("spapi: paging: unknown token location %q", p.TokenIn)
}
