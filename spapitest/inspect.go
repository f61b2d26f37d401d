package spapitest

import (
	"encoding/json"
	"errors"
	"net/http"
)

// InspectPath is where the sandbox reports, as JSON, what it saw, for
// tests that do not run in Go (gen sandbox): GET it for
//
//	{"exchanges": [Exchange, ...],      // Server.Exchanges, arrival order
//	 "abovePlans": 0,                    // requests above their usage plans
//	 "withinPlans": "",                  // Server.WithinPlans's error, "" for none
//	 "duplicatePosts": "",               // Server.NoDuplicatePosts's error, "" for none
//	 "notifications": [SQS body, ...]}   // Server.Notifications, as sent
//
// Exchange bodies are base64 (encoding/json's []byte); headers are
// redacted as in the journal. Requests to it are not journaled.
const InspectPath = "/_sandbox/exchanges"

// Inspection is the body [InspectPath] answers with.
type Inspection struct {
	Exchanges      []Exchange `json:"exchanges"`
	AbovePlans     int        `json:"abovePlans"`
	WithinPlans    string     `json:"withinPlans"`
	DuplicatePosts string     `json:"duplicatePosts"`
	// Notifications are the SQS message bodies the flows sent.
	Notifications []json.RawMessage `json:"notifications"`
}

func (s *Server) serveInspect(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		http.Error(w, "GET "+InspectPath+" reports the sandbox's journal", http.StatusMethodNotAllowed)
		return
	}
	in := Inspection{Exchanges: s.Exchanges()}
	if in.Exchanges == nil {
		in.Exchanges = []Exchange{}
	}
	if err := s.WithinPlans(); err != nil {
		in.WithinPlans = err.Error()
		var pe *PlanError
		if errors.As(err, &pe) {
			in.AbovePlans = pe.Count
		}
	}
	if err := s.NoDuplicatePosts(); err != nil {
		in.DuplicatePosts = err.Error()
	}
	in.Notifications = []json.RawMessage{}
	for _, n := range s.Notifications() {
		in.Notifications = append(in.Notifications, n)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(in)
}
