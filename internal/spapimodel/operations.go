package spapimodel

import (
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/spgen/spgen/models"
)

// pageTokenParams are the query parameter names the models use for the
// token of the next page.
var pageTokenParams = map[string]bool{
	"nextToken": true, "NextToken": true, "paginationToken": true, "pageToken": true, "nextPageToken": true,
}

// Operation is what spgen knows of one operation beyond the OpenAPI
// document: its rate limit and where it came from, whether it needs a
// Restricted Data Token, how it pages and the media types it answers with.
// The generator renders it into the generated package's metadata; the
// sandbox and the conformance suite read it directly.
type Operation struct {
	// ID is the operationId (after the unique-operation-ids fix-up).
	ID string
	// Method is the HTTP method in upper case; Path the path template.
	Method, Path string
	// Rate (requests per second) and Burst; zero when no source gives one.
	Rate  float64
	Burst int
	// RateSource is "model" (the Usage Plan table), "rate-limits.yml"
	// (Amazon's SDK table) or "" (none).
	RateSource string
	// Restricted operations need a Restricted Data Token naming
	// DataElements; SpecificPath ones name the request's own path.
	Restricted   bool
	DataElements []string
	SpecificPath bool
	// Paging is non-nil for operations that return one page at a time.
	Paging *Paging
	// Accept is the Accept header the operation sends: the media types its
	// responses declare.
	Accept string
	// Deprecated is non-nil for operations the model marks deprecated.
	Deprecated *models.Deprecation
	// Spec is the operation in the converted document.
	Spec *openapi3.Operation `json:"-"`
}

// Paging says which request parameter carries the next page's token and
// where the response holds it.
type Paging struct {
	TokenParam    string
	TokenIn       string
	ResponseToken []string
	TokenOnly     bool
}

// operations computes every operation's metadata, in path and method order.
func operations(doc *openapi3.T, in Input, r *Report) []*Operation {
	var out []*Operation
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		ops := item.Operations()
		for _, method := range SortedKeys(ops) {
			op := ops[method]
			r.Operations++
			rt := operationRate(op, method, path, in.Rates, r)
			restricted, isRestricted := in.Restricted[op.OperationID]
			var dep *models.Deprecation
			if op.Deprecated {
				d, ok := in.Deprecations[op.OperationID]
				if !ok {
					d = models.Deprecation{Reason: "the model marks this operation deprecated and gives no reason or replacement."}
				}
				dep = &d
				if op.Extensions == nil {
					op.Extensions = map[string]any{}
				}
				reason := d.Reason
				if d.Replacement != "" {
					reason += " Use " + d.Replacement + " instead."
				}
				op.Extensions["x-deprecated-reason"] = reason
			}
			out = append(out, &Operation{Deprecated: dep,
				ID: op.OperationID, Method: strings.ToUpper(method), Path: path,
				Rate: rt.perSecond, Burst: rt.burst, RateSource: rt.source,
				Restricted: isRestricted, DataElements: restricted.DataElements, SpecificPath: restricted.SpecificPath,
				Paging: detectPaging(op), Accept: acceptHeader(op), Spec: op,
			})
		}
	}
	for name := range in.Restricted {
		if findOperation(doc, name) == nil {
			r.Warnf("models/restricted.json names %s, which %s does not define", name, in.Rel)
		}
	}
	return out
}

// rate is an operation's rate limit and where it came from.
type rate struct {
	perSecond float64
	burst     int
	source    string // "model", "rate-limits.yml" or "" (none)
}

// operationRate takes the rate from the model's Usage Plan table and, where
// the model has none (or a malformed one), from Amazon's SDK rate table;
// an operation with neither is reported.
func operationRate(op *openapi3.Operation, method, path string, table RateTable, r *Report) rate {
	perSecond, burst, status, detail := parseUsagePlan(op.Description)
	if status == planOK {
		r.UsagePlans++
		return rate{perSecond, burst, "model"}
	}
	why := "no Usage Plan table"
	if status == planMalformed {
		why = "malformed Usage Plan table (" + detail + ")"
	}
	if t, key, ok := table.lookup(op.Tags, op.OperationID); ok {
		r.TablePlans++
		r.Notef("%s (%s %s): %s; rate from rate-limits.yml %s: %s", op.OperationID, method, path, why, key, t)
		return rate{t.Rate, t.Burst, "rate-limits.yml"}
	}
	r.Warnf("%s (%s %s): %s and no rate-limits.yml entry; no rate limit recorded", op.OperationID, method, path, why)
	return rate{}
}

func findOperation(doc *openapi3.T, id string) *openapi3.Operation {
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.OperationID == id {
				return op
			}
		}
	}
	return nil
}

// tokenOnlyPhrase is how getReports and getFeeds say that a next-page
// request must carry the token and nothing else.
const tokenOnlyPhrase = "as the only parameter"

// detectPaging finds the operation's next-page token parameter and where the
// success response carries the next token.
func detectPaging(op *openapi3.Operation) *Paging {
	var param string
	tokenOnly := false
	for _, p := range op.Parameters {
		if p.Value != nil && p.Value.In == "query" && pageTokenParams[p.Value.Name] {
			param = p.Value.Name
			tokenOnly = strings.Contains(p.Value.Description, tokenOnlyPhrase)
			break
		}
	}
	if param == "" {
		return nil
	}
	for _, code := range []string{"200", "201", "202"} {
		resp := op.Responses.Value(code)
		if resp == nil || resp.Value == nil {
			continue
		}
		for _, ct := range SortedKeys(resp.Value.Content) {
			if path := findTokenField(resp.Value.Content[ct].Schema, 0, map[*openapi3.Schema]bool{}); path != nil {
				return &Paging{TokenParam: param, TokenIn: "query", ResponseToken: path, TokenOnly: tokenOnly}
			}
		}
	}
	return nil
}

// findTokenField searches a response schema breadth-first (three levels
// deep) for the property holding the next page's token.
func findTokenField(ref *openapi3.SchemaRef, depth int, seen map[*openapi3.Schema]bool) []string {
	if ref == nil || ref.Value == nil || depth > 2 || seen[ref.Value] {
		return nil
	}
	seen[ref.Value] = true
	props := AllProperties(ref.Value)
	names := SortedKeys(props)
	for _, name := range names {
		if pageTokenParams[name] || strings.EqualFold(name, "nextToken") || strings.EqualFold(name, "nextPageToken") {
			return []string{name}
		}
	}
	for _, name := range names {
		if sub := findTokenField(props[name], depth+1, seen); sub != nil {
			return append([]string{name}, sub...)
		}
	}
	return nil
}

// AllProperties returns s's properties with those of its allOf parts.
func AllProperties(s *openapi3.Schema) openapi3.Schemas {
	if len(s.AllOf) == 0 {
		return s.Properties
	}
	out := openapi3.Schemas{}
	for k, v := range s.Properties {
		out[k] = v
	}
	for _, part := range s.AllOf {
		if part.Value != nil {
			for k, v := range AllProperties(part.Value) {
				out[k] = v
			}
		}
	}
	return out
}

// acceptHeader lists the media types the operation's responses declare.
func acceptHeader(op *openapi3.Operation) string {
	set := map[string]bool{}
	for _, resp := range op.Responses.Map() {
		if resp.Value == nil {
			continue
		}
		for ct := range resp.Value.Content {
			if IsMediaType(ct) {
				set[ct] = true
			}
		}
	}
	types := SortedKeys(set)
	sort.Strings(types)
	return strings.Join(types, ", ")
}
