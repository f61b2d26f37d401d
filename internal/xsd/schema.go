// Package xsd is spgen's XML Schema front end: it parses a root XSD file,
// resolves its xsd:include and xsd:import graph (each file read once, however
// often it is included), and returns the schema components with every type
// and element reference resolved.
//
// It covers the part of XML Schema 1.0 that Amazon's MWS feed schemas and the
// W3C xmlenc/xmldsig schemas they import use: global and local elements,
// named and anonymous simple and complex types, restriction facets, unions,
// simpleContent and complexContent derivation, sequence/choice/all, model and
// attribute groups, xsd:any and xsd:anyAttribute. Anything else is reported
// as unsupported rather than silently dropped.
//
// Built-in types are resolved first: a reference in the XML Schema namespace
// (xsd:string) always names the built-in, while an unqualified name in a
// schema without a default namespace (Amazon's String, PositiveInteger,
// IDNumber) names the user type, so the two never shadow each other.
//
// Every error is a *diag.Error carrying the file, line, column and XSD
// element path of the offending declaration. The package reads only the
// files it is pointed at and what they include or import.
package xsd

// Unbounded is the maxOccurs value "unbounded".
const Unbounded = -1

// QName is a namespace-qualified name.
type QName struct {
	Space string // namespace URI, "" for none
	Local string
}

// String formats q as {space}local, or local without a namespace.
func (q QName) String() string {
	if q.Space == "" {
		return q.Local
	}
	return "{" + q.Space + "}" + q.Local
}

// Pos is the place a component is declared.
type Pos struct {
	File         string // path as opened
	Line, Column int
	Path         string // XSD element path inside File
}

// Schema is a loaded, resolved set of schema documents.
type Schema struct {
	// Files are the documents read, in the order they were first reached
	// (depth-first from the root, includes before imports in document order).
	Files []*File
	// Elements are the global element declarations, in file then document order.
	Elements []*Element
	// Types are the named simple and complex types (not built-ins), in file
	// then document order.
	Types []Type

	elements map[QName]*Element
	types    map[QName]Type
}

// File is one schema document.
type File struct {
	Path            string // as opened
	Name            string // base name, e.g. "amzn-base.xsd"
	TargetNamespace string
	// Includes and Imports are the files this one pulls in, in document order.
	Includes []*File
	Imports  []*File
	// Elements and Types are the global components declared in this file.
	Elements []*Element
	Types    []Type
}

// Element looks up a global element declaration.
func (s *Schema) Element(q QName) *Element { return s.elements[q] }

// Type looks up a named type, built-ins included.
func (s *Schema) Type(q QName) Type {
	if q.Space == NS {
		if b := builtin(q.Local); b != nil {
			return b
		}
	}
	return s.types[q]
}

// Type is a *SimpleType or a *ComplexType.
type Type interface {
	// TypeName is the type's name; the zero QName for anonymous types.
	TypeName() QName
	// Position is where the type is declared (zero for built-ins).
	Position() Pos
}

// Variety is the kind of a simple type.
type Variety int

// Varieties of simple types.
const (
	Atomic Variety = iota
	List
	Union
)

// SimpleType is a built-in or user simple type.
type SimpleType struct {
	Name QName
	Doc  string
	Pos  Pos
	File *File // declaring file (nil for built-ins)

	Variety Variety
	// Builtin is set for the XML Schema built-in types only.
	Builtin *Builtin
	// Base is the type this one restricts (nil for anySimpleType).
	Base *SimpleType
	// Facets are this restriction step's own facets.
	Facets Facets
	// Members are a union's member types.
	Members []*SimpleType
	// Item is a list's item type.
	Item *SimpleType

	baseRef    QName
	memberRefs []QName
	itemRef    QName
	node       *node
}

// TypeName implements Type.
func (t *SimpleType) TypeName() QName { return t.Name }

// Position implements Type.
func (t *SimpleType) Position() Pos { return t.Pos }

// Primitive returns the built-in type t derives from, walking the base
// chain (t itself for built-ins). Unions and lists return nil.
func (t *SimpleType) Primitive() *Builtin {
	steps := 0
	for s := t; s != nil && steps < maxDerivation; s = s.Base {
		steps++
		if s.Variety != Atomic {
			return nil
		}
		if s.Builtin != nil {
			return s.Builtin
		}
	}
	return nil
}

// Chain returns t and all its ancestors, most derived first, built-ins
// included (ending with anySimpleType for atomic types).
func (t *SimpleType) Chain() []*SimpleType {
	var out []*SimpleType
	for s := t; s != nil && len(out) < maxDerivation; s = s.Base {
		out = append(out, s)
	}
	return out
}

// maxDerivation bounds walks up a derivation chain, so that a cyclic
// schema (rejected by Load) cannot make them loop while it is being read.
const maxDerivation = 256

// Facets are the constraining facets of one restriction step. Nil pointers
// are absent facets.
type Facets struct {
	Enumeration    []Enum
	Pattern        []Pattern // all must match (one per derivation step in XSD; kept as given)
	Length         *int
	MinLength      *int
	MaxLength      *int
	TotalDigits    *int
	FractionDigits *int
	MinInclusive   *string
	MaxInclusive   *string
	MinExclusive   *string
	MaxExclusive   *string
	WhiteSpace     string // "", "preserve", "replace" or "collapse"
}

// Empty reports whether no facet is set.
func (f *Facets) Empty() bool {
	return len(f.Enumeration) == 0 && len(f.Pattern) == 0 && f.Length == nil && f.MinLength == nil &&
		f.MaxLength == nil && f.TotalDigits == nil && f.FractionDigits == nil && f.MinInclusive == nil &&
		f.MaxInclusive == nil && f.MinExclusive == nil && f.MaxExclusive == nil && f.WhiteSpace == ""
}

// Enum is one enumeration value.
type Enum struct {
	Value string
	Doc   string
	Pos   Pos
}

// Pattern is a pattern facet: the XSD regular expression as written and its
// translation to Go's regexp syntax (anchored).
type Pattern struct {
	XSD string
	Go  string
	Pos Pos
}

// ComplexType is a named or anonymous complex type.
type ComplexType struct {
	Name     QName
	Doc      string
	Pos      Pos
	File     *File
	Mixed    bool
	Abstract bool

	// Content is the element content (nil for empty or simple content).
	// For complexContent extension it is the base's content followed by
	// the extension's own, already merged.
	Content *Group
	// Simple is the value type for simpleContent (nil otherwise).
	Simple *SimpleType
	// Attributes are the declared attributes, base type's first.
	Attributes []*Attribute
	// AnyAttribute is set when xsd:anyAttribute allows other attributes.
	AnyAttribute bool
	// Base is the complex type this one derives from (complexContent or
	// simpleContent with a complex base), nil otherwise.
	Base *ComplexType

	node *node
	// resolution state: 0 = not yet, 1 = in progress, 2 = done
	state int
}

// TypeName implements Type.
func (t *ComplexType) TypeName() QName { return t.Name }

// Position implements Type.
func (t *ComplexType) Position() Pos { return t.Pos }

// GroupKind is the compositor of a model group.
type GroupKind int

// Compositors.
const (
	Sequence GroupKind = iota
	Choice
	All
)

func (k GroupKind) String() string {
	switch k {
	case Choice:
		return "choice"
	case All:
		return "all"
	}
	return "sequence"
}

// Particle is a *Group, an *ElementUse or an *Any.
type Particle interface {
	// Occurs returns minOccurs and maxOccurs (Unbounded for unbounded).
	Occurs() (min, max int)
	// Position is where the particle is written.
	Position() Pos
}

// Group is a sequence, choice or all model group.
type Group struct {
	Kind      GroupKind
	Min, Max  int
	Particles []Particle
	Pos       Pos
}

// Occurs implements Particle.
func (g *Group) Occurs() (int, int) { return g.Min, g.Max }

// Position implements Particle.
func (g *Group) Position() Pos { return g.Pos }

// ElementUse is an element particle: a local declaration or a reference to
// a global one.
type ElementUse struct {
	Element  *Element
	Ref      bool // written as ref="..."
	Min, Max int
	Pos      Pos
}

// Occurs implements Particle.
func (u *ElementUse) Occurs() (int, int) { return u.Min, u.Max }

// Position implements Particle.
func (u *ElementUse) Position() Pos { return u.Pos }

// Any is an xsd:any wildcard.
type Any struct {
	Min, Max        int
	Namespace       string // as written, "##any" by default
	ProcessContents string // "strict" by default
	Pos             Pos
}

// Occurs implements Particle.
func (a *Any) Occurs() (int, int) { return a.Min, a.Max }

// Position implements Particle.
func (a *Any) Position() Pos { return a.Pos }

// Element is an element declaration.
type Element struct {
	Name     QName
	Doc      string
	Pos      Pos
	File     *File
	Global   bool
	Type     Type // resolved; anonymous types are owned by the element
	Default  *string
	Fixed    *string
	Nillable bool
	Abstract bool

	typeRef QName
	node    *node
}

// Attribute is an attribute use.
type Attribute struct {
	Name     QName
	Doc      string
	Pos      Pos
	Type     *SimpleType
	Required bool
	Default  *string
	Fixed    *string
}
