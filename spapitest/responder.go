package spapitest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Responder answers a request to one operation that no static case
// answers: the requests a workflow needs a fresh answer to (an upload
// destination, a Restricted Data Token, the messaging actions of any
// order). The request has already passed validation against the model.
// A Responder returns nil to decline; the sandbox then tries the next one
// and finally answers that no case matches.
type Responder func(c *Call) *Reply

// Call is a request as a [Responder] sees it.
type Call struct {
	// Operation is the operation ID (as the generated client names it).
	Operation string
	// Op is the model's operation; nil for an operation the sandbox plays
	// without its model (see [Server.Builtins]).
	Op *Operation
	// PathParams, Query and Header are the request's parameters.
	PathParams map[string]string
	Query      url.Values
	Header     http.Header
	// Body is the decoded JSON body (numbers as json.Number); nil when the
	// request has none.
	Body any
	// Request is the HTTP request (its body already read).
	Request *http.Request

	s *Server
}

// Reply is a [Responder]'s answer.
type Reply struct {
	// Status is the HTTP status code.
	Status int
	// ContentType defaults to the media type the operation declares for
	// Status, else application/json.
	ContentType string
	// Header holds extra response headers.
	Header http.Header
	// Body is encoded as JSON; a json.RawMessage is sent as it is. A nil
	// Body sends no body.
	Body any
	// Note says what the reply did, for the sandbox's log.
	Note string
}

// Respond registers r for the operation with ID operationID: it answers
// the valid requests to that operation that no static case naming a
// parameter value matches (a case naming nothing, Amazon's catch-all
// answer, does not shadow it; [CaseHeader] still picks any case), before
// the sandbox's own responders. Several responders for one operation are tried
// in the order given.
func Respond(operationID string, r Responder) Option {
	return func(c *config) {
		if c.responders == nil {
			c.responders = map[string][]Responder{}
		}
		c.responders[operationID] = append(c.responders[operationID], r)
	}
}

// Error returns a reply in the error shape the operation declares for
// status: {"errors": [{"code", "message"}]} for most SP-API operations.
func (c *Call) Error(status int, code, message string) *Reply {
	return &Reply{Status: status, ContentType: errorContentType(c.Op, status), Body: errorBody(c.Op, status, code, message, ""),
		Note: code + ": " + message}
}

// Upload returns the resource the upload destination id was issued for
// by the sandbox's createUploadDestinationForResource, and whether a file
// has been uploaded to it.
func (c *Call) Upload(id string) (resource string, uploaded bool) {
	c.s.store.mu.Lock()
	defer c.s.store.mu.Unlock()
	d := c.s.store.dests[id]
	if d == nil {
		return "", false
	}
	return d.resource, d.uploaded
}

// respond tries the responders registered for the call's operation, then
// the sandbox's own (for a builtin, its own responder); it reports whether
// one answered.
func (s *Server) respond(w http.ResponseWriter, c *Call, own *builtin) bool {
	chain := append([]Responder(nil), s.cfg.responders[c.Operation]...)
	if own != nil {
		chain = append(chain, own.respond)
	} else {
		chain = append(chain, s.own[c.Operation]...)
	}
	for _, r := range chain {
		rep := r(c)
		if rep == nil {
			continue
		}
		s.writeReply(w, c, rep)
		return true
	}
	return false
}

func (s *Server) writeReply(w http.ResponseWriter, c *Call, rep *Reply) {
	for k, vs := range rep.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	note := rep.Note
	if note == "" {
		note = "answered by a responder"
	}
	s.log(c.Request, c.Op, rep.Status, note)
	if rep.Body == nil {
		w.WriteHeader(rep.Status)
		return
	}
	ct := rep.ContentType
	if ct == "" && c.Op != nil {
		ct = c.Op.responseContentType(rep.Status)
	}
	if ct == "" || !strings.Contains(ct, "json") {
		ct = "application/json"
	}
	if raw, ok := rep.Body.(json.RawMessage); ok {
		w.Header().Set("Content-Type", ct)
		w.WriteHeader(rep.Status)
		_, _ = w.Write(raw)
		return
	}
	writeJSON(w, rep.Status, ct, rep.Body)
}

// errorContentType is op's error media type, JSON without an operation.
func errorContentType(op *Operation, status int) string {
	if op == nil {
		return "application/json"
	}
	return op.errorContentType(status)
}

// checkResponders refuses a Respond for an operation the sandbox does not
// serve: the responder would never answer.
func (s *Server) checkResponders() error {
	served := map[string]bool{}
	for _, m := range s.models {
		for _, op := range m.Operations {
			served[op.ID] = true
		}
	}
	for _, b := range s.builtins {
		served[b.id] = true
	}
	for _, id := range sortedKeys(s.cfg.responders) {
		if !served[id] {
			return fmt.Errorf("spapitest: Respond(%q): no served operation has that ID", id)
		}
	}
	return nil
}
