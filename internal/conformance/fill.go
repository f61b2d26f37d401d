package conformance

import (
	"fmt"
	"math"
	"regexp"
	"regexp/syntax"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// A case names only the parameters Amazon matches on; the rest are
// wildcards. The suite fills each required parameter and each required
// body property a case leaves out with a schema-valid value: the schema's
// enum, default or example, else a value built from its type, format,
// pattern and bounds. Generated values ("sandbox…") are chosen not to
// collide with the values other cases match on.

// fillerText is the text generated strings start from.
const fillerText = "sandbox"

// maxDepth bounds the recursion into nested required objects.
const maxDepth = 12

// sample returns a schema-valid value for s, as JSON-decoded Go values
// (string, float64, bool, []any, map[string]any).
func sample(s *openapi3.Schema) (any, error) {
	v := sampleAt(s, 0)
	if err := s.VisitJSON(v, validationOptions...); err != nil {
		return nil, fmt.Errorf("no schema-valid value found (tried %v): %w", v, err)
	}
	return v, nil
}

func sampleAt(s *openapi3.Schema, depth int) any {
	if s == nil {
		return fillerText
	}
	if len(s.Enum) > 0 {
		return s.Enum[0]
	}
	if s.Default != nil {
		return s.Default
	}
	// A scalar's example is a good value; an object's or array's example
	// is often a whole sandbox request, which would match that case
	// instead of the wildcard the filled request stands for.
	if _, scalar := s.Example.(string); scalar || isNumber(s.Example) {
		if s.VisitJSON(s.Example, validationOptions...) == nil {
			return s.Example
		}
	}
	if len(s.AllOf) > 0 {
		obj := map[string]any{}
		for _, sub := range s.AllOf {
			if m, ok := sampleAt(sub.Value, depth).(map[string]any); ok {
				for k, v := range m {
					obj[k] = v
				}
			}
		}
		return fillObject(obj, s, depth)
	}
	for _, alts := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf} {
		if len(alts) > 0 {
			return sampleAt(alts[0].Value, depth)
		}
	}
	switch {
	case s.Type.Is("string"):
		return sampleString(s)
	case s.Type.Is("integer"), s.Type.Is("number"):
		return sampleNumber(s)
	case s.Type.Is("boolean"):
		return true
	case s.Type.Is("array"):
		n := max(1, int(s.MinItems))
		if s.MaxItems != nil && uint64(n) > *s.MaxItems {
			n = int(*s.MaxItems)
		}
		items := make([]any, n)
		for i := range items {
			var item *openapi3.Schema
			if s.Items != nil {
				item = s.Items.Value
			}
			items[i] = sampleAt(item, depth+1)
		}
		return items
	default:
		return fillObject(map[string]any{}, s, depth)
	}
}

func isNumber(v any) bool {
	switch v.(type) {
	case float64, int, int64:
		return true
	}
	return false
}

func sampleString(s *openapi3.Schema) string {
	var v string
	switch s.Format {
	case "date-time":
		v = "2024-01-01T00:00:00Z"
	case "date":
		v = "2024-01-01"
	case "uuid":
		v = "00000000-0000-4000-8000-000000000000"
	case "email":
		v = "sandbox@example.com"
	case "uri", "url":
		v = "https://example.com/sandbox"
	default:
		v = fillerText
	}
	if s.Pattern != "" {
		if p, ok := fromPattern(s.Pattern, int(s.MinLength)); ok {
			return p
		}
	}
	for uint64(len(v)) < s.MinLength {
		v += "x"
	}
	if s.MaxLength != nil && uint64(len(v)) > *s.MaxLength {
		v = v[:*s.MaxLength]
	}
	return v
}

func sampleNumber(s *openapi3.Schema) float64 {
	v := 1.0
	if s.Min != nil {
		v = math.Ceil(*s.Min)
		if s.ExclusiveMin.IsTrue() && v == *s.Min {
			v++
		}
	}
	if s.Max != nil && v > *s.Max {
		v = math.Floor(*s.Max)
	}
	return v
}

// fillObject adds the required properties obj lacks and fills those
// inside the properties it has, following s.
func fillObject(obj map[string]any, s *openapi3.Schema, depth int) map[string]any {
	if s == nil || depth > maxDepth {
		return obj
	}
	props, required := objectShape(s)
	for _, name := range required {
		if _, ok := obj[name]; ok {
			continue
		}
		if p, ok := props[name]; ok && p.Value != nil {
			obj[name] = sampleAt(p.Value, depth+1)
		} else {
			obj[name] = fillerText
		}
	}
	for name, v := range obj {
		if p, ok := props[name]; ok && p.Value != nil {
			obj[name] = fillValue(v, p.Value, depth+1)
		}
	}
	return obj
}

// fillValue fills the required properties missing inside v (objects and
// arrays of objects) by schema s.
func fillValue(v any, s *openapi3.Schema, depth int) any {
	switch x := v.(type) {
	case map[string]any:
		return fillObject(x, s, depth)
	case []any:
		if s.Items != nil && s.Items.Value != nil {
			for i := range x {
				x[i] = fillValue(x[i], s.Items.Value, depth+1)
			}
		}
	}
	return v
}

// objectShape merges the properties and required names of s and its allOf.
func objectShape(s *openapi3.Schema) (openapi3.Schemas, []string) {
	props := openapi3.Schemas{}
	var required []string
	for _, sub := range s.AllOf {
		if sub.Value != nil {
			p, r := objectShape(sub.Value)
			for k, v := range p {
				props[k] = v
			}
			required = append(required, r...)
		}
	}
	for k, v := range s.Properties {
		props[k] = v
	}
	return props, append(required, s.Required...)
}

// fromPattern builds a short string the regular expression matches, at
// least minLen bytes long when the expression allows: unbounded
// repetitions repeat once, then more often until the string is long
// enough.
func fromPattern(pattern string, minLen int) (string, bool) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", false
	}
	re = re.Simplify()
	for reps := 0; reps <= max(minLen, 1); reps++ {
		var b strings.Builder
		build(&b, re, reps)
		out := b.String()
		if ok, err := regexp.MatchString(pattern, out); err == nil && ok && len(out) >= minLen {
			return out, true
		}
	}
	return "", false
}

// build writes a string re matches, repeating * and + reps times (+ at
// least once).
func build(b *strings.Builder, re *syntax.Regexp, reps int) {
	switch re.Op {
	case syntax.OpLiteral:
		b.WriteString(string(re.Rune))
	case syntax.OpCharClass:
		if len(re.Rune) > 0 {
			b.WriteRune(pickRune(re.Rune))
		}
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteByte('a')
	case syntax.OpCapture:
		build(b, re.Sub[0], reps)
	case syntax.OpStar, syntax.OpPlus:
		n := reps
		if re.Op == syntax.OpPlus {
			n = max(n, 1)
		}
		for range n {
			build(b, re.Sub[0], reps)
		}
	case syntax.OpRepeat:
		// {min,max}: reps times, kept within the bounds (max -1: none).
		n := max(re.Min, reps)
		if re.Max >= 0 {
			n = min(n, re.Max)
		}
		for range n {
			build(b, re.Sub[0], reps)
		}
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			build(b, sub, reps)
		}
	case syntax.OpAlternate:
		build(b, re.Sub[0], reps)
	}
}

// pickRune prefers a letter or digit from a character class's ranges.
func pickRune(ranges []rune) rune {
	for i := 0; i+1 < len(ranges); i += 2 {
		for _, r := range []rune{'a', 'A', '0'} {
			if ranges[i] <= r && r <= ranges[i+1] {
				return r
			}
		}
	}
	return ranges[0]
}
