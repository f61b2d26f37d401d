package spapitest

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// The journal's bounds: at most maxJournal exchanges and maxJournalBytes
// of request bodies (each kept up to maxJournalBody bytes); the oldest
// exchanges go first.
const (
	maxJournal      = 10_000
	maxJournalBytes = 16 << 20
	maxJournalBody  = 256 << 10
)

// Exchange is a request the sandbox answered, as [Server.Exchanges]
// reports it to a test.
type Exchange struct {
	// Operation is the operation ID; "" for requests that reached no
	// operation (the token endpoint, documents, unknown paths).
	Operation string `json:"operation"`
	// Method, Path (as requested, unescaped) and Query of the request
	// (the values of credential parameters, such as a presigned URL's
	// X-Amz-Signature, read [REDACTED]).
	Method string     `json:"method"`
	Path   string     `json:"path"`
	Query  url.Values `json:"query,omitempty"`
	// Body is the request body of an operation, its first 256 KiB
	// (Truncated says whether there was more); documents' bodies are in
	// the document store (see [Server.Document]).
	Body      []byte `json:"body,omitempty"`
	Truncated bool   `json:"truncated,omitempty"`
	// Header is the request's header with the secrets redacted: the
	// values of x-amz-access-token, Authorization, x-amz-security-token and
	// Cookie read [Redacted].
	Header http.Header `json:"header"`
	// Seller names the selling partner (or, for grantless tokens, the
	// application) whose access token the request carried, as a
	// fingerprint ("seller-" and 12 hex digits of the refresh token's
	// SHA-256; "app-..." for grantless tokens); "" when the request carried
	// no token the sandbox issued. Usage plans are counted per Seller.
	Seller string `json:"seller,omitempty"`
	// Time is when the request arrived, by the sandbox's [Clock].
	Time time.Time `json:"time"`
	// Status is the response status; Case the case that answered ("" when
	// none did).
	Status int    `json:"status"`
	Case   string `json:"case,omitempty"`
	// AbovePlan reports that the request came when the operation's usage
	// plan bucket for Seller was empty: SP-API would throttle it. With
	// [EnforcePlans] the sandbox answered it 429 QuotaExceeded.
	AbovePlan bool `json:"abovePlan,omitempty"`
	// Fault is the fault the sandbox injected ([FaultThrottle], ...; ""
	// for none).
	Fault string `json:"fault,omitempty"`

	arrival int64 // the order requests arrived in
}

// Redacted replaces the value of a secret header in [Exchange.Header]
// and of a credential parameter in [Exchange.Query], as the spapi
// runtime redacts them in its logs.
const Redacted = "[REDACTED]"

// secretHeaders are the request headers whose values the journal hides.
var secretHeaders = []string{"X-Amz-Access-Token", "Authorization", "X-Amz-Security-Token", "Cookie"}

// redactedHeader returns a copy of h with the secret headers' values
// replaced by Redacted, without the sandbox's own forwarding headers.
func redactedHeader(h http.Header) http.Header {
	out := h.Clone()
	for _, k := range secretHeaders {
		if vs := out.Values(k); len(vs) > 0 {
			out[k] = slices.Repeat([]string{Redacted}, len(vs))
		}
	}
	for k := range out {
		if strings.HasPrefix(k, "X-Sandbox-Forwarded-") {
			delete(out, k)
		}
	}
	return out
}

// Exchanges returns the requests the sandbox answered in the order they
// arrived (not the order the answers finished in); with
// operation IDs, only the requests to those operations.
func (s *Server) Exchanges(operations ...string) []Exchange {
	s.journalMu.Lock()
	defer s.journalMu.Unlock()
	var out []Exchange
	for _, e := range s.journal {
		if len(operations) == 0 || slices.Contains(operations, e.Operation) {
			out = append(out, e)
		}
	}
	return out
}

func (s *Server) record(e Exchange) {
	if len(e.Body) > maxJournalBody {
		e.Body, e.Truncated = e.Body[:maxJournalBody:maxJournalBody], true
	}
	s.journalMu.Lock()
	defer s.journalMu.Unlock()
	drop := 0
	for drop < len(s.journal) && (len(s.journal)-drop >= maxJournal || s.journalBytes+len(e.Body) > maxJournalBytes) {
		s.journalBytes -= len(s.journal[drop].Body)
		drop++
	}
	s.journal = slices.Delete(s.journal, 0, drop)
	// Answers may finish out of order (a client re-sends on a reset
	// before the reset's handler returns): keep arrival order.
	i := len(s.journal)
	for i > 0 && s.journal[i-1].arrival > e.arrival {
		i--
	}
	s.journal = slices.Insert(s.journal, i, e)
	s.journalBytes += len(e.Body)
}

// statusWriter remembers the status written through it and calls commit
// just before the status goes out.
type statusWriter struct {
	http.ResponseWriter
	status int
	commit func()
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
		if w.commit != nil {
			w.commit()
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap returns the underlying writer, for http.ResponseController.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}
