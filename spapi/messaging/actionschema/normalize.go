package actionschema

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
)

// This file is the one place where the quirks of Amazon's action schemas
// are fixed before a schema is used, by the generator (gen messaging) and by
// the send workflow's live check alike. Each fix is a named pass that only
// removes content which carries no constraint, so a normalised schema
// accepts exactly the instances the original one means to accept:
//
//   - "hal-links": the schema object of a getMessagingActionsForOrder
//     response carries a HAL "_links" member (the schema resource's own URL,
//     which names the order). It is response metadata, not a JSON Schema
//     keyword; left in, it would make the schemas of two orders differ.
//   - "empty-required": Amazon writes "required": [] (two of the three
//     schemas in the documented response). Draft-04's meta-schema demands at
//     least one entry, so a strict draft-04 compiler rejects the schema; an
//     empty list requires nothing, so dropping it changes no verdict.
//
// Anything else that does not compile is an error, never silently dropped.

// Fix records one change a normalisation pass made.
type Fix struct {
	// Pass is the pass's name, e.g. "empty-required".
	Pass string
	// Pointer is the JSON pointer, in the original schema, of the member
	// that was removed.
	Pointer string
}

func (f Fix) String() string { return f.Pass + " at " + f.Pointer }

// Passes lists the normalisation passes in the order Normalize runs them.
var Passes = []string{"hal-links", "empty-required"}

// Normalize returns a copy of schema (a decoded JSON document, objects as
// map[string]any) with every quirk fixed, and the list of fixes it made,
// sorted by pointer. The input is not modified.
func Normalize(schema any) (any, []Fix) {
	out := clone(schema)
	var fixes []Fix
	if root, ok := out.(map[string]any); ok {
		fixes = append(fixes, stripHALLinks(root)...)
	}
	fixes = append(fixes, dropEmptyRequired(out)...)
	sort.SliceStable(fixes, func(i, j int) bool { return fixes[i].Pointer < fixes[j].Pointer })
	return out, fixes
}

// stripHALLinks is the "hal-links" pass: it removes "_links" from the
// schema's root object, where the HAL response puts it.
func stripHALLinks(root map[string]any) []Fix {
	if _, ok := root["_links"]; !ok {
		return nil
	}
	delete(root, "_links")
	return []Fix{{Pass: "hal-links", Pointer: "/_links"}}
}

// dropEmptyRequired is the "empty-required" pass: it removes every
// "required": [] from the schema and all its subschemas.
func dropEmptyRequired(schema any) []Fix {
	var fixes []Fix
	WalkSchemas(schema, func(ptr string, s map[string]any) {
		if req, ok := s["required"].([]any); ok && len(req) == 0 {
			delete(s, "required")
			fixes = append(fixes, Fix{Pass: "empty-required", Pointer: ptr + "/required"})
		}
	})
	return fixes
}

// WalkSchemas calls fn for schema and every subschema below it (draft-04
// positions: properties, patternProperties, definitions, dependencies,
// items, additionalItems, additionalProperties, allOf, anyOf, oneOf, not),
// parents before children, with each one's JSON pointer. Map keys are
// visited in sorted order.
func WalkSchemas(schema any, fn func(ptr string, s map[string]any)) {
	walk(schema, "", fn)
}

func walk(v any, ptr string, fn func(string, map[string]any)) {
	s, ok := v.(map[string]any)
	if !ok {
		return
	}
	fn(ptr, s)
	for _, kw := range []string{"properties", "patternProperties", "definitions", "dependencies"} {
		m, ok := s[kw].(map[string]any)
		if !ok {
			continue
		}
		for _, k := range sortedKeys(m) {
			walk(m[k], ptr+"/"+kw+"/"+escapeToken(k), fn)
		}
	}
	for _, kw := range []string{"items", "additionalItems", "additionalProperties", "not"} {
		switch sub := s[kw].(type) {
		case map[string]any:
			walk(sub, ptr+"/"+kw, fn)
		case []any:
			for i, e := range sub {
				walk(e, ptr+"/"+kw+"/"+strconv.Itoa(i), fn)
			}
		}
	}
	for _, kw := range []string{"allOf", "anyOf", "oneOf"} {
		if list, ok := s[kw].([]any); ok {
			for i, e := range list {
				walk(e, ptr+"/"+kw+"/"+strconv.Itoa(i), fn)
			}
		}
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func clone(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[k] = clone(e)
		}
		return m
	case []any:
		l := make([]any, len(v))
		for i, e := range v {
			l[i] = clone(e)
		}
		return l
	}
	return v
}

// Canonical returns doc as compact JSON with object members sorted by name
// and numbers written as they were read (decode with UseNumber), so that two
// documents that differ only in layout and member order give the same bytes.
func Canonical(doc any) ([]byte, error) {
	return json.Marshal(doc)
}

// Fingerprint returns "sha256:" and the hex SHA-256 of the canonical form
// of the normalised schema. Two schemas with the same fingerprint make the
// same demands; the send workflow caches compiled schemas by it and compares
// it with the one a generated type was built from.
func Fingerprint(schema any) (string, error) {
	norm, _ := Normalize(schema)
	b, err := Canonical(norm)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}

func escapeToken(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}
