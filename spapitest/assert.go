package spapitest

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// maxViolations bounds the requests above their plans the sandbox keeps
// for [Server.WithinPlans]'s message (it counts them all).
const maxViolations = 20

func (s *Server) planViolation(e Exchange) {
	s.journalMu.Lock()
	defer s.journalMu.Unlock()
	s.violationCount++
	if len(s.violations) < maxViolations {
		s.violations = append(s.violations, e)
	}
}

// PlanError lists requests sent above their operations' usage plans.
type PlanError struct {
	// Count is how many requests came above their plans; First the first
	// of them (at most 20).
	Count int
	First []Exchange
}

func (e *PlanError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "spapitest: %d requests above their usage plans", e.Count)
	for _, x := range e.First {
		fmt.Fprintf(&b, "; %s (%s %s) for %s at %s", x.Operation, x.Method, x.Path, sellerName(x.Seller), x.Time.Format("15:04:05.000"))
	}
	if e.Count > len(e.First) {
		b.WriteString("; ...")
	}
	return b.String()
}

func sellerName(s string) string {
	if s == "" {
		return "no seller"
	}
	return s
}

// WithinPlans returns a *PlanError when any request so far came while its
// operation's usage plan bucket (per seller, on the sandbox's clock) was
// empty, whether or not the sandbox enforced the plan ([EnforcePlans]);
// nil when every request kept within its plan.
func (s *Server) WithinPlans() error {
	s.journalMu.Lock()
	defer s.journalMu.Unlock()
	if s.violationCount == 0 {
		return nil
	}
	return &PlanError{Count: s.violationCount, First: append([]Exchange(nil), s.violations...)}
}

// AssertWithinPlans reports [Server.WithinPlans]'s error on tb.
func (s *Server) AssertWithinPlans(tb testing.TB) {
	tb.Helper()
	if err := s.WithinPlans(); err != nil {
		tb.Error(err)
	}
}

// DuplicateError lists POST requests the sandbox got more than once with
// the same operation, path and body after an earlier copy may have been
// acted on.
type DuplicateError struct {
	// Duplicates are the repeated requests, each after the first copy.
	Duplicates []Exchange
}

func (e *DuplicateError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "spapitest: %d POST requests sent again after the server may have acted on them", len(e.Duplicates))
	for _, x := range e.Duplicates {
		fmt.Fprintf(&b, "; %s (POST %s, %d-byte body)", x.Operation, x.Path, len(x.Body))
	}
	return b.String()
}

// NoDuplicatePosts returns a *DuplicateError when the journal holds a POST
// to an operation whose operation, path and body equal an earlier one's
// that the server may have acted on: every earlier copy counts except
// those answered 429 (throttled before processing), 401 or 403 (refused
// before processing) or reset before their body was read
// ([FaultResetBeforeRead]). A client re-sending a non-idempotent request
// the server may have processed (a buyer getting a message twice) fails
// it; nil when there is none.
func (s *Server) NoDuplicatePosts() error {
	type key struct{ op, path string }
	seen := map[key][][]byte{}
	var dups []Exchange
	for _, e := range s.Exchanges() {
		if e.Method != http.MethodPost || e.Operation == "" {
			continue
		}
		k := key{e.Operation, e.Path}
		for _, b := range seen[k] {
			if bytes.Equal(b, e.Body) {
				dups = append(dups, e)
				break
			}
		}
		if actedOn(e) {
			seen[k] = append(seen[k], e.Body)
		}
	}
	if len(dups) == 0 {
		return nil
	}
	return &DuplicateError{Duplicates: dups}
}

// actedOn reports whether the server may have acted on the request.
func actedOn(e Exchange) bool {
	switch {
	case e.Fault == FaultResetBeforeRead:
		return false
	case e.Status == http.StatusTooManyRequests, e.Status == http.StatusUnauthorized, e.Status == http.StatusForbidden:
		return false
	}
	return true
}

// AssertNoDuplicatePosts reports [Server.NoDuplicatePosts]'s error on tb.
func (s *Server) AssertNoDuplicatePosts(tb testing.TB) {
	tb.Helper()
	if err := s.NoDuplicatePosts(); err != nil {
		tb.Error(err)
	}
}
