package spapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
)

// Mismatch is one place where a response broke the model's types but
// converted without loss: a number where the model says string, a numeric
// string where it says number or integer, "true"/"false" where it says
// boolean. Decode converts it, so the call succeeds, and reports it here.
type Mismatch struct {
	// Path is the member's path of JSON names from the body's root
	// ("payload.items.weight.value"; array positions and map keys are not
	// named: every element at that path that broke the type was converted);
	// empty for the body as a whole (a Content-Type that is not JSON).
	Path string
	// Got is the JSON kind received, Want the Go type of the model.
	Got, Want string
	// Member reports a member the model lacks (Got and Want are empty):
	// Kept says it is in its struct's Extra field; it is false only for
	// the few types without one.
	Member, Kept bool
}

// String says what broke the model, and where.
func (m Mismatch) String() string {
	switch {
	case m.Member && m.Kept:
		return m.Path + ": a member the model lacks, kept in Extra"
	case m.Member:
		return m.Path + ": a member the model lacks, dropped (its type has no Extra field)"
	}
	path := m.Path
	if path == "" {
		path = "the body"
	}
	return fmt.Sprintf("%s: %s where the model says %s", path, m.Got, m.Want)
}

// maxRepairs bounds how many mismatched members one body may have before
// Decode gives up.
const maxRepairs = 64

// decodeTolerant decodes body into out; where a member's JSON kind breaks
// out's type but the value converts without loss, it is converted and
// reported, and members out's types lack are kept in their structs' Extra
// fields and reported. Anything else is the decoding error. A body that
// fits its types exactly is parsed once.
func decodeTolerant(body []byte, out any) ([]Mismatch, error) {
	strict := json.NewDecoder(bytes.NewReader(body))
	strict.DisallowUnknownFields()
	if strict.Decode(out) == nil {
		if _, err := strict.Token(); err == io.EOF {
			return nil, nil
		}
	}
	// The slow path: the body parsed generically once, for the
	// conversions and for the members out's types lack.
	reflect.ValueOf(out).Elem().SetZero()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var tree any
	if dec.Decode(&tree) != nil {
		return nil, json.Unmarshal(body, out) // encoding/json's own syntax error
	}
	found, err := decodeConverting(body, tree, out)
	if err != nil {
		return found, err
	}
	keepExtra(tree, reflect.ValueOf(out), "", map[string]bool{}, &found)
	return found, nil
}

// decodeConverting decodes body into out, converting in tree (body parsed
// generically) each member whose JSON kind breaks out's type where that
// is lossless.
func decodeConverting(body []byte, tree any, out any) ([]Mismatch, error) {
	err := json.Unmarshal(body, out)
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		return nil, err
	}
	var found []Mismatch
	for range maxRepairs {
		if te.Field == "" || !convert(&tree, strings.Split(te.Field, "."), te.Type) {
			return found, err
		}
		found = append(found, Mismatch{Path: te.Field, Got: te.Value, Want: te.Type.String()})
		fixed, merr := json.Marshal(tree)
		if merr != nil {
			return found, err
		}
		// Start from a fresh value: a failed decode may have half-filled out.
		reflect.ValueOf(out).Elem().SetZero()
		err = json.Unmarshal(fixed, out)
		if !errors.As(err, &te) {
			return found, err
		}
	}
	return found, err
}

// convert rewrites, at path in the generic tree (through any arrays on the
// way), every value that does not have the kind of want into one that has,
// where that is lossless. It reports whether it changed anything.
func convert(v *any, path []string, want reflect.Type) bool {
	switch x := (*v).(type) {
	case []any:
		changed := false
		for i := range x {
			changed = convert(&x[i], path, want) || changed
		}
		return changed
	case map[string]any:
		if len(path) == 0 {
			// A map's values: the path names the map, not its keys.
			changed := false
			for k := range x {
				child := x[k]
				if convert(&child, nil, want) {
					x[k] = child
					changed = true
				}
			}
			return changed
		}
		child, ok := x[path[0]]
		if !ok {
			return false
		}
		if convert(&child, path[1:], want) {
			x[path[0]] = child
			return true
		}
		return false
	}
	if len(path) != 0 {
		return false
	}
	for want.Kind() == reflect.Pointer {
		want = want.Elem()
	}
	switch want.Kind() {
	case reflect.String:
		switch x := (*v).(type) {
		case json.Number:
			*v = x.String()
			return true
		case bool:
			*v = strconv.FormatBool(x)
			return true
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if s, ok := (*v).(string); ok {
			if _, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil {
				*v = json.Number(strings.TrimSpace(s))
				return true
			}
		}
	case reflect.Float32, reflect.Float64:
		if s, ok := (*v).(string); ok {
			if _, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
				*v = json.Number(strings.TrimSpace(s))
				return true
			}
		}
	case reflect.Bool:
		if s, ok := (*v).(string); ok {
			if b, err := strconv.ParseBool(s); err == nil {
				*v = b
				return true
			}
		}
	}
	return false
}
