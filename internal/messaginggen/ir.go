package messaginggen

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/spgen/spgen/internal/naming"
	"github.com/spgen/spgen/spapi/messaging/actionschema"
)

// Kind is the JSON type a schema position holds.
type Kind int

// The kinds of values a request can hold. KindAny is a schema without
// "type" and without constraints: any JSON value, kept as json.RawMessage.
const (
	KindAny Kind = iota
	KindString
	KindInteger
	KindNumber
	KindBoolean
	KindObject
	KindArray
)

var kindNames = map[string]Kind{
	"string": KindString, "integer": KindInteger, "number": KindNumber,
	"boolean": KindBoolean, "object": KindObject, "array": KindArray,
}

func (k Kind) String() string {
	for n, kk := range kindNames {
		if kk == k {
			return n
		}
	}
	return "any"
}

// Type is one schema position with its constraints, the IR the emitter
// turns into Go types, decoding and Validate code.
type Type struct {
	Kind Kind
	// Ptr is the JSON pointer of the schema position in the normalised
	// schema.
	Ptr string
	// Title and Description are the schema's annotations.
	Title, Description string

	// Object is the struct of a KindObject.
	Object *Struct
	// Elem is the element type of a KindArray.
	Elem *Type

	// MinLength and MaxLength (strings, in runes), MinItems and MaxItems
	// (arrays); -1 when absent.
	MinLength, MaxLength int
	MinItems, MaxItems   int
	// Pattern is the regular expression a string must contain a match of;
	// HasPattern says whether there is one.
	Pattern    string
	HasPattern bool
	// Format is an asserted format ("date-time", ...), "" when none.
	Format string

	// Minimum and Maximum bound numbers exactly; nil when absent.
	Minimum, Maximum                   *big.Rat
	MinimumText, MaximumText           string
	ExclusiveMinimum, ExclusiveMaximum bool

	// Enum lists the allowed values (decoded JSON: string, json.Number,
	// bool); HasEnum says whether the keyword was present.
	Enum    []any
	HasEnum bool
}

// Struct is a Go struct generated for an object schema.
type Struct struct {
	// Name is the Go type name.
	Name string
	// Type is the object schema the struct stands for.
	Type *Type
	// Fields are in the order of the schema's properties, sorted by name.
	Fields []*Field
}

// Field is one property of an object schema.
type Field struct {
	// GoName is the exported Go field name.
	GoName string
	// JSONName is the property name.
	JSONName string
	// Required reports whether the property is listed in "required".
	Required bool
	// Type is the property's schema.
	Type *Type
}

// Action is the IR of one messaging action: its request struct and every
// struct nested in it.
type Action struct {
	// Name is the action's name as Amazon spells it.
	Name string
	// Title is the action's title from the response, if any.
	Title string
	// Root is the request struct, named <Action>Request.
	Root *Struct
	// Structs lists Root and every nested struct, parents first.
	Structs []*Struct
	// Schema is the normalised schema, indented, as embedded in the output.
	Schema []byte
	// Fingerprint is actionschema.Fingerprint of the schema.
	Fingerprint string
	// Fixes lists what normalisation changed.
	Fixes []actionschema.Fix
	// File and Pointer say where the schema came from (file base name and
	// the schema's JSON pointer in it).
	File, Pointer string
}

// schemaError is a problem at a position of one schema; the loader turns it
// into a diag.Error with the file, the full pointer and line:column.
type schemaError struct {
	ptr string
	msg string
}

func (e *schemaError) Error() string { return e.ptr + ": " + e.msg }

func errAt(ptr, format string, args ...any) error {
	return &schemaError{ptr: ptr, msg: fmt.Sprintf(format, args...)}
}

// annotations are the draft-04 keywords (and Amazon's additions) that carry
// no constraint. Keywords not listed here and not handled by buildType are
// checked against unsupported; any other member is an unknown keyword,
// which JSON Schema ignores, and so do we.
var unsupported = map[string]string{
	"allOf": "combinators", "anyOf": "combinators", "oneOf": "combinators", "not": "combinators",
	"$ref": "references", "multipleOf": "multipleOf", "patternProperties": "patternProperties",
	"minProperties": "minProperties", "maxProperties": "maxProperties", "dependencies": "dependencies",
}

// builder builds the IR of the actions of one generation run, sharing one
// namespace of Go type names.
type builder struct {
	types naming.Set
}

// buildAction builds the IR for one action from its normalised schema.
func (b *builder) buildAction(name, title string, norm any, rootName string) (*Action, error) {
	a := &Action{Name: name, Title: title}
	root, ok := norm.(map[string]any)
	if !ok {
		return nil, errAt("", "schema is not an object")
	}
	if sv, ok := root["$schema"]; ok {
		// Other drafts give keywords other meanings (exclusiveMinimum is a
		// number from draft-06 on) or add constraints (const); the IR
		// implements draft-04, which Amazon declares.
		if s, _ := sv.(string); strings.TrimSuffix(strings.TrimSuffix(s, "#"), "/schema") != "http://json-schema.org/draft-04" {
			return nil, errAt("/$schema", "only draft-04 schemas are supported, got %s", describe(sv))
		}
	}
	if t, _ := root["type"].(string); t != "object" {
		return nil, errAt("/type", "the schema of an action must have \"type\": \"object\", got %s", describe(root["type"]))
	}
	t, err := b.buildType(root, "", rootName, a)
	if err != nil {
		return nil, err
	}
	a.Root = t.Object
	return a, nil
}

func describe(v any) string {
	if v == nil {
		return "none"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// buildType builds the Type of the schema s at ptr. structName is the Go
// name to give it if it is an object.
func (b *builder) buildType(v any, ptr, structName string, a *Action) (*Type, error) {
	s, ok := v.(map[string]any)
	if !ok {
		if bv, isBool := v.(bool); isBool {
			return nil, errAt(ptr, "boolean schema %v is not valid in draft-04", bv)
		}
		return nil, errAt(ptr, "schema must be an object, got %s", describe(v))
	}
	for _, k := range sortedKeys(s) {
		if what, bad := unsupported[k]; bad {
			return nil, errAt(ptr+"/"+escape(k), "keyword %q is not supported (%s); the generator refuses rather than drop a constraint", k, what)
		}
	}
	t := &Type{Ptr: ptr, MinLength: -1, MaxLength: -1, MinItems: -1, MaxItems: -1}
	t.Title, _ = s["title"].(string)
	t.Description, _ = s["description"].(string)

	switch tv := s["type"].(type) {
	case nil:
		for _, k := range []string{"properties", "required", "items", "enum", "minLength", "maxLength", "pattern", "format", "minimum", "maximum", "minItems", "maxItems", "additionalProperties", "uniqueItems"} {
			if _, ok := s[k]; ok {
				return nil, errAt(ptr, "schema has %q but no \"type\"; untyped schemas are supported only without constraints", k)
			}
		}
		t.Kind = KindAny
		return t, nil
	case string:
		k, ok := kindNames[tv]
		if !ok {
			if tv == "null" {
				return nil, errAt(ptr+"/type", "type \"null\" is not supported")
			}
			return nil, errAt(ptr+"/type", "unknown type %q (want one of array, boolean, integer, number, object, string)", tv)
		}
		t.Kind = k
	case []any:
		return nil, errAt(ptr+"/type", "a list of types (%s) is not supported", describe(tv))
	default:
		return nil, errAt(ptr+"/type", "\"type\" must be a string, got %s", describe(tv))
	}

	var err error
	if t.MinLength, err = nonNegInt(s, "minLength", ptr); err != nil {
		return nil, err
	}
	if t.MaxLength, err = nonNegInt(s, "maxLength", ptr); err != nil {
		return nil, err
	}
	if t.MinItems, err = nonNegInt(s, "minItems", ptr); err != nil {
		return nil, err
	}
	if t.MaxItems, err = nonNegInt(s, "maxItems", ptr); err != nil {
		return nil, err
	}
	if p, ok := s["pattern"]; ok {
		ps, isStr := p.(string)
		if !isStr {
			return nil, errAt(ptr+"/pattern", "pattern must be a string")
		}
		if _, err := regexp.Compile(ps); err != nil {
			return nil, errAt(ptr+"/pattern", "pattern %q is not a regular expression Go (and the jsonschema/v5 reference validator) can compile: %v", ps, err)
		}
		if t.Kind == KindString {
			t.Pattern, t.HasPattern = ps, true
		}
	}
	if f, ok := s["format"]; ok {
		fs, isStr := f.(string)
		if !isStr {
			return nil, errAt(ptr+"/format", "format must be a string")
		}
		if t.Kind == KindString && actionschema.KnownFormat(fs) {
			t.Format = fs
		}
	}
	if t.Minimum, t.MinimumText, err = number(s, "minimum", ptr); err != nil {
		return nil, err
	}
	if t.Maximum, t.MaximumText, err = number(s, "maximum", ptr); err != nil {
		return nil, err
	}
	if t.ExclusiveMinimum, err = boolKeyword(s, "exclusiveMinimum", ptr); err != nil {
		return nil, err
	}
	if t.ExclusiveMaximum, err = boolKeyword(s, "exclusiveMaximum", ptr); err != nil {
		return nil, err
	}
	if t.Kind != KindInteger && t.Kind != KindNumber {
		t.Minimum, t.Maximum = nil, nil
	}
	if u, err := boolKeyword(s, "uniqueItems", ptr); err != nil {
		return nil, err
	} else if u && t.Kind == KindArray {
		return nil, errAt(ptr+"/uniqueItems", "uniqueItems: true is not supported")
	}
	if e, ok := s["enum"]; ok {
		list, isList := e.([]any)
		if !isList || len(list) == 0 {
			return nil, errAt(ptr+"/enum", "enum must be a non-empty array")
		}
		if t.Kind == KindObject || t.Kind == KindArray {
			return nil, errAt(ptr+"/enum", "enum on an %s is not supported", t.Kind)
		}
		t.HasEnum = true
		for _, m := range list {
			if enumMatches(t.Kind, m) {
				t.Enum = append(t.Enum, m)
			}
		}
	}

	switch t.Kind {
	case KindObject:
		if ap, ok := s["additionalProperties"]; ok {
			switch ap := ap.(type) {
			case bool:
				if !ap {
					return nil, errAt(ptr+"/additionalProperties", "additionalProperties: false is not supported (the Go struct cannot see unknown members)")
				}
			case map[string]any:
				if len(ap) > 0 {
					return nil, errAt(ptr+"/additionalProperties", "an additionalProperties schema is not supported")
				}
			}
		}
		name := structName
		if ptr != "" {
			name = b.types.Unique(structName) // the root's name was reserved by Build
		}
		st := &Struct{Name: name, Type: t}
		t.Object = st
		a.Structs = append(a.Structs, st)
		props, _ := s["properties"].(map[string]any)
		if p, ok := s["properties"]; ok && props == nil {
			return nil, errAt(ptr+"/properties", "properties must be an object, got %s", describe(p))
		}
		required := map[string]bool{}
		if r, ok := s["required"]; ok {
			list, isList := r.([]any)
			if !isList {
				return nil, errAt(ptr+"/required", "required must be an array")
			}
			for i, e := range list {
				name, isStr := e.(string)
				if !isStr {
					return nil, errAt(fmt.Sprintf("%s/required/%d", ptr, i), "required entries must be strings")
				}
				required[name] = true
			}
		}
		names := sortedKeys(props)
		for n := range required {
			if _, ok := props[n]; !ok {
				// A required property the schema does not describe: any
				// value, but it must be there.
				names = append(names, n)
			}
		}
		sort.Strings(names)
		var fieldNames naming.Set
		fieldNames.Reserve("ActionName", "Schema", "SchemaFingerprint", "Validate", "UnmarshalJSON", "MarshalJSON")
		for _, n := range names {
			if !validTagName(n) {
				return nil, errAt(ptr+"/properties/"+escape(n), "property name %q cannot be written as an encoding/json tag", n)
			}
			f := &Field{JSONName: n, Required: required[n], GoName: fieldNames.Unique(naming.Exported(n))}
			ps, described := props[n]
			if !described {
				ps = map[string]any{}
			}
			childName := strings.TrimSuffix(st.Name, "Request") + naming.Exported(n)
			if f.Type, err = b.buildType(ps, ptr+"/properties/"+escape(n), childName, a); err != nil {
				return nil, err
			}
			st.Fields = append(st.Fields, f)
		}
	case KindArray:
		items, ok := s["items"]
		switch it := items.(type) {
		case nil:
			if ok {
				return nil, errAt(ptr+"/items", "items must be a schema object")
			}
			t.Elem = &Type{Kind: KindAny, Ptr: ptr + "/items", MinLength: -1, MaxLength: -1, MinItems: -1, MaxItems: -1}
		case []any:
			return nil, errAt(ptr+"/items", "tuple items (an array of schemas) are not supported")
		default:
			if t.Elem, err = b.buildType(it, ptr+"/items", singular(structName), a); err != nil {
				return nil, err
			}
		}
	}
	return t, nil
}

// enumMatches reports whether enum member m can equal a value of kind k;
// members that cannot never match a Go value of that kind and are left
// out of the generated switch (the set of accepted values is the same).
func enumMatches(k Kind, m any) bool {
	switch k {
	case KindString:
		_, ok := m.(string)
		return ok
	case KindBoolean:
		_, ok := m.(bool)
		return ok
	case KindInteger:
		n, ok := m.(json.Number)
		if !ok {
			return false
		}
		r, ok := new(big.Rat).SetString(string(n))
		return ok && r.IsInt() && r.Num().IsInt64()
	case KindNumber:
		n, ok := m.(json.Number)
		if !ok {
			return false
		}
		// A float64 holds the number whose shortest decimal form reads back
		// as it; a member that is not such a number equals no value a
		// float64 field can carry.
		r, ok := new(big.Rat).SetString(string(n))
		if !ok {
			return false
		}
		f, _ := r.Float64()
		return !math.IsInf(f, 0) && shortestDecimal(f).Cmp(r) == 0
	case KindAny:
		return true
	}
	return false
}

func nonNegInt(s map[string]any, kw, ptr string) (int, error) {
	v, ok := s[kw]
	if !ok {
		return -1, nil
	}
	n, isNum := v.(json.Number)
	if !isNum {
		return 0, errAt(ptr+"/"+kw, "%s must be a number, got %s", kw, describe(v))
	}
	i, err := n.Int64()
	if err != nil || i < 0 || i > 1<<31 {
		return 0, errAt(ptr+"/"+kw, "%s must be a non-negative integer, got %s", kw, n)
	}
	return int(i), nil
}

func number(s map[string]any, kw, ptr string) (*big.Rat, string, error) {
	v, ok := s[kw]
	if !ok {
		return nil, "", nil
	}
	n, isNum := v.(json.Number)
	if !isNum {
		return nil, "", errAt(ptr+"/"+kw, "%s must be a number, got %s", kw, describe(v))
	}
	r, ok := new(big.Rat).SetString(string(n))
	if !ok {
		return nil, "", errAt(ptr+"/"+kw, "%s: cannot read number %s", kw, n)
	}
	return r, string(n), nil
}

func boolKeyword(s map[string]any, kw, ptr string) (bool, error) {
	v, ok := s[kw]
	if !ok {
		return false, nil
	}
	bv, isBool := v.(bool)
	if !isBool {
		return false, errAt(ptr+"/"+kw, "%s must be a boolean in draft-04, got %s", kw, describe(v))
	}
	return bv, nil
}

// singular names the element type of an array property:
// "ConfirmCustomizationDetailsAttachments" → "ConfirmCustomizationDetailsAttachment",
// "Categories" → "Category", "Data" → "DataItem".
func singular(name string) string {
	switch {
	case strings.HasSuffix(name, "ies") && len(name) > 3:
		return name[:len(name)-3] + "y"
	case strings.HasSuffix(name, "ss"):
		return name + "Item"
	case strings.HasSuffix(name, "s") && len(name) > 1:
		return name[:len(name)-1]
	}
	return name + "Item"
}

// validTagName mirrors encoding/json's rule for a name in a struct tag.
func validTagName(s string) bool {
	if s == "" || s == "-" {
		return false
	}
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}

func escape(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
