package mwsxmlgen

import (
	"fmt"
	"math/big"
	"sort"
	"strings"

	"github.com/spgen/spgen/internal/diag"
	"github.com/spgen/spgen/internal/naming"
	"github.com/spgen/spgen/internal/xsd"
)

// reprKind is the Go representation of a simple type's values.
type reprKind int

const (
	reprString   reprKind = iota // string (string, token, anyURI, date, gYear, unions, ...)
	reprBool                     // bool
	reprInt                      // a signed integer type
	reprUint                     // an unsigned integer type
	reprDecimal                  // Decimal (exact digits)
	reprFloat                    // float32 or float64
	reprDateTime                 // DateTime
)

// repr is a representation plus the Go type spelling it.
type repr struct {
	kind   reprKind
	goName string // "string", "int64", "Decimal", "DateTime", "float32", ...
	bits   int    // for ints and floats
}

// builtinRepr maps an XSD built-in to its Go representation.
func builtinRepr(b *xsd.Builtin) repr {
	switch b.Name {
	case "integer", "long", "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger":
		return repr{kind: reprInt, goName: "int64", bits: 64}
	case "int":
		return repr{kind: reprInt, goName: "int32", bits: 32}
	case "short":
		return repr{kind: reprInt, goName: "int16", bits: 16}
	case "byte":
		return repr{kind: reprInt, goName: "int8", bits: 8}
	case "unsignedLong":
		return repr{kind: reprUint, goName: "uint64", bits: 64}
	case "unsignedInt":
		return repr{kind: reprUint, goName: "uint32", bits: 32}
	case "unsignedShort":
		return repr{kind: reprUint, goName: "uint16", bits: 16}
	case "unsignedByte":
		return repr{kind: reprUint, goName: "uint8", bits: 8}
	}
	switch b.Primitive {
	case "boolean":
		return repr{kind: reprBool, goName: "bool"}
	case "decimal":
		return repr{kind: reprDecimal, goName: "Decimal"}
	case "float":
		return repr{kind: reprFloat, goName: "float32", bits: 32}
	case "double":
		return repr{kind: reprFloat, goName: "float64", bits: 64}
	case "dateTime":
		return repr{kind: reprDateTime, goName: "DateTime"}
	}
	return repr{kind: reprString, goName: "string"}
}

// simpleRepr is the Go representation of any simple type.
func simpleRepr(st *xsd.SimpleType) repr {
	if st.Variety != xsd.Atomic {
		return repr{kind: reprString, goName: "string"}
	}
	for s := st; s != nil; s = s.Base {
		if s.Variety != xsd.Atomic {
			return repr{kind: reprString, goName: "string"}
		}
		if s.Builtin != nil {
			return builtinRepr(s.Builtin)
		}
	}
	return repr{kind: reprString, goName: "string"}
}

// goType is one generated Go type.
type goType struct {
	name   string
	file   *xsd.File
	origin string // what the type stands for, for its doc comment
	doc    string // xsd:documentation
	pos    xsd.Pos

	simple  *xsd.SimpleType
	complex *xsd.ComplexType
	elem    *xsd.Element // set for the anonymous type of a global element (gives XMLName)

	// simple types
	repr   repr
	consts []enumConst

	// complex types
	fields  []*field
	model   *modelNode // content model (nil: no element content)
	raw     string     // non-empty: element content is kept as raw XML, for this reason
	choices []*choiceIface
	msgID   *field // the MessageID field that scopes violations

	nested []*goType // anonymous types declared inside, emitted after it
}

// enumConst is one enumeration constant.
type enumConst struct {
	name  string
	value string
	doc   string
}

// fieldKind says how a field maps to XML.
type fieldKind int

const (
	fElem fieldKind = iota
	fAttr
	fValue    // simpleContent value (chardata)
	fAny      // xsd:any wildcard
	fInner    // raw inner XML of a content model kept verbatim
	fAnyAttrs // xsd:anyAttribute
)

// card is a field's cardinality in Go.
type card int

const (
	cardOne  card = iota // required value (simple types)
	cardPtr              // pointer: optional, or required complex type
	cardMany             // slice
)

// field is one struct field.
type field struct {
	name     string
	kind     fieldKind
	xml      xsd.QName // element or attribute name
	ref      typeRef
	card     card
	min      int // effective bounds over the whole type (for docs)
	max      int
	doc      string
	deflt    *string
	fixed    *string
	required bool // attributes: use="required"
	elem     *xsd.Element
}

// typeRef is the Go type of a field or of a type's base.
type typeRef struct {
	gt  *goType         // a generated type
	bt  *xsd.SimpleType // a built-in simple type (gt == nil)
	any bool            // AnyElement (xsd:anyType content)
}

func (r typeRef) isStruct() bool { return r.any || (r.gt != nil && r.gt.complex != nil) }

func (r typeRef) repr() repr {
	if r.gt != nil {
		return r.gt.repr
	}
	if r.bt != nil {
		return builtinRepr(r.bt.Builtin)
	}
	return repr{}
}

// modelNode is a content model particle mapped to fields.
type modelNode struct {
	group    *xsd.Group // nil for element and wildcard leaves
	kind     xsd.GroupKind
	min, max int
	field    *field // leaves
	children []*modelNode
}

// choiceIface is a choice whose alternatives are distinct struct types:
// it gets an interface and accessor methods on the owner.
type choiceIface struct {
	owner  *goType
	name   string // interface name
	marker string // unexported marker method
	getter string // method returning the alternative
	setter string // method setting it
	node   *modelNode
	fields []*field
}

// builder turns a loaded schema into goTypes.
type builder struct {
	s         *xsd.Schema
	names     naming.Set
	top       []*goType
	bySimple  map[*xsd.SimpleType]*goType
	byComplex map[*xsd.ComplexType]*goType
	builtins  map[string]*xsd.SimpleType // built-ins used by fields, by name
	rawCount  int
}

// reserved are identifiers of the hand-written part of package mwsxml; no
// generated name may take them.
var reserved = []string{
	// runtime.go (aliases of the runtime package xsdrt)
	"AnyElement", "DateTime", "Decimal", "DecimalInt", "DecimalOf", "NewDateTime", "ParseDateTime", "Ptr",
	"Violation", "ValidationError", "InvalidCharError",
	// writer.go
	"EnvelopeWriter", "NewEnvelopeWriter", "WriterOption", "WithValidation", "WithFirstMessageID", "Message", "MessageBody",
	// report.go
	"Report", "ReadReport", "NewReport", "MessageResult", "FeedError",
	// fulfillment.go
	"Feeds", "FeedResult", "SubmitFeed", "SubmitFulfillment", "FeedTypeOrderFulfillment", "FeedContentType",
}

func newBuilder(s *xsd.Schema) *builder {
	b := &builder{
		s:         s,
		bySimple:  map[*xsd.SimpleType]*goType{},
		byComplex: map[*xsd.ComplexType]*goType{},
		builtins:  map[string]*xsd.SimpleType{},
	}
	b.names.Reserve(reserved...)
	return b
}

// errAt returns a *diag.Error at p.
func errAt(p xsd.Pos, format string, args ...any) error {
	return &diag.Error{File: p.File, Line: p.Line, Column: p.Column, Path: p.Path, Msg: fmt.Sprintf(format, args...)}
}

// build creates and names every generated type. Top-level names are
// assigned before any nested name, so a nested type never takes a name a
// top-level type wants. Global elements with anonymous types are named
// first: their names are the element names users see in the XML. A named
// type whose name is taken gets the suffix "Type" (Customer → CustomerType
// next to the Customer element), and a type from an imported namespace the
// namespace's name as prefix (xmldsig's ReferenceType next to xmlenc's).
func (b *builder) build() error {
	for _, f := range b.s.Files {
		for _, e := range f.Elements {
			if e.Type.TypeName() != (xsd.QName{}) || e.Type == xsd.AnyType {
				continue
			}
			gt := &goType{file: f, pos: e.Pos, elem: e, doc: e.Doc}
			gt.origin = fmt.Sprintf("the element %s", e.Name.Local)
			switch t := e.Type.(type) {
			case *xsd.SimpleType:
				gt.simple = t
				b.bySimple[t] = gt
			case *xsd.ComplexType:
				gt.complex = t
				b.byComplex[t] = gt
				if t.Doc != "" && gt.doc == "" {
					gt.doc = t.Doc
				}
			}
			gt.name = b.topName(e.Name, "Element")
			b.top = append(b.top, gt)
		}
	}
	for _, f := range b.s.Files {
		for _, t := range f.Types {
			gt := &goType{file: f, pos: t.Position()}
			switch t := t.(type) {
			case *xsd.SimpleType:
				gt.simple, gt.doc = t, t.Doc
				gt.origin = fmt.Sprintf("the simpleType %s", t.Name.Local)
				b.bySimple[t] = gt
			case *xsd.ComplexType:
				gt.complex, gt.doc = t, t.Doc
				gt.origin = fmt.Sprintf("the complexType %s", t.Name.Local)
				b.byComplex[t] = gt
			}
			gt.name = b.topName(t.TypeName(), "Type")
			b.top = append(b.top, gt)
		}
	}
	// Emit in document order within each file: sort top-level types by
	// position (elements and types were named in two passes).
	sortByPosition(b.top, b.s.Files)
	for _, gt := range b.top {
		if err := b.fill(gt); err != nil {
			return err
		}
	}
	return nil
}

// topName picks the Go name of a top-level type named q.
func (b *builder) topName(q xsd.QName, suffix string) string {
	name := naming.Exported(q.Local)
	if !b.names.Taken(name) {
		return b.names.Unique(name)
	}
	if q.Space != "" {
		if p := nsPrefix(q.Space); p != "" && !b.names.Taken(p+name) {
			return b.names.Unique(p + name)
		}
	}
	if !strings.HasSuffix(name, suffix) && !b.names.Taken(name+suffix) {
		return b.names.Unique(name + suffix)
	}
	return b.names.Unique(name)
}

// nsPrefix derives a name prefix from a namespace URI:
// "http://www.w3.org/2000/09/xmldsig#" → "Xmldsig".
func nsPrefix(ns string) string {
	ns = strings.TrimRight(ns, "#/")
	if i := strings.LastIndexAny(ns, "/:"); i >= 0 {
		ns = ns[i+1:]
	}
	p := naming.Exported(ns)
	if p == "X" {
		return ""
	}
	return p
}

// sortByPosition orders types by file (schema load order), then line.
func sortByPosition(types []*goType, files []*xsd.File) {
	idx := map[*xsd.File]int{}
	for i, f := range files {
		idx[f] = i
	}
	sort.SliceStable(types, func(i, j int) bool {
		a, b := types[i], types[j]
		if idx[a.file] != idx[b.file] {
			return idx[a.file] < idx[b.file]
		}
		if a.pos.Line != b.pos.Line {
			return a.pos.Line < b.pos.Line
		}
		return a.pos.Column < b.pos.Column
	})
}

// nestedType creates the generated type for an anonymous type declared
// inside owner, named owner + suffix.
func (b *builder) nestedType(owner *goType, suffix string, t xsd.Type, origin, doc string) (*goType, error) {
	gt := &goType{file: owner.file, pos: t.Position(), origin: origin, doc: doc}
	switch t := t.(type) {
	case *xsd.SimpleType:
		if g, ok := b.bySimple[t]; ok {
			return g, nil
		}
		gt.simple = t
		b.bySimple[t] = gt
	case *xsd.ComplexType:
		if g, ok := b.byComplex[t]; ok {
			return g, nil
		}
		gt.complex = t
		b.byComplex[t] = gt
		if gt.doc == "" {
			gt.doc = t.Doc
		}
	}
	gt.name = b.names.Unique(joinName(owner.name, suffix))
	owner.nested = append(owner.nested, gt)
	if err := b.fill(gt); err != nil {
		return nil, err
	}
	return gt, nil
}

// simpleRef returns the Go type of simple type st used inside owner
// (anonymous types become nested types named owner + suffix).
func (b *builder) simpleRef(owner *goType, suffix string, st *xsd.SimpleType, origin string) (typeRef, error) {
	if st.Builtin != nil {
		b.builtins[st.Builtin.Name] = st
		return typeRef{bt: st}, nil
	}
	if gt, ok := b.bySimple[st]; ok {
		return typeRef{gt: gt}, nil
	}
	gt, err := b.nestedType(owner, suffix, st, origin, st.Doc)
	if err != nil {
		return typeRef{}, err
	}
	return typeRef{gt: gt}, nil
}

// fill computes a type's representation, constants, fields and model.
func (b *builder) fill(gt *goType) error {
	if gt.simple != nil {
		return b.fillSimple(gt)
	}
	return b.fillComplex(gt)
}

func (b *builder) fillSimple(gt *goType) error {
	st := gt.simple
	gt.repr = simpleRepr(st)
	// Make sure every type on the chain and every union member has a Go
	// type (anonymous ones become nested types).
	if st.Base != nil {
		if _, err := b.simpleRef(gt, "Base", st.Base, "the base type of "+gt.name); err != nil {
			return err
		}
	}
	for i, m := range st.Members {
		if _, err := b.simpleRef(gt, fmt.Sprintf("Member%d", i+1), m, fmt.Sprintf("member %d of the union %s", i+1, gt.name)); err != nil {
			return err
		}
		if r := simpleRepr(m); r.kind != reprString && r.kind != reprDateTime && r.kind != reprDecimal {
			if m.Builtin == nil {
				return errAt(m.Pos, "union member %s is represented as %s; only string-like union members are supported", m.Name.Local, r.goName)
			}
		}
	}
	if err := b.checkFacets(gt); err != nil {
		return err
	}
	// Enumeration constants: unique, readable, collision-safe.
	if gt.repr.kind == reprBool || gt.repr.kind == reprDateTime {
		return nil
	}
	// Values whose names would collide within the type ("1/2" and "12")
	// spell their symbols ("1Slash2"); what still collides is numbered.
	var values []xsd.Enum
	seen := map[string]bool{}
	plain := map[string]int{}
	for _, e := range st.Facets.Enumeration {
		if seen[e.Value] {
			continue // the schema lists the value twice
		}
		seen[e.Value] = true
		values = append(values, e)
		plain[enumSuffix(e.Value)]++
	}
	for _, e := range values {
		suffix := enumSuffix(e.Value)
		if plain[suffix] > 1 {
			suffix = spelledSuffix(e.Value)
		}
		gt.consts = append(gt.consts, enumConst{
			name:  b.names.Unique(joinName(gt.name, suffix)),
			value: e.Value,
			doc:   e.Doc,
		})
	}
	return nil
}

// joinName appends suffix to a Go name, dropping the words where they
// overlap: OrderFulfillment + FulfillmentData → OrderFulfillmentData,
// BatterySubgroupBatteryType + BatteryTypeA76 → BatterySubgroupBatteryTypeA76.
// The suffix always keeps at least one word of its own.
func joinName(owner, suffix string) string {
	ow, sw := naming.Words(owner), naming.Words(suffix)
	for k := min(len(ow), len(sw)-1); k > 0; k-- {
		match := true
		for i := 0; i < k; i++ {
			if ow[len(ow)-k+i] != sw[i] {
				match = false
				break
			}
		}
		if match {
			return owner + strings.Join(sw[k:], "")
		}
	}
	return owner + suffix
}

// enumSuffix turns an enumeration value into the tail of a constant name.
func enumSuffix(v string) string {
	if strings.TrimSpace(v) == "" {
		return "Empty"
	}
	e := naming.Exported(v)
	if e == "X" {
		// Only symbols: spell them.
		var sb strings.Builder
		for _, r := range v {
			if name, ok := symbolNames[r]; ok {
				sb.WriteString(name)
			}
		}
		if sb.Len() == 0 {
			return "Value"
		}
		return sb.String()
	}
	if strings.HasPrefix(e, "X") && len(v) > 0 && !isLetter(v[0]) {
		e = e[1:]
	}
	return e
}

// spelledSuffix is enumSuffix with every symbol spelled out: "1/2" →
// "1Slash2", "Size-Color" → "SizeMinusColor".
func spelledSuffix(v string) string {
	var sb strings.Builder
	word := []rune{}
	flush := func() {
		if len(word) > 0 {
			sb.WriteString(enumSuffix(string(word)))
			word = word[:0]
		}
	}
	for _, r := range v {
		if name, ok := symbolNames[r]; ok {
			flush()
			sb.WriteString(name)
			continue
		}
		word = append(word, r)
	}
	flush()
	if sb.Len() == 0 {
		return enumSuffix(v)
	}
	return sb.String()
}

var symbolNames = map[rune]string{
	'+': "Plus", '-': "Minus", '*': "Star", '/': "Slash", '%': "Percent", '#': "Hash", '&': "And",
	'@': "At", '.': "Dot", '<': "Less", '>': "Greater", '=': "Equal", '?': "Question", '!': "Bang",
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// checkFacets rejects facets the generated code cannot enforce for the
// type's representation, so that nothing is silently unchecked.
func (b *builder) checkFacets(gt *goType) error {
	f := &gt.simple.Facets
	k := gt.repr.kind
	bad := func(name string) error {
		return errAt(gt.simple.Pos, "facet %s is not supported on %s (values are %s)", name, gt.name, gt.repr.goName)
	}
	if (f.Length != nil || f.MinLength != nil || f.MaxLength != nil) && k != reprString {
		return bad("length/minLength/maxLength")
	}
	if (f.TotalDigits != nil || f.FractionDigits != nil) && k != reprDecimal && k != reprInt && k != reprUint {
		return bad("totalDigits/fractionDigits")
	}
	if f.MinInclusive != nil || f.MaxInclusive != nil || f.MinExclusive != nil || f.MaxExclusive != nil {
		switch k {
		case reprDecimal, reprFloat:
		case reprInt, reprUint:
			for _, v := range []*string{f.MinInclusive, f.MaxInclusive, f.MinExclusive, f.MaxExclusive} {
				if v != nil {
					if _, ok := new(big.Int).SetString(strings.TrimPrefix(*v, "+"), 10); !ok {
						return errAt(gt.simple.Pos, "bound %q of integer type %s is not an integer", *v, gt.name)
					}
				}
			}
		default:
			return bad("minInclusive/maxInclusive/minExclusive/maxExclusive")
		}
	}
	return nil
}

func (b *builder) fillComplex(gt *goType) error {
	ct := gt.complex
	fields := naming.Set{}
	fields.Reserve("XMLName", "Validate", "XSDValidate", "XSDWrite")
	// simpleContent: the value first.
	if ct.Simple != nil {
		ref, err := b.simpleRef(gt, "Value", ct.Simple, "the value of "+gt.name)
		if err != nil {
			return err
		}
		gt.fields = append(gt.fields, &field{name: fields.Unique("Value"), kind: fValue, ref: ref, card: cardOne, min: 1, max: 1})
	}
	// Element content.
	var elemFields []*field
	if ct.Content != nil {
		if reason := rawReason(ct); reason != "" {
			gt.raw = reason
			b.rawCount++
			elemFields = append(elemFields, &field{kind: fInner, name: "InnerXML", card: cardOne})
			fields.Reserve("InnerXML")
		} else {
			m, err := b.model(gt, ct.Content, 1, 1, &elemFields)
			if err != nil {
				return err
			}
			gt.model = m
			// Name element fields first (they are what users touch most).
			for _, f := range elemFields {
				if f.kind == fAny {
					f.name = fields.Unique("Any")
					continue
				}
				f.name = fields.Unique(naming.Exported(f.xml.Local))
			}
		}
	} else if ct.Mixed {
		gt.raw = "it has mixed content"
		elemFields = append(elemFields, &field{kind: fInner, name: "InnerXML", card: cardOne})
		fields.Reserve("InnerXML")
	}
	// Attributes.
	var attrFields []*field
	for _, a := range ct.Attributes {
		name := naming.Exported(a.Name.Local)
		if fields.Taken(name) {
			name += "Attr"
		}
		name = fields.Unique(name)
		ref, err := b.simpleRef(gt, naming.Exported(a.Name.Local)+"Attr", a.Type, fmt.Sprintf("the attribute %s of %s", a.Name.Local, gt.name))
		if err != nil {
			return err
		}
		f := &field{name: name, kind: fAttr, xml: a.Name, ref: ref, doc: a.Doc, deflt: a.Default, fixed: a.Fixed, required: a.Required}
		if a.Required {
			f.card, f.min, f.max = cardOne, 1, 1
		} else {
			f.card, f.min, f.max = cardPtr, 0, 1
		}
		attrFields = append(attrFields, f)
	}
	if ct.AnyAttribute {
		attrFields = append(attrFields, &field{name: fields.Unique("AnyAttrs"), kind: fAnyAttrs})
	}
	gt.fields = append(append(attrFields, gt.fields...), elemFields...)
	// Types of element fields (nested anonymous types are named now, in
	// field order, so names follow the document).
	for _, f := range elemFields {
		if f.kind != fElem {
			continue
		}
		if err := b.resolveElemField(gt, f); err != nil {
			return err
		}
	}
	for _, f := range elemFields {
		if f.kind == fElem && f.xml.Local == "MessageID" && f.card != cardMany && !f.ref.isStruct() {
			gt.msgID = f
		}
	}
	if gt.model != nil {
		b.findChoices(gt, gt.model)
	}
	return nil
}

// rawReason says why ct's content model cannot be mapped to an
// encoding/xml struct faithfully, or "" if it can.
func rawReason(ct *xsd.ComplexType) string {
	if ct.Mixed {
		return "it has mixed content"
	}
	names := map[xsd.QName]bool{}
	anys := 0
	var walk func(p xsd.Particle, repeated bool) string
	walk = func(p xsd.Particle, repeated bool) string {
		switch p := p.(type) {
		case *xsd.ElementUse:
			if p.Max == 0 {
				return ""
			}
			if names[p.Element.Name] {
				return fmt.Sprintf("the element %s occurs more than once in its content model", p.Element.Name.Local)
			}
			names[p.Element.Name] = true
		case *xsd.Any:
			if p.Max == 0 {
				return ""
			}
			anys++
			if anys > 1 {
				return "its content model has more than one wildcard"
			}
		case *xsd.Group:
			if p.Max == 0 {
				return ""
			}
			live := 0
			for _, c := range p.Particles {
				if _, max := c.Occurs(); max != 0 {
					live++
				}
			}
			if (p.Max > 1 || p.Max == xsd.Unbounded || repeated) && live > 1 {
				return fmt.Sprintf("it repeats a %s of several particles, whose interleaving a struct cannot keep", p.Kind)
			}
			for _, c := range p.Particles {
				if r := walk(c, repeated || p.Max != 1); r != "" {
					return r
				}
			}
		}
		return ""
	}
	return walk(ct.Content, false)
}

// model maps a particle to a modelNode, appending one field per element
// or wildcard. min and max are the effective bounds of the enclosing
// groups (product along the path; choices of several particles make their
// children optional).
func (b *builder) model(gt *goType, p xsd.Particle, emin, emax int, fields *[]*field) (*modelNode, error) {
	pmin, pmax := p.Occurs()
	if g, ok := p.(*xsd.Group); ok && (g.Max > 1 || g.Max == xsd.Unbounded) {
		// A repeated group of a single particle: move the repetition into
		// the particle (rawReason guarantees at most one live particle).
		for _, c := range g.Particles {
			if _, max := c.Occurs(); max != 0 {
				return b.modelRepeated(gt, c, g.Min, g.Max, emin, emax, fields)
			}
		}
		return nil, nil
	}
	return b.modelAt(gt, p, pmin, pmax, emin, emax, fields)
}

func (b *builder) modelRepeated(gt *goType, c xsd.Particle, gmin, gmax, emin, emax int, fields *[]*field) (*modelNode, error) {
	cmin, cmax := c.Occurs()
	return b.modelAt(gt, c, mulOcc(gmin, cmin), mulMax(gmax, cmax), emin, emax, fields)
}

func mulOcc(a, b int) int { return a * b }

func mulMax(a, b int) int {
	if a == 0 || b == 0 {
		return 0
	}
	if a == xsd.Unbounded || b == xsd.Unbounded {
		return xsd.Unbounded
	}
	return a * b
}

func (b *builder) modelAt(gt *goType, p xsd.Particle, pmin, pmax, emin, emax int, fields *[]*field) (*modelNode, error) {
	if pmax == 0 {
		return nil, nil
	}
	emin, emax = mulOcc(emin, pmin), mulMax(emax, pmax)
	switch p := p.(type) {
	case *xsd.ElementUse:
		f := &field{kind: fElem, xml: p.Element.Name, min: emin, max: emax, doc: p.Element.Doc,
			deflt: p.Element.Default, fixed: p.Element.Fixed}
		f.elem = p.Element
		*fields = append(*fields, f)
		return &modelNode{min: pmin, max: pmax, field: f}, nil
	case *xsd.Any:
		f := &field{kind: fAny, ref: typeRef{any: true}, min: emin, max: emax, card: cardPtr}
		if emax > 1 || emax == xsd.Unbounded {
			f.card = cardMany
		}
		*fields = append(*fields, f)
		return &modelNode{min: pmin, max: pmax, field: f}, nil
	case *xsd.Group:
		n := &modelNode{group: p, kind: p.Kind, min: pmin, max: pmax}
		live := 0
		for _, c := range p.Particles {
			if _, max := c.Occurs(); max != 0 {
				live++
			}
		}
		cmin := emin
		if p.Kind == xsd.Choice && live > 1 {
			cmin = 0
		}
		for _, c := range p.Particles {
			cn, err := b.model(gt, c, cmin, emax, fields)
			if err != nil {
				return nil, err
			}
			if cn != nil {
				n.children = append(n.children, cn)
			}
		}
		return n, nil
	}
	return nil, errAt(p.Position(), "unsupported particle")
}

// resolveElemField sets the Go type and cardinality of an element field.
func (b *builder) resolveElemField(gt *goType, f *field) error {
	e := f.elem
	switch t := e.Type.(type) {
	case *xsd.ComplexType:
		switch {
		case t == xsd.AnyType:
			f.ref = typeRef{any: true}
		case b.byComplex[t] != nil:
			f.ref = typeRef{gt: b.byComplex[t]}
		default:
			ng, err := b.nestedType(gt, naming.Exported(e.Name.Local), t, fmt.Sprintf("the element %s in %s", e.Name.Local, gt.name), e.Doc)
			if err != nil {
				return err
			}
			f.ref = typeRef{gt: ng}
		}
	case *xsd.SimpleType:
		ref, err := b.simpleRef(gt, naming.Exported(e.Name.Local), t, fmt.Sprintf("the element %s in %s", e.Name.Local, gt.name))
		if err != nil {
			return err
		}
		f.ref = ref
	}
	switch {
	case f.max > 1 || f.max == xsd.Unbounded:
		f.card = cardMany
	case f.min >= 1 && !f.ref.isStruct():
		f.card = cardOne
	default:
		f.card = cardPtr
	}
	return nil
}

// findChoices looks for choices whose alternatives are single elements of
// distinct struct types and gives them an interface.
func (b *builder) findChoices(gt *goType, n *modelNode) {
	if n.group != nil && n.kind == xsd.Choice && n.max == 1 && len(n.children) >= 2 {
		ok := true
		seen := map[*goType]bool{}
		var fs []*field
		for _, c := range n.children {
			if c.field == nil || c.field.kind != fElem || c.max != 1 || c.field.ref.gt == nil || c.field.ref.gt.complex == nil || seen[c.field.ref.gt] {
				ok = false
				break
			}
			seen[c.field.ref.gt] = true
			fs = append(fs, c.field)
		}
		if ok {
			suffix := "Choice"
			if len(gt.choices) > 0 {
				suffix = fmt.Sprintf("Choice%d", len(gt.choices)+1)
			}
			ci := &choiceIface{owner: gt, name: b.names.Unique(gt.name + suffix), node: n, fields: fs}
			ci.marker = "is" + ci.name
			ci.getter = suffix
			ci.setter = "Set" + suffix
			gt.choices = append(gt.choices, ci)
		}
	}
	for _, c := range n.children {
		b.findChoices(gt, c)
	}
}
