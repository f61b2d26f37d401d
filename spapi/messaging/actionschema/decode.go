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

// DecodeObject decodes raw as a JSON object into its members. Members are
// matched by exact name, as JSON Schema does (encoding/json's struct
// decoding would match "RawMessageBody" to "rawMessageBody"); of duplicate
// names the last one counts.
func DecodeObject(raw []byte, p *Path, vs *Violations) (map[string]json.RawMessage, bool) {
	if JSONType(raw) != "object" {
		wrongType(raw, p, vs, "object")
		return nil, false
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		vs.Add(*p, "type", "expected object: %v", err)
		return nil, false
	}
	return m, true
}

// DecodeArray decodes raw as a JSON array into its elements. The result is
// never nil for an array, so an empty array stays distinguishable from an
// absent one.
func DecodeArray(raw []byte, p *Path, vs *Violations) ([]json.RawMessage, bool) {
	if JSONType(raw) != "array" {
		wrongType(raw, p, vs, "array")
		return nil, false
	}
	elems := []json.RawMessage{}
	if err := json.Unmarshal(raw, &elems); err != nil {
		vs.Add(*p, "type", "expected array: %v", err)
		return nil, false
	}
	return elems, true
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
