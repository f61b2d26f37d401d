package spapitest

import (
	"net/http"
	"net/url"
	"slices"
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
	Operation string
	// Method, Path (as requested, unescaped) and Query of the request.
	Method, Path string
	Query        url.Values
	// Body is the request body of an operation, its first 256 KiB
	// (Truncated says whether there was more); documents' bodies are in
	// the document store (see [Server.Document]).
	Body      []byte
	Truncated bool
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
	s.journal = append(s.journal, e)
	s.journalBytes += len(e.Body)
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
