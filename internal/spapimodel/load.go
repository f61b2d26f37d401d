package spapimodel

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"

	"github.com/spgen/spgen/internal/diag"
)

// loadModel parses a Swagger 2.0 model. Syntax and type errors are reported
// with line:column, and $refs that do not resolve inside the document with
// the JSON pointer of the $ref. The happy path parses once; the generic
// checks that locate a problem run only when parsing or resolving failed.
func loadModel(file string, data []byte) (*openapi2.T, error) {
	var doc openapi2.T
	if err := json.Unmarshal(data, &doc); err != nil {
		if derr := diagnose(file, data); derr != nil {
			return nil, derr
		}
		if derr := locateTypeError(file, data, err); derr != nil {
			return nil, derr
		}
		return nil, JSONError(file, data, err)
	}
	if doc.Swagger != "2.0" || doc.Paths == nil {
		return nil, diagnose(file, data)
	}
	return &doc, nil
}

// diagnose locates what is wrong with a model that failed to load or
// convert: a syntax error, a wrong version, a missing paths object or a $ref
// that does not resolve. It returns nil when it finds none of these.
func diagnose(file string, data []byte) error {
	var generic any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&generic); err != nil {
		return JSONError(file, data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		line, col := diag.LineCol(data, dec.InputOffset())
		return &diag.Error{File: file, Line: line, Column: col, Msg: "unexpected data after the top-level JSON value"}
	}
	root, ok := generic.(map[string]any)
	if !ok {
		return &diag.Error{File: file, Pointer: "/", Msg: "model must be a JSON object"}
	}
	if v, _ := root["swagger"].(string); v != "2.0" {
		return &diag.Error{File: file, Pointer: "/swagger", Msg: fmt.Sprintf("unsupported model version %q: spgen reads Swagger 2.0", v)}
	}
	if _, ok := root["paths"].(map[string]any); !ok {
		return &diag.Error{File: file, Pointer: "/paths", Msg: "model has no paths object"}
	}
	return checkRefs(file, root)
}

// JSONError turns an encoding/json error into a diag.Error with a position.
func JSONError(file string, data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		// Offset is just past the offending byte.
		line, col := diag.LineCol(data, max(se.Offset-1, 0))
		return &diag.Error{File: file, Line: line, Column: col, Msg: "invalid JSON", Err: err}
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		line, col := diag.LineCol(data, te.Offset)
		ptr := ""
		if te.Field != "" {
			ptr = "/" + strings.ReplaceAll(te.Field, ".", "/")
		}
		return &diag.Error{File: file, Line: line, Column: col, Pointer: ptr,
			Msg: fmt.Sprintf("%s where the model needs %s", te.Value, te.Type)}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		line, col := diag.LineCol(data, int64(len(data)))
		return &diag.Error{File: file, Line: line, Column: col, Msg: "invalid JSON: unexpected end of input"}
	}
	return &diag.Error{File: file, Msg: "invalid model", Err: err}
}

// checkRefs verifies that every "$ref" is a local JSON pointer that resolves
// inside the document. External references are a construct spgen does not
// support: every SP-API model is self-contained.
func checkRefs(file string, root map[string]any) error {
	var walk func(v any, ptr []string) error
	walk = func(v any, ptr []string) error {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"]; ok {
				s, isStr := ref.(string)
				at := diag.JSONPointer(append(ptr, "$ref")...)
				if !isStr {
					return &diag.Error{File: file, Pointer: at, Msg: "$ref must be a string"}
				}
				if !strings.HasPrefix(s, "#") {
					return &diag.Error{File: file, Pointer: at, Msg: fmt.Sprintf("unsupported external $ref %q: models must be self-contained", s)}
				}
				if _, err := resolvePointer(root, s[1:]); err != nil {
					return &diag.Error{File: file, Pointer: at, Msg: fmt.Sprintf("unresolvable $ref %q", s), Err: err}
				}
			}
			for _, k := range SortedKeys(x) {
				if err := walk(x[k], append(ptr, k)); err != nil {
					return err
				}
			}
		case []any:
			for i, e := range x {
				if err := walk(e, append(ptr, fmt.Sprint(i))); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return walk(root, nil)
}

// resolvePointer follows an RFC 6901 pointer ("/definitions/Order") in v.
func resolvePointer(v any, ptr string) (any, error) {
	if ptr == "" {
		return v, nil
	}
	if !strings.HasPrefix(ptr, "/") {
		return nil, fmt.Errorf("pointer %q does not start with /", ptr)
	}
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch x := v.(type) {
		case map[string]any:
			next, ok := x[tok]
			if !ok {
				return nil, fmt.Errorf("no %q", tok)
			}
			v = next
		case []any:
			var i int
			if _, err := fmt.Sscanf(tok, "%d", &i); err != nil || i < 0 || i >= len(x) {
				return nil, fmt.Errorf("no index %q", tok)
			}
			v = x[i]
		default:
			return nil, fmt.Errorf("cannot descend into %q", tok)
		}
	}
	return v, nil
}

// kinTypeError matches the type errors kin-openapi's decoders return after
// losing encoding/json's offset: "cannot unmarshal number into field
// Operation.operationId of type string".
var kinTypeError = regexp.MustCompile(`cannot unmarshal (\w+) into field \w+\.(\w+) of type (\S+)`)

// locateTypeError finds the member a kin-openapi type error is about: the
// first member (in document order of sorted keys) with that name whose
// value has the JSON kind the error names, and reports its JSON pointer.
func locateTypeError(file string, data []byte, err error) error {
	m := kinTypeError.FindStringSubmatch(err.Error())
	if m == nil {
		return nil
	}
	kind, field, want := m[1], m[2], m[3]
	var root any
	if json.Unmarshal(data, &root) != nil {
		return nil
	}
	ptr := findMember(root, nil, field, kind)
	if ptr == nil {
		return nil
	}
	return &diag.Error{File: file, Pointer: diag.JSONPointer(ptr...), Msg: fmt.Sprintf("%s where the model needs %s", kind, want)}
}

func findMember(v any, at []string, field, kind string) []string {
	switch x := v.(type) {
	case map[string]any:
		keys := SortedKeys(x)
		for _, k := range keys {
			if k == field && jsonKind(x[k]) == kind {
				return append(append([]string(nil), at...), k)
			}
		}
		for _, k := range keys {
			if p := findMember(x[k], append(at, k), field, kind); p != nil {
				return p
			}
		}
	case []any:
		for i, e := range x {
			if p := findMember(e, append(at, fmt.Sprint(i)), field, kind); p != nil {
				return p
			}
		}
	}
	return nil
}

// jsonKind names a decoded JSON value's kind as encoding/json's errors do.
func jsonKind(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "bool"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "null"
}
