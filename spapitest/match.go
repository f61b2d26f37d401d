package spapitest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// incoming is a request's parameters as the matcher sees them.
type incoming struct {
	path    map[string]string
	query   url.Values
	header  http.Header
	body    any  // decoded JSON (numbers as json.Number); nil when absent
	hasBody bool // the request carried a JSON body
}

// mismatch says why a case did not match: which parameter, what the
// request had and what the case expects.
type mismatch struct {
	param string // parameter name, with a JSON path into the body ("body.items[0].sku")
	got   string
	want  string
}

func (m *mismatch) String() string {
	return fmt.Sprintf("parameter %q is %s; the case expects %s", m.param, m.got, m.want)
}

func matchParam(p *param, want any, in *incoming, uploaded func(string) bool) *mismatch {
	switch p.in {
	case inBody:
		if !in.hasBody {
			return &mismatch{param: p.name, got: "absent", want: "a body"}
		}
		return contains(p.name, want, in.body, uploaded)
	case inPath:
		got, ok := in.path[p.name]
		if !ok {
			return &mismatch{param: p.name, got: "absent", want: quote(scalarText(want))}
		}
		if !scalarEqual(want, got) && !(p.greedy && strings.Trim(scalarText(want), "/") == strings.Trim(got, "/")) {
			return &mismatch{param: p.name, got: quote(got), want: quote(scalarText(want))}
		}
		return nil
	default:
		var values []string
		if p.in == inQuery {
			values = in.query[p.name]
		} else {
			values = in.header.Values(p.name)
		}
		if len(values) == 0 {
			return &mismatch{param: p.name, got: "absent", want: quote(wireText(want))}
		}
		got := values
		wantList := []any{want}
		if list, ok := want.([]any); ok {
			wantList = list
		}
		if isArray(p.spec) && !exploded(p.spec) {
			// An array travels as one comma-separated value
			// (collectionFormat csv, Swagger 2.0's default), or repeated
			// (multi: explode); compare item lists.
			got = strings.Split(values[0], ",")
		}
		if len(got) != len(wantList) {
			return &mismatch{param: p.name, got: quote(strings.Join(values, ",")), want: quote(wireText(want))}
		}
		for i := range got {
			if !scalarEqual(wantList[i], got[i]) {
				return &mismatch{param: p.name, got: quote(strings.Join(values, ",")), want: quote(wireText(want))}
			}
		}
		return nil
	}
}

// exploded reports whether an array parameter repeats per item (OpenAPI 3
// explode, with the defaults of its location).
func exploded(p *openapi3.Parameter) bool {
	sm, err := p.SerializationMethod()
	return err == nil && sm.Explode
}

func isArray(p *openapi3.Parameter) bool {
	return p != nil && p.Schema != nil && p.Schema.Value != nil && p.Schema.Value.Type.Is("array")
}

// contains reports whether got holds everything want holds: objects key by
// key (got may have more keys; a null in want also matches an absent key),
// arrays element by element with equal lengths, scalars by value (numbers
// numerically). An upload destination ID the sandbox issued and received a
// file for matches any uploadDestinationId the case names.
func contains(at string, want, got any, uploaded func(string) bool) *mismatch {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return &mismatch{param: at, got: describe(got), want: "an object"}
		}
		for _, k := range sortedKeys(w) {
			gv, present := g[k]
			if w[k] == nil && (!present || gv == nil) {
				continue
			}
			if !present {
				return &mismatch{param: at + "." + k, got: "absent", want: describe(w[k])}
			}
			if k == "uploadDestinationId" && uploaded != nil {
				if s, ok := gv.(string); ok && uploaded(s) {
					continue
				}
			}
			if m := contains(at+"."+k, w[k], gv, uploaded); m != nil {
				return m
			}
		}
		return nil
	case []any:
		g, ok := got.([]any)
		if !ok {
			return &mismatch{param: at, got: describe(got), want: "an array"}
		}
		if len(g) != len(w) {
			return &mismatch{param: at, got: fmt.Sprintf("an array of %d", len(g)), want: fmt.Sprintf("an array of %d", len(w))}
		}
		for i := range w {
			if m := contains(fmt.Sprintf("%s[%d]", at, i), w[i], g[i], uploaded); m != nil {
				return m
			}
		}
		return nil
	default:
		if !jsonScalarEqual(want, got) {
			return &mismatch{param: at, got: describe(got), want: describe(want)}
		}
		return nil
	}
}

// jsonScalarEqual compares two decoded JSON scalars; numbers by value.
func jsonScalarEqual(a, b any) bool {
	an, aok := a.(json.Number)
	bn, bok := b.(json.Number)
	if aok && bok {
		return numbersEqual(string(an), string(bn))
	}
	return a == b
}

// scalarEqual compares a case's JSON value with a parameter's text.
func scalarEqual(want any, got string) bool {
	switch w := want.(type) {
	case string:
		return w == got
	case json.Number:
		return numbersEqual(string(w), got)
	case bool:
		b, err := strconv.ParseBool(got)
		return err == nil && b == w
	case nil:
		return got == ""
	default:
		return string(encodeJSON(want)) == got
	}
}

func numbersEqual(a, b string) bool {
	if a == b {
		return true
	}
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	return err1 == nil && err2 == nil && x == y
}

// scalarText is a case value as parameter text.
func scalarText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return ""
	default:
		return string(encodeJSON(v))
	}
}

// wireText is a case value as a query or header parameter would carry it
// (arrays comma-separated).
func wireText(v any) string {
	if list, ok := v.([]any); ok {
		parts := make([]string, len(list))
		for i, e := range list {
			parts[i] = scalarText(e)
		}
		return strings.Join(parts, ",")
	}
	return scalarText(v)
}

func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return fmt.Sprintf("an array of %d", len(x))
	default:
		return string(encodeJSON(v))
	}
}

func quote(s string) string { return strconv.Quote(s) }

// selectCase returns the case that answers the request: of the cases
// whose parameters all match, the one named by the request's CaseHeader,
// else the most specific (see Case.specificity), then the lowest status
// code, then the first. It also returns the case that would answer without
// the header (when that differs), and without a match the mismatch of the
// closest case: the one with the most matching parameters (nil when the
// operation has no cases). Only the cases eligible reports true for take
// part.
func selectCase(op *Operation, in *incoming, want string, uploaded func(string) bool, eligible func(*Case) bool) (chosen, dflt *Case, closest *Case, miss *mismatch) {
	best := -1
	for _, c := range op.order {
		if !eligible(c) {
			continue
		}
		m, matched := matchAll(c, in, uploaded)
		if m == nil {
			if dflt == nil {
				dflt = c
			}
			if want != "" && c.ID() == want {
				chosen = c
			}
			continue
		}
		if matched > best {
			best, closest, miss = matched, c, m
		}
	}
	if chosen == nil {
		return dflt, nil, closest, miss
	}
	if chosen == dflt {
		dflt = nil
	}
	return chosen, dflt, closest, miss
}

// matchAll checks every parameter of the case and returns the first
// mismatch (in parameter name order) and how many parameters matched.
func matchAll(c *Case, in *incoming, uploaded func(string) bool) (*mismatch, int) {
	var first *mismatch
	n := 0
	for _, name := range sortedKeys(c.Params) {
		m := matchParam(c.op.param(name), c.values[name], in, uploaded)
		if m == nil {
			n++
		} else if first == nil {
			first = m
		}
	}
	return first, n
}

// sortCases returns the operation's cases in matching order.
func (o *Operation) sortCases() []*Case {
	cs := append([]*Case(nil), o.Cases...)
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if sa, sb := a.specificity(), b.specificity(); sa != sb {
			return sa > sb
		}
		if a.Status != b.Status {
			return a.Status < b.Status
		}
		return a.Index < b.Index
	})
	return cs
}
