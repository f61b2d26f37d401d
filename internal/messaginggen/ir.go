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
	// KindMap is an object schema without properties whose
	// additionalProperties allows anything (draft-07 mode): a
	// map[string]json.RawMessage that keeps every member as it came.
	KindMap
)

var kindNames = map[string]Kind{
	"string": KindString, "integer": KindInteger, "number": KindNumber,
	"boolean": KindBoolean, "object": KindObject, "array": KindArray,
}

func (k Kind) String() string {
	if k == KindMap {
		return "object"
	}
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

	// Const is the value "const" requires (decoded JSON); HasConst says
	// whether the keyword was present.
	Const    any
	HasConst bool
	// Nullable is set when "type" lists "null" besides Kind: the Go type is
	// actionschema.Nullable[T].
	Nullable bool
	// Never is the false schema: any value present is a violation.
	Never bool
	// UniqueItems requires the elements of an array to differ.
	UniqueItems bool
	// MinProperties and MaxProperties bound the member count of an object;
	// -1 when absent.
	MinProperties, MaxProperties int
	// Branches are the alternatives of a "oneOf" or "anyOf" whose
	// members constrain this object's own properties (no type of their
	// own); BranchKeyword names the combinator.
	Branches      []*Branch
	BranchKeyword string
}

// Branch is one alternative of a constraint-only oneOf/anyOf on an object:
// constraints on the object's own properties.
type Branch struct {
	// Ptr is the JSON pointer of the alternative.
	Ptr string
	// Props constrain properties of the object when present.
	Props []BranchProp
	// Required lists the properties the alternative requires.
	Required []*Field
}

// BranchProp is one property constraint of a Branch.
type BranchProp struct {
	Field *Field
	Type  *Type
}

// Struct is a Go struct generated for an object schema.
type Struct struct {
	// Name is the Go type name.
	Name string
	// Type is the object schema the struct stands for.
	Type *Type
	// Fields are in the order of the schema's properties, sorted by name.
	Fields []*Field
	// Extra is the Go name of the map[string]json.RawMessage field keeping
	// members the schema does not describe (draft-07 mode, when
	// additionalProperties allows them); "" when there is none.
	Extra string
	// Closed is set when additionalProperties is false: an undescribed
	// member is an "additionalProperties" violation.
	Closed bool
	// Alts are the alternatives of a union: a schema that is an "anyOf" or
	// "oneOf" (AltKeyword) of several typed schemas. The struct then has one
	// pointer per alternative, set for each alternative the value matches,
	// and the value's raw JSON; Fields is empty.
	Alts       []*Type
	AltKeyword string
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
	// Document is set for a draft-07 schema file ("gen schemas"): the root
	// is a document type implementing actionschema.Document rather than a
	// messaging request.
	Document bool
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

// unsupported lists, per draft, the keywords the IR cannot check; a schema
// using one is refused rather than generated with a constraint dropped.
// Keywords handled by buildType and annotations pass; any other member is
// an unknown keyword, which JSON Schema ignores, and so do we.
var unsupported = map[string]string{
	"allOf": "combinators", "anyOf": "combinators", "oneOf": "combinators", "not": "combinators",
	"$ref": "references", "multipleOf": "multipleOf", "patternProperties": "patternProperties",
	"minProperties": "minProperties", "maxProperties": "maxProperties", "dependencies": "dependencies",
}

var unsupported07 = map[string]string{
	"not": "combinators", "multipleOf": "multipleOf", "patternProperties": "patternProperties",
	"dependencies": "dependencies", "if": "conditionals", "then": "conditionals", "else": "conditionals",
	"contains": "contains", "propertyNames": "propertyNames",
}

// builder builds the IR of the schemas of one generation run, sharing one
// namespace of Go type names.
type builder struct {
	types naming.Set
	// draft07 selects draft-07 semantics ($ref, combinators, const,
	// numeric exclusive bounds, kept extra members); otherwise draft-04 as
	// the messaging actions declare it.
	draft07 bool
	// doc is the document $ref pointers resolve in; refs the types built
	// for each resolved pointer, so a definition is one Go type however
	// often it is referred to.
	doc  any
	refs map[string]*Type
	// building holds the $ref targets under construction: a required
	// property of one of them would make a Go type contain itself.
	building map[*Type]bool
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
		// implements draft-04 for actions and draft-07 for schema files.
		want := "http://json-schema.org/draft-04"
		if b.draft07 {
			want = "http://json-schema.org/draft-07"
		}
		if s, _ := sv.(string); strings.TrimSuffix(strings.TrimSuffix(s, "#"), "/schema") != want {
			return nil, errAt("/$schema", "only %s schemas are supported here, got %s", want[strings.LastIndexByte(want, '/')+1:], describe(sv))
		}
	}
	b.doc = norm
	if b.draft07 {
		root = b.resolveRoot(root)
	}
	if t, _ := root["type"].(string); t != "object" {
		return nil, errAt("/type", "the root schema must have \"type\": \"object\", got %s", describe(root["type"]))
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

func newType(ptr string) *Type {
	return &Type{Ptr: ptr, MinLength: -1, MaxLength: -1, MinItems: -1, MaxItems: -1, MinProperties: -1, MaxProperties: -1}
}

// buildType builds the Type of the schema s at ptr. structName is the Go
// name to give it if it is an object.
func (b *builder) buildType(v any, ptr, structName string, a *Action) (*Type, error) {
	if b.draft07 {
		if bv, isBool := v.(bool); isBool {
			t := newType(ptr)
			t.Never = !bv
			return t, nil
		}
		if s, ok := v.(map[string]any); ok {
			if ref, has := s["$ref"]; has {
				// draft-07: members beside $ref are ignored.
				return b.ref(ref, ptr+"/$ref", a)
			}
			merged, err := b.mergeSubschemas(s, ptr)
			if err != nil {
				return nil, err
			}
			v = merged
		}
	}
	s, ok := v.(map[string]any)
	if !ok {
		if bv, isBool := v.(bool); isBool {
			return nil, errAt(ptr, "boolean schema %v is not valid in draft-04", bv)
		}
		return nil, errAt(ptr, "schema must be an object, got %s", describe(v))
	}
	bad := unsupported
	if b.draft07 {
		bad = unsupported07
	}
	for _, k := range sortedKeys(s) {
		if what, isBad := bad[k]; isBad {
			return nil, errAt(ptr+"/"+escape(k), "keyword %q is not supported (%s); the generator refuses rather than drop a constraint", k, what)
		}
	}
	t := newType(ptr)
	t.Title, _ = s["title"].(string)
	t.Description, _ = s["description"].(string)

	if b.draft07 && s["type"] == nil {
		if u, err := b.union(s, ptr, structName, a); u != nil || err != nil {
			return u, err
		}
	}
	switch tv := s["type"].(type) {
	case nil:
		for _, k := range []string{"properties", "required", "items", "enum", "minLength", "maxLength", "pattern", "format", "minimum", "maximum", "minItems", "maxItems", "additionalProperties", "uniqueItems", "const", "exclusiveMinimum", "exclusiveMaximum", "minProperties", "maxProperties", "oneOf", "anyOf"} {
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
		k, ok := nullableKind(tv)
		if !b.draft07 || !ok {
			return nil, errAt(ptr+"/type", "a list of types (%s) is not supported (only a scalar type and \"null\")", describe(tv))
		}
		t.Kind, t.Nullable = k, true
	default:
		return nil, errAt(ptr+"/type", "\"type\" must be a string, got %s", describe(tv))
	}
	if err := b.scalarKeywords(s, ptr, t); err != nil {
		return nil, err
	}
	switch t.Kind {
	case KindObject:
		return b.objectType(s, ptr, structName, t, a)
	case KindArray:
		items, ok := s["items"]
		var err error
		switch it := items.(type) {
		case nil:
			if ok {
				return nil, errAt(ptr+"/items", "items must be a schema object")
			}
			t.Elem = newType(ptr + "/items")
		case []any:
			return nil, errAt(ptr+"/items", "tuple items (an array of schemas) are not supported")
		default:
			if t.Elem, err = b.buildType(it, ptr+"/items", singular(structName), a); err != nil {
				return nil, err
			}
			if t.Elem.Never {
				return nil, errAt(ptr+"/items", "items: false is not supported")
			}
		}
		if t.UniqueItems && !comparableKind(t.Elem) {
			return nil, errAt(ptr+"/uniqueItems", "uniqueItems is supported only for arrays of strings, integers, numbers or booleans")
		}
	}
	return t, nil
}

// nullableKind reads a draft-07 type list of one scalar type and "null".
func nullableKind(list []any) (Kind, bool) {
	if len(list) != 2 {
		return 0, false
	}
	var other string
	nulls := 0
	for _, e := range list {
		s, _ := e.(string)
		if s == "null" {
			nulls++
		} else {
			other = s
		}
	}
	k, ok := kindNames[other]
	if nulls != 1 || !ok || k == KindObject || k == KindArray {
		return 0, false
	}
	return k, true
}

func comparableKind(t *Type) bool {
	switch t.Kind {
	case KindString, KindInteger, KindNumber, KindBoolean:
		return !t.Nullable
	}
	return false
}

// scalarKeywords reads the keywords that constrain strings, numbers and
// arrays, and enum and const.
func (b *builder) scalarKeywords(s map[string]any, ptr string, t *Type) error {
	var err error
	if t.MinLength, err = nonNegInt(s, "minLength", ptr); err != nil {
		return err
	}
	if t.MaxLength, err = nonNegInt(s, "maxLength", ptr); err != nil {
		return err
	}
	if t.MinItems, err = nonNegInt(s, "minItems", ptr); err != nil {
		return err
	}
	if t.MaxItems, err = nonNegInt(s, "maxItems", ptr); err != nil {
		return err
	}
	if p, ok := s["pattern"]; ok {
		ps, isStr := p.(string)
		if !isStr {
			return errAt(ptr+"/pattern", "pattern must be a string")
		}
		if _, err := regexp.Compile(ps); err != nil {
			return errAt(ptr+"/pattern", "pattern %q is not a regular expression Go (and the jsonschema/v5 reference validator) can compile: %v", ps, err)
		}
		if t.Kind == KindString {
			t.Pattern, t.HasPattern = ps, true
		}
	}
	if f, ok := s["format"]; ok {
		fs, isStr := f.(string)
		if !isStr {
			return errAt(ptr+"/format", "format must be a string")
		}
		if t.Kind == KindString && actionschema.KnownFormat(fs) {
			t.Format = fs
		}
	}
	if t.Minimum, t.MinimumText, err = number(s, "minimum", ptr); err != nil {
		return err
	}
	if t.Maximum, t.MaximumText, err = number(s, "maximum", ptr); err != nil {
		return err
	}
	if b.draft07 {
		if err := exclusiveBound(s, "exclusiveMinimum", ptr, &t.Minimum, &t.MinimumText, &t.ExclusiveMinimum); err != nil {
			return err
		}
		if err := exclusiveBound(s, "exclusiveMaximum", ptr, &t.Maximum, &t.MaximumText, &t.ExclusiveMaximum); err != nil {
			return err
		}
	} else {
		if t.ExclusiveMinimum, err = boolKeyword(s, "exclusiveMinimum", ptr); err != nil {
			return err
		}
		if t.ExclusiveMaximum, err = boolKeyword(s, "exclusiveMaximum", ptr); err != nil {
			return err
		}
	}
	if t.Kind != KindInteger && t.Kind != KindNumber {
		t.Minimum, t.Maximum = nil, nil
	}
	if u, err := boolKeyword(s, "uniqueItems", ptr); err != nil {
		return err
	} else if u && t.Kind == KindArray {
		if !b.draft07 {
			return errAt(ptr+"/uniqueItems", "uniqueItems: true is not supported")
		}
		t.UniqueItems = true
	}
	if e, ok := s["enum"]; ok {
		list, isList := e.([]any)
		if !isList || len(list) == 0 {
			return errAt(ptr+"/enum", "enum must be a non-empty array")
		}
		if t.Kind == KindObject || t.Kind == KindArray {
			return errAt(ptr+"/enum", "enum on an %s is not supported", t.Kind)
		}
		t.HasEnum = true
		for _, m := range list {
			if enumMatches(t.Kind, m) {
				t.Enum = append(t.Enum, m)
			}
		}
	}
	if c, ok := s["const"]; ok && b.draft07 {
		if t.Kind == KindObject || t.Kind == KindArray {
			return errAt(ptr+"/const", "const on an %s is not supported", t.Kind)
		}
		t.HasConst = true
		if enumMatches(t.Kind, c) {
			t.Const = c
		}
	}
	return nil
}

// exclusiveBound reads draft-07's numeric exclusiveMinimum/Maximum into the
// bound it replaces; both forms on one schema are refused.
func exclusiveBound(s map[string]any, kw, ptr string, bound **big.Rat, text *string, excl *bool) error {
	r, txt, err := number(s, kw, ptr)
	if err != nil || r == nil {
		return err
	}
	if *bound != nil {
		return errAt(ptr+"/"+kw, "%s together with the inclusive bound is not supported", kw)
	}
	*bound, *text, *excl = r, txt, true
	return nil
}

// objectType builds the struct (or map) of an object schema.
func (b *builder) objectType(s map[string]any, ptr, structName string, t *Type, a *Action) (*Type, error) {
	var err error
	if t.MinProperties, err = nonNegInt(s, "minProperties", ptr); err != nil {
		return nil, err
	}
	if t.MaxProperties, err = nonNegInt(s, "maxProperties", ptr); err != nil {
		return nil, err
	}
	keepExtra, closed := b.draft07, false
	if ap, ok := s["additionalProperties"]; ok {
		switch ap := ap.(type) {
		case bool:
			if !ap {
				if !b.draft07 {
					return nil, errAt(ptr+"/additionalProperties", "additionalProperties: false is not supported (the Go struct cannot see unknown members)")
				}
				keepExtra, closed = false, true
			}
		case map[string]any:
			if len(ap) > 0 {
				return nil, errAt(ptr+"/additionalProperties", "an additionalProperties schema is not supported")
			}
		default:
			return nil, errAt(ptr+"/additionalProperties", "additionalProperties must be a boolean or a schema")
		}
	}
	_, hasProps := s["properties"]
	_, hasReq := s["required"]
	_, hasOne := s["oneOf"]
	_, hasAny := s["anyOf"]
	if b.draft07 && keepExtra && !hasProps && !hasReq && !hasOne && !hasAny && ptr != "" {
		t.Kind = KindMap
		return t, nil
	}
	if (t.MinProperties >= 0 || t.MaxProperties >= 0) && !b.draft07 {
		return nil, errAt(ptr+"/minProperties", "minProperties/maxProperties are not supported")
	}
	name := structName
	if ptr != "" {
		name = b.types.Unique(structName) // the root's name was reserved by Build
	}
	st := &Struct{Name: name, Type: t, Closed: closed}
	t.Object = st
	a.Structs = append(a.Structs, st)
	props, _ := s["properties"].(map[string]any)
	if p, ok := s["properties"]; ok && props == nil {
		return nil, errAt(ptr+"/properties", "properties must be an object, got %s", describe(p))
	}
	required, err := requiredSet(s, ptr)
	if err != nil {
		return nil, err
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
	if b.draft07 {
		fieldNames.Reserve("Schema", "SchemaFingerprint", "Validate", "UnmarshalJSON", "MarshalJSON")
	} else {
		fieldNames.Reserve("ActionName", "Schema", "SchemaFingerprint", "Validate", "UnmarshalJSON", "MarshalJSON")
	}
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
		if b.draft07 {
			childName = st.Name + naming.Exported(n)
		}
		if f.Type, err = b.buildType(ps, ptr+"/properties/"+escape(n), childName, a); err != nil {
			return nil, err
		}
		if f.Type.Never {
			return nil, errAt(ptr+"/properties/"+escape(n), "a property with the false schema is supported only inside oneOf/anyOf alternatives")
		}
		if f.Required && b.building[f.Type] {
			return nil, errAt(ptr+"/properties/"+escape(n), "required property %q refers back to a type that contains it; a Go struct cannot contain itself", n)
		}
		st.Fields = append(st.Fields, f)
	}
	if keepExtra {
		st.Extra = fieldNames.Unique("Extra")
	}
	if err := b.branches(s, ptr, st, a); err != nil {
		return nil, err
	}
	return t, nil
}

func requiredSet(s map[string]any, ptr string) (map[string]bool, error) {
	required := map[string]bool{}
	r, ok := s["required"]
	if !ok {
		return required, nil
	}
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
	return required, nil
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
	case strings.HasSuffix(name, "ches") || strings.HasSuffix(name, "shes") || strings.HasSuffix(name, "xes"):
		return name[:len(name)-2]
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
