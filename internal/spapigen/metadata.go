package spapigen

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/spgen/spgen/models"
)

// The per-operation metadata is computed here and handed to the client
// template as two operation extensions, so that Go holds the logic and the
// template only the shape:
//
//	x-spgen-operation  a Go expression of type *spapi.Operation
//	x-spgen-accept     the Accept header value the operation should send
const (
	extOperation = "x-spgen-operation"
	extAccept    = "x-spgen-accept"
)

// pageTokenParams are the query parameter names the models use for the
// token of the next page.
var pageTokenParams = map[string]bool{
	"nextToken": true, "NextToken": true, "paginationToken": true, "pageToken": true, "nextPageToken": true,
}

// annotateOperations computes each operation's metadata and stores it in the
// extensions the templates read.
func annotateOperations(doc *openapi3.T, m Model, r *Report) {
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		ops := item.Operations()
		for _, method := range sortedKeys(ops) {
			op := ops[method]
			r.Operations++
			rate := operationRate(op, method, path, m.Rates, r)
			restricted, isRestricted := m.Restricted[op.OperationID]
			paging := detectPaging(op)
			if op.Extensions == nil {
				op.Extensions = map[string]any{}
			}
			op.Extensions[extOperation] = operationLiteral(op.OperationID, m.Package, method, path, rate, isRestricted, restricted, paging)
			if accept := acceptHeader(op); accept != "" {
				op.Extensions[extAccept] = accept
			}
		}
	}
	for name := range m.Restricted {
		if findOperation(doc, name) == nil {
			r.warnf("models/restricted.json names %s, which %s does not define", name, m.Rel)
		}
	}
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
		r.notef("%s (%s %s): %s; rate from rate-limits.yml %s: %s", op.OperationID, method, path, why, key, t)
		return rate{t.Rate, t.Burst, "rate-limits.yml"}
	}
	r.warnf("%s (%s %s): %s and no rate-limits.yml entry; no rate limit recorded", op.OperationID, method, path, why)
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

type paging struct {
	param     string
	in        string
	token     []string
	tokenOnly bool
}

// tokenOnlyPhrase is how getReports and getFeeds say that a next-page
// request must carry the token and nothing else.
const tokenOnlyPhrase = "as the only parameter"

// detectPaging finds the operation's next-page token parameter and where the
// success response carries the next token.
func detectPaging(op *openapi3.Operation) *paging {
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
		for _, ct := range sortedKeys(resp.Value.Content) {
			if path := findTokenField(resp.Value.Content[ct].Schema, 0, map[*openapi3.Schema]bool{}); path != nil {
				return &paging{param: param, in: "query", token: path, tokenOnly: tokenOnly}
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
	props := allProperties(ref.Value)
	names := sortedKeys(props)
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

func allProperties(s *openapi3.Schema) openapi3.Schemas {
	if len(s.AllOf) == 0 {
		return s.Properties
	}
	out := openapi3.Schemas{}
	for k, v := range s.Properties {
		out[k] = v
	}
	for _, part := range s.AllOf {
		if part.Value != nil {
			for k, v := range allProperties(part.Value) {
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
			if isMediaType(ct) {
				set[ct] = true
			}
		}
	}
	types := sortedKeys(set)
	sort.Strings(types)
	return strings.Join(types, ", ")
}

// operationLiteral renders the *spapi.Operation expression for one operation.
func operationLiteral(id, pkg, method, path string, rt rate, restricted bool, ro models.RestrictedOperation, p *paging) string {
	var b strings.Builder
	fmt.Fprintf(&b, "&spapi.Operation{\n\tID: %q,\n\tAPI: %q,\n\tMethod: %q,\n\tPath: %q,\n", id, pkg, strings.ToUpper(method), path)
	if rt.perSecond > 0 {
		fmt.Fprintf(&b, "\tRate: %s,\n\tBurst: %d,\n\tRateSource: %q,\n", strconv.FormatFloat(rt.perSecond, 'g', -1, 64), rt.burst, rt.source)
	}
	if restricted {
		b.WriteString("\tRestricted: true,\n")
		if ro.SpecificPath {
			b.WriteString("\tSpecificPath: true,\n")
		}
		if len(ro.DataElements) > 0 {
			b.WriteString("\tDataElements: []string{")
			for i, d := range ro.DataElements {
				if i > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "%q", d)
			}
			b.WriteString("},\n")
		}
	}
	if p != nil {
		fmt.Fprintf(&b, "\tPaging: &spapi.Paging{TokenParam: %q, TokenIn: %q, ResponseToken: []string{", p.param, p.in)
		for i, t := range p.token {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%q", t)
		}
		b.WriteString("}")
		if p.tokenOnly {
			b.WriteString(", TokenOnly: true")
		}
		b.WriteString("},\n")
	}
	b.WriteString("}")
	return b.String()
}
