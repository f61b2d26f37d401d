package spapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// CreateRestrictedDataToken is the Tokens API operation the client calls to
// obtain Restricted Data Tokens. Its metadata matches the generated
// tokens20210301 package; the client calls it itself so that this package
// does not depend on generated code.
var CreateRestrictedDataToken = &Operation{
	ID:     "createRestrictedDataToken",
	API:    "tokens20210301",
	Method: http.MethodPost,
	Path:   "/tokens/2021-03-01/restrictedDataToken",
	Rate:   1,
	Burst:  10,
	// RateSource matches the generated metadata: the model's Usage Plan.
	RateSource: "model",
}

type dataElementsKey struct{}

// WithDataElements returns a copy of ctx asking for exactly the given kinds
// of personally identifiable information ("buyerInfo", "shippingAddress",
// "buyerTaxInformation") in the Restricted Data Token of restricted
// operations called with it, instead of the operation's DataElements. With
// no elements, the RDT asks for none.
func WithDataElements(ctx context.Context, elements ...string) context.Context {
	e := slices.Clone(elements)
	slices.Sort(e)
	return context.WithValue(ctx, dataElementsKey{}, slices.Compact(e))
}

// DataElementsFromContext returns the data elements WithDataElements set,
// and whether it did.
func DataElementsFromContext(ctx context.Context) ([]string, bool) {
	e, ok := ctx.Value(dataElementsKey{}).([]string)
	return e, ok
}

// rdtSource obtains and caches Restricted Data Tokens, one per (method,
// path, data elements) for the token's lifetime. The path is the
// operation's template, or for operations marked SpecificPath the
// request's own escaped path without its query (one RDT per report
// document, say). The data elements
// are the operation's own (Operation.DataElements) unless the request's
// context sets others with WithDataElements. It calls
// createRestrictedDataToken through the client's own stack (so the call is
// rate limited, retried and authenticated with the LWA token).
type rdtSource struct {
	endpoint string
	client   *http.Client
	keys     sync.Map // *Operation → its key with its own DataElements
}

func newRDTSource(endpoint string, client *http.Client) *rdtSource {
	return &rdtSource{endpoint: strings.TrimSuffix(endpoint, "/"), client: client}
}

// rdtKey is the cache key; fetch parses it back. path is escaped, so it
// holds no space.
func rdtKey(method, path string, elements []string) string {
	return method + " " + path + " " + strings.Join(elements, ",")
}

// rdtPath is the path an RDT for req must name.
func rdtPath(req *http.Request, op *Operation) string {
	if op.SpecificPath && req.URL != nil {
		return req.URL.EscapedPath()
	}
	return op.Path
}

// key returns the restricted resource req needs an RDT for, as its cache
// key.
func (s *rdtSource) key(req *http.Request, op *Operation) string {
	ctx := req.Context()
	if e, ok := DataElementsFromContext(ctx); ok {
		return rdtKey(op.Method, rdtPath(req, op), e)
	}
	if op.SpecificPath {
		e := slices.Clone(op.DataElements)
		slices.Sort(e)
		return rdtKey(op.Method, rdtPath(req, op), slices.Compact(e))
	}
	if k, ok := s.keys.Load(op); ok {
		return k.(string)
	}
	e := slices.Clone(op.DataElements)
	slices.Sort(e)
	key := rdtKey(op.Method, op.Path, slices.Compact(e))
	s.keys.Store(op, key)
	return key
}

type restrictedResource struct {
	Method       string   `json:"method"`
	Path         string   `json:"path"`
	DataElements []string `json:"dataElements,omitempty"`
}

type rdtRequest struct {
	RestrictedResources []restrictedResource `json:"restrictedResources"`
}

type rdtResponse struct {
	RestrictedDataToken string `json:"restrictedDataToken"`
	ExpiresIn           int64  `json:"expiresIn"`
}

func (s *rdtSource) fetch(ctx context.Context, key string) (*oauth2.Token, error) {
	parts := strings.SplitN(key, " ", 3)
	res := restrictedResource{Method: parts[0], Path: parts[1]}
	if parts[2] != "" {
		res.DataElements = strings.Split(parts[2], ",")
	}
	body, err := json.Marshal(rdtRequest{RestrictedResources: []restrictedResource{res}})
	if err != nil {
		return nil, err
	}
	what := fmt.Sprintf("spapi: restricted data token for %s %s", res.Method, res.Path)
	req, err := http.NewRequestWithContext(WithOperation(ctx, CreateRestrictedDataToken),
		http.MethodPost, s.endpoint+CreateRestrictedDataToken.Path, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, RedactError(err))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if err := CheckResponse(resp, raw); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	var out rdtResponse
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("%s: decoding response: %w", what, errors.New(Scrub(err.Error())))
	}
	if out.RestrictedDataToken == "" {
		return nil, fmt.Errorf("%s: response has no restrictedDataToken", what)
	}
	knownSecrets.add(out.RestrictedDataToken)
	tok := &oauth2.Token{AccessToken: out.RestrictedDataToken}
	if out.ExpiresIn > 0 {
		tok.Expiry = time.Now().Add(time.Duration(out.ExpiresIn) * time.Second)
	}
	return tok, nil
}
