package spapitest

import (
	"net/http"
	"net/url"
	"slices"
)

// maxJournal bounds the exchanges a sandbox remembers; older ones are
// dropped first.
const maxJournal = 10_000

// Exchange is a request the sandbox answered, as [Server.Exchanges]
// reports it to a test.
type Exchange struct {
	// Operation is the operation ID; "" for requests that reached no
	// operation (the token endpoint, documents, unknown paths).
	Operation string
	// Method, Path (as requested, unescaped) and Query of the request.
	Method, Path string
	Query        url.Values
	// Body is the request body of an operation (documents' bodies are in
	// the document store, see [Server.Document]).
	Body []byte
	// Status is the response status; Case the case that answered ("" when
	// none did).
	Status int
	Case   string
}

// Exchanges returns the requests the sandbox answered, oldest first; with
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
	s.journalMu.Lock()
	defer s.journalMu.Unlock()
	if len(s.journal) >= maxJournal {
		s.journal = slices.Delete(s.journal, 0, len(s.journal)-maxJournal+1)
	}
	s.journal = append(s.journal, e)
}

// statusWriter remembers the status written through it.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}
