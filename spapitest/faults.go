package spapitest

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"net"
	"net/http"
	"sort"
	"sync"
	"time"
)

// The faults the sandbox injects, as [Exchange.Fault] names them.
const (
	// FaultThrottle answers 429 QuotaExceeded (with x-amzn-RateLimit-Limit).
	FaultThrottle = "throttle"
	// FaultInternalError answers 500 InternalFailure (S3's InternalError
	// for documents, server_error for the token endpoint).
	FaultInternalError = "internal-error"
	// FaultUnavailable answers 503 ServiceUnavailable (S3's SlowDown for
	// documents, temporarily_unavailable for the token endpoint).
	FaultUnavailable = "unavailable"
	// FaultResetBeforeRead resets the connection (TCP RST) before reading
	// the request body: the server did not act on it.
	FaultResetBeforeRead = "reset-before-read"
	// FaultResetAfterRead resets the connection after reading the request
	// body, before answering: the client cannot tell whether the server
	// acted on it.
	FaultResetAfterRead = "reset-after-read"
	// FaultExpiredToken treats the request's access token as expired from
	// now on, answering 403 Unauthorized "The access token you provided has
	// expired." with x-amzn-ErrorType: AccessDeniedException, as SP-API
	// does; a fresh token from the token endpoint works.
	FaultExpiredToken = "expired-token"
	// FaultInvalidGrant revokes the refresh token of a refresh_token grant
	// at the token endpoint: it and every later grant with that refresh
	// token get 400 invalid_grant (see [Server.RevokeRefreshToken]).
	FaultInvalidGrant = "invalid-grant"
	// FaultTruncatedDocument serves the first half of a stored document
	// (with a Content-Length to match): a gzip document ends early.
	FaultTruncatedDocument = "truncated-document"
	// FaultMislabelledDocument serves a stored document with
	// Content-Encoding: gzip, as S3 does for an object stored with that
	// metadata: an HTTP client that asked for gzip decodes a gzip document
	// on the way (and must not decode it twice), and fails on one that is
	// not gzip.
	FaultMislabelledDocument = "mislabelled-document"
)

// Fault targets besides operation IDs in [WithFaults].
const (
	// AllOperations sets the faults of every operation without its own.
	AllOperations = "*"
	// TokenEndpoint is the Login with Amazon token endpoint.
	TokenEndpoint = "lwa"
	// DocumentStore is the document store (presigned upload and download
	// URLs).
	DocumentStore = "documents"
)

// Faults are the failures the sandbox injects into one target's requests.
// The rates are probabilities from 0 to 1 that add up to at most 1; each
// request gets at most one fault. Latency is added to every request, on
// the sandbox's [Clock].
type Faults struct {
	Throttle, InternalError, Unavailable float64
	ResetBeforeRead, ResetAfterRead      float64
	// ExpiredToken applies to operations only.
	ExpiredToken float64
	// InvalidGrant applies to the token endpoint only.
	InvalidGrant float64
	// TruncatedDocument and MislabelledDocument apply to the document
	// store only.
	TruncatedDocument, MislabelledDocument float64
	Latency                                time.Duration
}

// kinds lists f's rates in the fixed order a draw walks them.
func (f Faults) kinds() []struct {
	name string
	rate float64
} {
	return []struct {
		name string
		rate float64
	}{
		{FaultThrottle, f.Throttle}, {FaultInternalError, f.InternalError}, {FaultUnavailable, f.Unavailable},
		{FaultResetBeforeRead, f.ResetBeforeRead}, {FaultResetAfterRead, f.ResetAfterRead},
		{FaultExpiredToken, f.ExpiredToken}, {FaultInvalidGrant, f.InvalidGrant},
		{FaultTruncatedDocument, f.TruncatedDocument}, {FaultMislabelledDocument, f.MislabelledDocument},
	}
}

// WithFaults makes the sandbox inject faults, per target: an operation ID,
// [AllOperations], [TokenEndpoint] or [DocumentStore]. The faults are
// deterministic by seed: each target (each operation, under
// AllOperations too) draws from its own PCG generator seeded with seed
// and the target's name, one number per request in the order the
// requests arrive at that target. The same requests to a target, in the
// same order, so get the same faults on every run, however requests to
// other targets interleave with them.
func WithFaults(seed uint64, faults map[string]Faults) Option {
	return func(c *config) {
		c.faultSeed = seed
		if c.faults == nil {
			c.faults = map[string]Faults{}
		}
		for k, v := range faults {
			c.faults[k] = v
		}
	}
}

// faultSource draws the faults of each target.
type faultSource struct {
	seed  uint64
	specs map[string]Faults
	mu    sync.Mutex
	rngs  map[string]*rand.Rand
}

// checkFaults reports the first thing wrong with the fault configuration,
// naming the target and the field.
func checkFaults(specs map[string]Faults, known func(op string) bool) error {
	targets := make([]string, 0, len(specs))
	for k := range specs {
		targets = append(targets, k)
	}
	sort.Strings(targets)
	for _, t := range targets {
		f := specs[t]
		if t != AllOperations && t != TokenEndpoint && t != DocumentStore && !known(t) {
			return fmt.Errorf("spapitest: faults for %q: no operation of the sandbox's models has that ID (targets are operation IDs, %q, %q and %q)", t, AllOperations, TokenEndpoint, DocumentStore)
		}
		if f.Latency < 0 {
			return fmt.Errorf("spapitest: faults for %q: Latency %v is negative", t, f.Latency)
		}
		sum := 0.0
		for _, k := range f.kinds() {
			if !(k.rate >= 0 && k.rate <= 1) {
				return fmt.Errorf("spapitest: faults for %q: %s rate %v is not between 0 and 1", t, k.name, k.rate)
			}
			if k.rate > 0 && !faultApplies(k.name, t) {
				return fmt.Errorf("spapitest: faults for %q: %s does not apply to %s", t, k.name, targetKind(t))
			}
			sum += k.rate
		}
		if sum > 1+1e-9 {
			return fmt.Errorf("spapitest: faults for %q: the rates add up to %v, more than 1", t, sum)
		}
	}
	return nil
}

func targetKind(t string) string {
	switch t {
	case TokenEndpoint:
		return "the token endpoint"
	case DocumentStore:
		return "the document store"
	}
	return "operations"
}

// faultApplies reports whether the fault kind makes sense for target.
func faultApplies(kind, target string) bool {
	switch kind {
	case FaultExpiredToken, FaultThrottle:
		return target != TokenEndpoint && target != DocumentStore
	case FaultInvalidGrant:
		return target == TokenEndpoint
	case FaultTruncatedDocument, FaultMislabelledDocument:
		return target == DocumentStore
	}
	return true
}

// draw returns the faults configured for target (an operation falls back
// to AllOperations) and the fault its next request gets ("" for none).
func (f *faultSource) draw(target string) (Faults, string) {
	if f == nil {
		return Faults{}, ""
	}
	spec, ok := f.specs[target]
	if !ok && target != TokenEndpoint && target != DocumentStore {
		spec, ok = f.specs[AllOperations]
	}
	if !ok {
		return Faults{}, ""
	}
	f.mu.Lock()
	r := f.rngs[target]
	if r == nil {
		h := fnv.New64a()
		h.Write([]byte(target))
		r = rand.New(rand.NewPCG(f.seed, h.Sum64()))
		f.rngs[target] = r
	}
	u := r.Float64()
	f.mu.Unlock()
	for _, k := range spec.kinds() {
		if u < k.rate {
			return spec, k.name
		}
		u -= k.rate
	}
	return spec, ""
}

// delay waits the target's added latency on the sandbox's clock.
func (s *Server) delay(r *http.Request, spec Faults) {
	if spec.Latency > 0 {
		_ = s.clock.SleepUntil(r.Context(), s.clock.Now().Add(spec.Latency))
	}
}

// reset closes the request's connection abruptly (TCP RST), without an
// answer.
func (s *Server) reset(w http.ResponseWriter, r *http.Request, why string) {
	s.cfg.logger.Info("sandbox: resetting the connection: "+why, "method", r.Method, "path", r.URL.Path)
	if sw, ok := w.(*statusWriter); ok && sw.commit != nil {
		sw.commit() // journaled before the client sees the reset
	}
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// Not hijackable (HTTP/2, a recorder): the closest is an
		// answer-less abort of the handler.
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// serverFault answers an operation's 500 or 503 fault in its error shape.
func (s *Server) serverFault(w http.ResponseWriter, r *http.Request, op *Operation, kind string) {
	status, code, msg := http.StatusInternalServerError, "InternalFailure", "We encountered an internal error. Please try again."
	if kind == FaultUnavailable {
		status, code, msg = http.StatusServiceUnavailable, "ServiceUnavailable", "Service temporarily unavailable. Please try again."
	}
	s.log(r, op, status, "injected fault "+kind)
	writeJSON(w, status, errorContentType(op, status), errorBody(op, status, code, msg, ""))
}

// unauthorized answers 403 Unauthorized as SP-API does for an access token
// it does not accept.
func (s *Server) unauthorized(w http.ResponseWriter, r *http.Request, op *Operation, why, details string) {
	s.log(r, op, http.StatusForbidden, why)
	w.Header().Set("x-amzn-ErrorType", "AccessDeniedException")
	writeJSON(w, http.StatusForbidden, errorContentType(op, http.StatusForbidden),
		errorBody(op, http.StatusForbidden, CodeUnauthorized, "Access to requested resource is denied.", details))
}

// Details of the 403 Unauthorized answers.
const (
	detailsInvalidToken = "The access token you provided is revoked, malformed or invalid."
	detailsExpiredToken = "The access token you provided has expired."
)
