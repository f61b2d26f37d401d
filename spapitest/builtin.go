package spapitest

import (
	"fmt"
	"strings"
	"time"
)

// builtin is an operation the sandbox plays even when no served model
// declares it, because workflows against any model need it (a Restricted
// Data Token for a restricted operation). A loaded model's operation on the
// same route always wins.
type builtin struct {
	id, method, path string
	route            *route
	respond          Responder
}

// Builtin names an operation the sandbox serves without its model.
type Builtin struct {
	// Operation is the operation ID; Method and Path locate it.
	Operation, Method, Path string
}

// Builtins lists the operations the sandbox serves although no loaded
// model declares them.
func (s *Server) Builtins() []Builtin {
	var out []Builtin
	for _, b := range s.builtins {
		if op, _, _ := s.router.find(b.method, b.path); op == nil {
			out = append(out, Builtin{Operation: b.id, Method: b.method, Path: b.path})
		}
	}
	return out
}

func newBuiltin(id, method, path string, r Responder) *builtin {
	segs, names := splitTemplate(path)
	return &builtin{id: id, method: method, path: path, route: &route{segments: segs, names: names}, respond: r}
}

// findBuiltin returns the builtin serving method and path, with the path
// parameters.
func (s *Server) findBuiltin(method, escapedPath string) (*builtin, map[string]string) {
	for _, b := range s.builtins {
		if b.method != method {
			continue
		}
		if vars, ok := b.route.match(escapedPath); ok {
			return b, vars
		}
	}
	return nil, nil
}

// splitTemplate splits a path template into literal segments ("" for a
// parameter) and parameter names ("" for a literal).
func splitTemplate(path string) (segments, names []string) {
	for _, seg := range strings.Split(strings.TrimPrefix(path, "/"), "/") {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			segments = append(segments, "")
			names = append(names, seg[1:len(seg)-1])
			continue
		}
		segments = append(segments, seg)
		names = append(names, "")
	}
	return segments, names
}

// RestrictedDataTokenPath is where createRestrictedDataToken (Tokens API
// 2021-03-01) is served, with or without the tokens model.
const RestrictedDataTokenPath = "/tokens/2021-03-01/restrictedDataToken"

// rdtMethods are the methods a restricted resource may name.
var rdtMethods = []string{"GET", "PUT", "POST", "DELETE"}

// maxRestrictedResources is the Tokens API's limit per request.
const maxRestrictedResources = 50

// restrictedDataToken answers createRestrictedDataToken: after checking
// the request against CreateRestrictedDataTokenRequest (restrictedResources:
// 1 to 50 objects, each with a method of GET, PUT, POST or DELETE and an
// absolute path; dataElements a list of strings; targetApplication a
// string), a new token the sandbox then accepts as an access token, in the
// real wire shape {"restrictedDataToken", "expiresIn"}.
func (s *Server) restrictedDataToken(c *Call) *Reply {
	if msg := checkRDTRequest(c.Body); msg != "" {
		return c.Error(400, CodeInvalidInput, msg)
	}
	tok := fmt.Sprintf("Atz.sprdt|sandbox-restricted-data-token-%d", s.seq.Add(1))
	s.issue(tok, s.sellerOf(c.Request))
	return &Reply{Status: 200, ContentType: "application/json",
		Body: map[string]any{"restrictedDataToken": tok, "expiresIn": s.clock.wallSeconds(tokenLifetime * time.Second)}, Note: "issued a restricted data token"}
}

// checkRDTRequest returns what is wrong with a createRestrictedDataToken
// body, "" when nothing is.
func checkRDTRequest(body any) string {
	root, ok := body.(map[string]any)
	if !ok {
		return "request body: must be a JSON object (CreateRestrictedDataTokenRequest)"
	}
	if v, ok := root["targetApplication"]; ok {
		if _, ok := v.(string); !ok {
			return "request body at /targetApplication: must be a string"
		}
	}
	raw, ok := root["restrictedResources"]
	if !ok {
		return `request body: property "restrictedResources" is missing`
	}
	list, ok := raw.([]any)
	switch {
	case !ok:
		return "request body at /restrictedResources: must be an array"
	case len(list) == 0:
		return "request body at /restrictedResources: must name at least one restricted resource"
	case len(list) > maxRestrictedResources:
		return fmt.Sprintf("request body at /restrictedResources: %d restricted resources, at most %d allowed", len(list), maxRestrictedResources)
	}
	for i, item := range list {
		at := fmt.Sprintf("request body at /restrictedResources/%d", i)
		res, ok := item.(map[string]any)
		if !ok {
			return at + ": must be an object (RestrictedResource)"
		}
		m, ok := res["method"].(string)
		if !ok {
			return at + `: property "method" is missing or not a string`
		}
		known := false
		for _, w := range rdtMethods {
			known = known || m == w
		}
		if !known {
			return fmt.Sprintf("%s/method: value %q is not one of the allowed values %s", at, m, strings.Join(rdtMethods, ", "))
		}
		p, ok := res["path"].(string)
		if !ok {
			return at + `: property "path" is missing or not a string`
		}
		if !strings.HasPrefix(p, "/") {
			return fmt.Sprintf("%s/path: %q is not an absolute path such as /orders/v0/orders", at, p)
		}
		if v, ok := res["dataElements"]; ok {
			des, ok := v.([]any)
			if !ok {
				return at + "/dataElements: must be an array of strings"
			}
			for j, d := range des {
				if _, ok := d.(string); !ok {
					return fmt.Sprintf("%s/dataElements/%d: must be a string", at, j)
				}
			}
		}
	}
	return ""
}
