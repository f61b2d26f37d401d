package spapimodel

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/spgen/spgen/internal/naming"
)

// A swaggerFix is one named repair of an SP-API model quirk, applied to the
// Swagger 2.0 document before conversion. Each has a focused golden test in
// testdata/fixups/<name>.
type swaggerFix struct {
	name string
	fix  func(doc *openapi2.T, r *Report)
}

// swaggerFixes run in this order.
var swaggerFixes = []swaggerFix{
	// Top-level "produces" is not inherited by openapi2conv: messaging and
	// solicitations answer application/hal+json, and the client would both
	// send the wrong Accept header and expect the wrong content type.
	{"inherit-produces", inheritProduces},
	// Path-level parameters must reach every operation, so that each
	// operation's params struct, the sandbox validator and the metadata see
	// one complete parameter list.
	{"path-parameters", pushPathParameters},
	// Older models declare path parameters their path lacks (sellerWallet
	// 2025-08: a DELETE declaring one) or use {name} in a path without
	// declaring it; either stops the conversion. The path template is what
	// the server routes on, so it wins: a declared-but-absent parameter is
	// dropped and a used-but-undeclared one is declared as a required string,
	// each with a warning.
	{"path-parameter-consistency", consistentPathParameters},
	// An operation declaring the same parameter (location and name) twice
	// stops oapi-codegen ("duplicate local parameter"). One declaration is
	// kept (a required one over an optional one, else the first), with a
	// warning.
	{"duplicate-parameters", dedupeParameters},
	// shippingV2.json declares linkCarrierAccount on both PUT and POST of the
	// same path; operation IDs must be unique (case-insensitively, since Go
	// names are derived from them).
	{"unique-operation-ids", uniqueOperationIDs},
	// Swagger 2.0's collectionFormat defaults to csv, but openapi2conv treats
	// a missing one as OpenAPI 3's default (form, explode): the client would
	// send processingStatuses=A&processingStatuses=B where SP-API expects
	// processingStatuses=A,B.
	{"collection-format-csv", defaultCollectionFormat},
	// Several models give 204 responses a schema; a 204 has no body (RFC 9110
	// §15.3.5), and decoding an empty body as JSON fails.
	{"no-content-body", dropNoContentBodies},
	// Swagger keys a response's examples by media type, but 29 SP-API
	// operations key them by words ("payload", "Successful Response"). The
	// conversion turns every key into a content type, so the client would
	// send "Accept: application/json, payload". Examples under a key that is
	// not a media type move to the operation's first "produces" type (when
	// that has none) or are dropped.
	{"example-media-types", exampleMediaTypes},
}

func inheritProduces(doc *openapi2.T, _ *Report) {
	for _, item := range doc.Paths {
		for _, op := range item.Operations() {
			if len(op.Produces) == 0 && len(doc.Produces) > 0 {
				op.Produces = append([]string(nil), doc.Produces...)
			}
			if len(op.Consumes) == 0 && len(doc.Consumes) > 0 {
				op.Consumes = append([]string(nil), doc.Consumes...)
			}
		}
	}
}

func pushPathParameters(doc *openapi2.T, _ *Report) {
	for _, item := range doc.Paths {
		if len(item.Parameters) == 0 {
			continue
		}
		for _, op := range item.Operations() {
			have := map[string]bool{}
			for _, p := range op.Parameters {
				have[paramKey(doc, p)] = true
			}
			var inherited openapi2.Parameters
			for _, p := range item.Parameters {
				if !have[paramKey(doc, p)] {
					inherited = append(inherited, p)
				}
			}
			op.Parameters = append(inherited, op.Parameters...)
		}
		item.Parameters = nil
	}
}

// paramKey identifies a parameter by location and name, following a $ref
// to the document's shared parameters.
func paramKey(doc *openapi2.T, p *openapi2.Parameter) string {
	p = resolveParam(doc, p)
	return p.In + "\x00" + p.Name
}

// pathTemplateParam matches one {name} of a path template.
var pathTemplateParam = regexp.MustCompile(`\{([^{}]+)\}`)

func consistentPathParameters(doc *openapi2.T, r *Report) {
	for _, path := range SortedKeys(doc.Paths) {
		inPath := map[string]bool{}
		var order []string
		for _, m := range pathTemplateParam.FindAllStringSubmatch(path, -1) {
			if !inPath[m[1]] {
				inPath[m[1]] = true
				order = append(order, m[1])
			}
		}
		ops := doc.Paths[path].Operations()
		for _, method := range SortedKeys(ops) {
			op := ops[method]
			declared := map[string]bool{}
			kept := op.Parameters[:0]
			for _, p := range op.Parameters {
				q := resolveParam(doc, p)
				if q.In != "path" {
					kept = append(kept, p)
					continue
				}
				if !inPath[q.Name] {
					if name := foldMatch(order, declared, q.Name); name != "" {
						r.Warnf("%s %s (%s) declares path parameter %q, which its path spells {%s}; renamed it", strings.ToUpper(method), path, op.OperationID, q.Name, name)
						renamed := *q
						renamed.Name = name
						p = &renamed
						q = p
					} else {
						r.Warnf("%s %s (%s) declares path parameter %q, which its path does not contain; dropped it", strings.ToUpper(method), path, op.OperationID, q.Name)
						continue
					}
				}
				declared[q.Name] = true
				if !q.Required {
					r.Notef("%s %s (%s): path parameter %q is not marked required; path parameters always are", strings.ToUpper(method), path, op.OperationID, q.Name)
					if p.Ref == "" {
						p.Required = true
					}
				}
				kept = append(kept, p)
			}
			op.Parameters = kept
			for _, name := range order {
				if declared[name] {
					continue
				}
				r.Warnf("%s %s (%s) uses path parameter {%s} without declaring it; declared it as a required string", strings.ToUpper(method), path, op.OperationID, name)
				op.Parameters = append(op.Parameters, &openapi2.Parameter{In: "path", Name: name, Required: true,
					Type: &openapi3.Types{"string"}})
			}
		}
	}
}

// foldMatch returns the path template's parameter that equals name but for
// case and is not declared yet, or "".
func foldMatch(template []string, declared map[string]bool, name string) string {
	for _, t := range template {
		if !declared[t] && strings.EqualFold(t, name) {
			return t
		}
	}
	return ""
}

func dedupeParameters(doc *openapi2.T, r *Report) {
	for _, path := range SortedKeys(doc.Paths) {
		ops := doc.Paths[path].Operations()
		for _, method := range SortedKeys(ops) {
			op := ops[method]
			at := map[string]int{}
			var kept openapi2.Parameters
			for _, p := range op.Parameters {
				q := resolveParam(doc, p)
				key := q.In + "\x00" + q.Name
				i, dup := at[key]
				if !dup {
					at[key] = len(kept)
					kept = append(kept, p)
					continue
				}
				if q.Required && !resolveParam(doc, kept[i]).Required {
					kept[i] = p
				}
				r.Warnf("%s %s (%s) declares %s parameter %q twice; kept one (the required one where only one is)", strings.ToUpper(method), path, op.OperationID, q.In, q.Name)
			}
			op.Parameters = kept
		}
	}
}

// resolveParam follows a $ref to the document's shared parameters.
func resolveParam(doc *openapi2.T, p *openapi2.Parameter) *openapi2.Parameter {
	if p.Ref != "" {
		if q, ok := doc.Parameters[strings.TrimPrefix(p.Ref, "#/parameters/")]; ok && q != nil {
			return q
		}
	}
	return p
}

func uniqueOperationIDs(doc *openapi2.T, r *Report) {
	type site struct {
		path, method string
		op           *openapi2.Operation
	}
	var sites []site
	for _, path := range SortedKeys(doc.Paths) {
		ops := doc.Paths[path].Operations()
		for _, m := range SortedKeys(ops) {
			sites = append(sites, site{path, m, ops[m]})
		}
	}
	used := map[string]bool{}
	for _, s := range sites {
		if s.op.OperationID == "" {
			s.op.OperationID = strings.ToLower(s.method) + naming.Exported(s.path)
			r.Warnf("%s %s has no operationId; named it %q", s.method, s.path, s.op.OperationID)
		}
		key := strings.ToLower(s.op.OperationID)
		if !used[key] {
			used[key] = true
			continue
		}
		base := s.op.OperationID + naming.Exported(strings.ToLower(s.method))
		name := base
		for i := 2; used[strings.ToLower(name)]; i++ {
			name = fmt.Sprintf("%s%d", base, i)
		}
		r.Notef("operationId %q of %s %s repeats an earlier one; renamed %q", s.op.OperationID, s.method, s.path, name)
		s.op.OperationID = name
		used[strings.ToLower(name)] = true
	}
}

func defaultCollectionFormat(doc *openapi2.T, _ *Report) {
	set := func(p *openapi2.Parameter) {
		if p != nil && p.Ref == "" && p.Type.Is("array") && p.CollectionFormat == "" {
			p.CollectionFormat = "csv"
		}
	}
	for _, p := range doc.Parameters {
		set(p)
	}
	for _, item := range doc.Paths {
		for _, p := range item.Parameters {
			set(p)
		}
		for _, op := range item.Operations() {
			for _, p := range op.Parameters {
				set(p)
			}
		}
	}
}

func dropNoContentBodies(doc *openapi2.T, _ *Report) {
	for _, item := range doc.Paths {
		for _, op := range item.Operations() {
			if op.Responses == nil {
				continue
			}
			for code, resp := range op.Responses.Map() {
				if (code == "204" || code == "205" || code == "304") && resp != nil {
					resp.Schema = nil
					resp.Examples = nil
				}
			}
		}
	}
}

// IsMediaType reports whether s has the type/subtype form of a media type.
func IsMediaType(s string) bool {
	t, sub, ok := strings.Cut(strings.TrimSpace(s), "/")
	return ok && t != "" && sub != "" && !strings.ContainsAny(t, " \t") && !strings.ContainsAny(strings.SplitN(sub, ";", 2)[0], " \t")
}

func exampleMediaTypes(doc *openapi2.T, r *Report) {
	for _, path := range SortedKeys(doc.Paths) {
		ops := doc.Paths[path].Operations()
		for _, method := range SortedKeys(ops) {
			op := ops[method]
			if op.Responses == nil {
				continue
			}
			target := ""
			if len(op.Produces) > 0 {
				target = op.Produces[0]
			}
			for _, code := range SortedKeys(op.Responses.Map()) {
				resp := op.Responses.Value(code)
				if resp == nil {
					continue
				}
				for _, key := range SortedKeys(resp.Examples) {
					if IsMediaType(key) {
						continue
					}
					ex := resp.Examples[key]
					delete(resp.Examples, key)
					if _, taken := resp.Examples[target]; target != "" && !taken {
						resp.Examples[target] = ex
						r.Notef("%s %s (%s) %s: example keyed %q, not a media type; moved to %s", strings.ToUpper(method), path, op.OperationID, code, key, target)
					} else {
						r.Notef("%s %s (%s) %s: example keyed %q, not a media type; dropped", strings.ToUpper(method), path, op.OperationID, code, key)
					}
				}
			}
		}
	}
}

// SortedKeys returns m's keys in order.
func SortedKeys[M ~map[string]V, V any](m M) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
