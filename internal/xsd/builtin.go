package xsd

// Builtin describes one XML Schema built-in simple type.
type Builtin struct {
	// Name is the local name in the XML Schema namespace, e.g. "positiveInteger".
	Name string
	// Primitive is the primitive type it derives from: "string", "boolean",
	// "decimal", "float", "double", "duration", "dateTime", "time", "date",
	// "gYearMonth", "gYear", "gMonthDay", "gDay", "gMonth", "hexBinary",
	// "base64Binary", "anyURI", "QName", "NOTATION", or "anySimpleType".
	Primitive string
}

// builtinDefs lists the built-ins as name, base and the facets the
// derivation adds (so that e.g. positiveInteger's lower bound is checked
// like any user facet).
var builtinDefs = []struct {
	name, base string
	facets     Facets
}{
	{"anySimpleType", "", Facets{}},
	{"string", "anySimpleType", Facets{WhiteSpace: "preserve"}},
	{"boolean", "anySimpleType", Facets{WhiteSpace: "collapse"}},
	{"decimal", "anySimpleType", Facets{WhiteSpace: "collapse"}},
	{"float", "anySimpleType", Facets{WhiteSpace: "collapse"}},
	{"double", "anySimpleType", Facets{WhiteSpace: "collapse"}},
	{"duration", "anySimpleType", Facets{WhiteSpace: "collapse"}},
	{"dateTime", "anySimpleType", Facets{WhiteSpace: "collapse"}},
	{"time", "anySimpleType", Facets{WhiteSpace: "collapse"}},
	{"date", "anySimpleType", Facets{WhiteSpace: "collapse"}},
	{"gYearMonth", "anySimpleType", Facets{WhiteSpace: "collapse"}},
	{"gYear", "anySimpleType", Facets{WhiteSpace: "collapse"}},
	{"gMonthDay", "anySimpleType", Facets{WhiteSpace: "collapse"}},
	{"gDay", "anySimpleType", Facets{WhiteSpace: "collapse"}},
	{"gMonth", "anySimpleType", Facets{WhiteSpace: "collapse"}},
	{"hexBinary", "anySimpleType", Facets{WhiteSpace: "collapse"}},
	{"base64Binary", "anySimpleType", Facets{WhiteSpace: "collapse"}},
	{"anyURI", "anySimpleType", Facets{WhiteSpace: "collapse"}},
	{"QName", "anySimpleType", Facets{WhiteSpace: "collapse"}},
	{"NOTATION", "anySimpleType", Facets{WhiteSpace: "collapse"}},

	{"normalizedString", "string", Facets{WhiteSpace: "replace"}},
	{"token", "normalizedString", Facets{WhiteSpace: "collapse"}},
	{"language", "token", Facets{}},
	{"NMTOKEN", "token", Facets{}},
	{"Name", "token", Facets{}},
	{"NCName", "Name", Facets{}},
	{"ID", "NCName", Facets{}},
	{"IDREF", "NCName", Facets{}},
	{"ENTITY", "NCName", Facets{}},

	{"integer", "decimal", Facets{FractionDigits: intp(0)}},
	{"nonPositiveInteger", "integer", Facets{MaxInclusive: strp("0")}},
	{"negativeInteger", "nonPositiveInteger", Facets{MaxInclusive: strp("-1")}},
	{"long", "integer", Facets{MinInclusive: strp("-9223372036854775808"), MaxInclusive: strp("9223372036854775807")}},
	{"int", "long", Facets{MinInclusive: strp("-2147483648"), MaxInclusive: strp("2147483647")}},
	{"short", "int", Facets{MinInclusive: strp("-32768"), MaxInclusive: strp("32767")}},
	{"byte", "short", Facets{MinInclusive: strp("-128"), MaxInclusive: strp("127")}},
	{"nonNegativeInteger", "integer", Facets{MinInclusive: strp("0")}},
	{"unsignedLong", "nonNegativeInteger", Facets{MaxInclusive: strp("18446744073709551615")}},
	{"unsignedInt", "unsignedLong", Facets{MaxInclusive: strp("4294967295")}},
	{"unsignedShort", "unsignedInt", Facets{MaxInclusive: strp("65535")}},
	{"unsignedByte", "unsignedShort", Facets{MaxInclusive: strp("255")}},
	{"positiveInteger", "nonNegativeInteger", Facets{MinInclusive: strp("1")}},
}

var builtins = map[string]*SimpleType{}

func init() {
	for _, d := range builtinDefs {
		t := &SimpleType{
			Name:    QName{Space: NS, Local: d.name},
			Facets:  d.facets,
			Builtin: &Builtin{Name: d.name},
		}
		if d.base != "" {
			t.Base = builtins[d.base]
		}
		// The primitive is the ancestor directly below anySimpleType.
		prim := t
		for prim.Base != nil && prim.Base.Name.Local != "anySimpleType" {
			prim = prim.Base
		}
		t.Builtin.Primitive = prim.Name.Local
		builtins[d.name] = t
	}
}

// builtin returns the built-in simple type local, or nil.
func builtin(local string) *SimpleType { return builtins[local] }

// BuiltinType returns the built-in simple type with local name local
// (e.g. "string"), or nil if there is none.
func BuiltinType(local string) *SimpleType { return builtins[local] }

func intp(i int) *int       { return &i }
func strp(s string) *string { return &s }
