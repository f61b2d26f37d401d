package actionschema

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"strconv"
	"unicode/utf8"
)

// The functions in this file decode one JSON value of a request for the
// UnmarshalJSON methods that gen messaging emits. They are the only place
// where a JSON value can fail the "type" keyword: a Go struct field cannot
// hold a value of the wrong JSON type, so a value of the wrong type (or null)
// is reported here, with the same pointer and keyword a JSON Schema
// validator reports, and the field is left at its zero value.
//
// raw must be one syntactically valid JSON value, as encoding/json hands it
// to UnmarshalJSON.

// JSONType returns the JSON type of raw: "object", "array", "string",
// "boolean", "null" or "number".
func JSONType(raw []byte) string {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if len(raw) == 0 {
		return "null"
	}
	switch raw[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

func wrongType(raw []byte, p *Path, vs *Violations, want string) {
	vs.Add(*p, "type", "expected %s, but got %s", want, JSONType(raw))
}

// DecodeObject decodes raw as a JSON object into its members, each a
// sub-slice of raw. Members are matched by exact name, as JSON Schema does
// (encoding/json's struct decoding would match "RawMessageBody" to
// "rawMessageBody"); of duplicate names the last one counts.
func DecodeObject(raw []byte, p *Path, vs *Violations) (map[string]json.RawMessage, bool) {
	if JSONType(raw) != "object" {
		wrongType(raw, p, vs, "object")
		return nil, false
	}
	m, err := splitObject(raw)
	if err != nil {
		vs.Add(*p, "type", "expected object: %v", err)
		return nil, false
	}
	return m, true
}

// DecodeArray decodes raw as a JSON array into its elements, each a
// sub-slice of raw. The result is never nil for an array, so an empty array
// stays distinguishable from an absent one.
func DecodeArray(raw []byte, p *Path, vs *Violations) ([]json.RawMessage, bool) {
	if JSONType(raw) != "array" {
		wrongType(raw, p, vs, "array")
		return nil, false
	}
	elems, err := splitArray(raw)
	if err != nil {
		vs.Add(*p, "type", "expected array: %v", err)
		return nil, false
	}
	return elems, true
}

// CheckSyntax returns a *json.SyntaxError when data is not exactly one JSON
// value. Generated UnmarshalJSON methods call it first, so that the
// splitting below only ever sees valid JSON.
func CheckSyntax(data []byte) error {
	if json.Valid(data) {
		return nil
	}
	var v json.RawMessage
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	return errors.New("invalid JSON")
}

var errMalformed = errors.New("malformed JSON")

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// stringEnd returns the index just after the string literal at b[i].
func stringEnd(b []byte, i int) (int, error) {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1, nil
		}
	}
	return 0, errMalformed
}

// valueEnd returns the index just after the JSON value at b[i].
func valueEnd(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, errMalformed
	}
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				end, err := stringEnd(b, j)
				if err != nil {
					return 0, err
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, errMalformed
	}
	j := i
	for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\t' && b[j] != '\r' && b[j] != '\n' {
		j++
	}
	if j == i {
		return 0, errMalformed
	}
	return j, nil
}

// splitObject splits a syntactically valid JSON object into its members.
func splitObject(b []byte) (map[string]json.RawMessage, error) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil, errMalformed
	}
	m := map[string]json.RawMessage{}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return m, nil
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return nil, errMalformed
		}
		end, err := stringEnd(b, i)
		if err != nil {
			return nil, err
		}
		key, ok := plainString(b[i:end])
		if !ok {
			if err := json.Unmarshal(b[i:end], &key); err != nil {
				return nil, err
			}
		}
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return nil, errMalformed
		}
		i = skipSpace(b, i+1)
		end, err = valueEnd(b, i)
		if err != nil {
			return nil, err
		}
		m[key] = b[i:end:end]
		var done bool
		if i, done, err = nextMember(b, end, '}'); err != nil {
			return nil, err
		} else if done {
			return m, nil
		}
	}
}

// splitArray splits a syntactically valid JSON array into its elements.
func splitArray(b []byte) ([]json.RawMessage, error) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '[' {
		return nil, errMalformed
	}
	out := []json.RawMessage{}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		return out, nil
	}
	for {
		end, err := valueEnd(b, i)
		if err != nil {
			return nil, err
		}
		out = append(out, b[i:end:end])
		var done bool
		if i, done, err = nextMember(b, end, ']'); err != nil {
			return nil, err
		} else if done {
			return out, nil
		}
	}
}

// nextMember reads what follows a member or element that ends at end: a
// comma (it returns the start of the next one) or the closing bracket
// (done).
func nextMember(b []byte, end int, closing byte) (next int, done bool, err error) {
	i := skipSpace(b, end)
	switch {
	case i >= len(b):
		return 0, false, errMalformed
	case b[i] == ',':
		return skipSpace(b, i+1), false, nil
	case b[i] == closing:
		return i, true, nil
	}
	return 0, false, errMalformed
}

// DecodeString decodes raw as a JSON string.
func DecodeString(raw []byte, p *Path, vs *Violations) (string, bool) {
	if JSONType(raw) != "string" {
		wrongType(raw, p, vs, "string")
		return "", false
	}
	if s, ok := plainString(raw); ok {
		return s, true
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		vs.Add(*p, "type", "expected string: %v", err)
		return "", false
	}
	return s, true
}

// DecodeBoolean decodes raw as true or false.
func DecodeBoolean(raw []byte, p *Path, vs *Violations) (bool, bool) {
	if JSONType(raw) != "boolean" {
		wrongType(raw, p, vs, "boolean")
		return false, false
	}
	return bytes.HasPrefix(bytes.TrimLeft(raw, " \t\r\n"), []byte("true")), true
}

// DecodeInteger decodes raw as an integer. Like JSON Schema, it accepts
// any number with an integral value, so 2.0 and 2e3 are integers; 2.5 is
// not. An integer outside the int64 range cannot be held by the Go field
// and is reported as a "type" violation too (see ErrNotRepresentable).
func DecodeInteger(raw []byte, p *Path, vs *Violations) (int64, bool) {
	if JSONType(raw) != "number" {
		wrongType(raw, p, vs, "integer")
		return 0, false
	}
	lit := string(bytes.TrimSpace(raw))
	if n, err := strconv.ParseInt(lit, 10, 64); err == nil {
		return n, true
	}
	r, ok := new(big.Rat).SetString(lit)
	if !ok {
		vs.Add(*p, "type", "expected integer, but got %s", lit)
		return 0, false
	}
	if !r.IsInt() {
		vs.Add(*p, "type", "expected integer, but got number")
		return 0, false
	}
	if !r.Num().IsInt64() {
		vs.Add(*p, "type", "integer %s: %v", lit, ErrNotRepresentable)
		return 0, false
	}
	return r.Num().Int64(), true
}

// DecodeNumber decodes raw as a number held in a float64. A number beyond
// the float64 range is reported as a "type" violation (see
// ErrNotRepresentable).
func DecodeNumber(raw []byte, p *Path, vs *Violations) (float64, bool) {
	if JSONType(raw) != "number" {
		wrongType(raw, p, vs, "number")
		return 0, false
	}
	lit := string(bytes.TrimSpace(raw))
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil || math.IsInf(f, 0) {
		vs.Add(*p, "type", "number %s: %v", lit, ErrNotRepresentable)
		return 0, false
	}
	return f, true
}

// ErrNotRepresentable is the reason given for a JSON number that the Go
// field's type cannot hold: an integral value outside int64 for an
// "integer" field, a value outside float64's range for a "number" field.
var ErrNotRepresentable = errors.New("not representable in the Go field type")

// Missing records that the object at p lacks the required property name.
func Missing(p *Path, vs *Violations, name string) {
	vs.Add(*p, "required", "missing property %q", name)
}

// plainString returns the contents of a JSON string literal that needs no
// unescaping: no backslash and valid UTF-8 (encoding/json would replace
// invalid bytes with U+FFFD, so those take the slow path).
func plainString(raw []byte) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	body := raw[1 : len(raw)-1]
	if bytes.IndexByte(body, '\\') >= 0 || !utf8.Valid(body) {
		return "", false
	}
	return string(body), true
}
