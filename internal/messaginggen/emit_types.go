package messaginggen

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"
)

func (g *gen) structDecl(s *Struct) {
	t := s.Type
	var doc strings.Builder
	if s == g.a.Root && g.a.Document {
		fmt.Fprintf(&doc, "%s is a document of the JSON Schema %s", s.Name, g.a.File)
		if t.Title != "" {
			fmt.Fprintf(&doc, ": %s", sentence(t.Title))
		} else {
			doc.WriteString(".")
		}
	} else if s == g.a.Root {
		fmt.Fprintf(&doc, "%s is the request of the messaging action %s", s.Name, g.a.Name)
		title := t.Title
		if title == "" {
			title = g.a.Title
		}
		if title != "" {
			fmt.Fprintf(&doc, ": %s", sentence(title))
		} else {
			doc.WriteString(".")
		}
	} else {
		fmt.Fprintf(&doc, "%s is the object at %s in the schema of %s.", s.Name, displayPtr(t.Ptr), g.a.Name)
		if t.Title != "" {
			doc.WriteString(" " + sentence(t.Title))
		}
	}
	if t.Description != "" {
		doc.WriteString("\n\n" + sentence(t.Description))
	}
	if s == g.a.Root {
		fmt.Fprintf(&doc, "\n\nGenerated from %s at %s.", g.a.File, g.a.Pointer)
		if len(g.a.Fixes) > 0 {
			fixes := make([]string, len(g.a.Fixes))
			for i, fx := range g.a.Fixes {
				fixes[i] = fx.Pointer + " (" + fx.Pass + ")"
			}
			if g.a.Document {
				fmt.Fprintf(&doc, " Normalised by actionschema.NormalizeDocument, which fixed %s.", strings.Join(fixes, ", "))
			} else {
				fmt.Fprintf(&doc, " Normalised by actionschema.Normalize, which removed %s.", strings.Join(fixes, ", "))
			}
		}
	}
	for _, c := range comment(doc.String()) {
		g.f.Add(c)
	}
	fields := make([]jen.Code, 0, len(s.Fields)*3)
	for i, fl := range s.Fields {
		if i > 0 {
			fields = append(fields, jen.Line())
		}
		fields = append(fields, comment(fieldDoc(fl))...)
		tag := fl.JSONName
		if !fl.Required {
			switch fl.Type.Kind {
			case KindArray, KindAny, KindMap:
				// omitzero keeps a present empty array (which minItems
				// may reject) apart from an absent one; omitempty would
				// drop both.
				tag += ",omitzero"
			default:
				tag += ",omitempty"
			}
		}
		fields = append(fields, jen.Id(fl.GoName).Add(g.goType(fl.Type, !fl.Required)).Tag(map[string]string{"json": tag}))
	}
	if s.Extra != "" {
		if len(fields) > 0 {
			fields = append(fields, jen.Line())
		}
		fields = append(fields, comment(s.Extra+" keeps the members the schema does not describe (it allows them), exactly as they came; MarshalJSON writes them back after the described ones, in name order.")...)
		fields = append(fields, jen.Id(s.Extra).Map(jen.String()).Qual(pkgJSON, "RawMessage").Tag(map[string]string{"json": "-"}))
	}
	g.f.Type().Id(s.Name).Struct(fields...)
	g.f.Line()
}

func displayPtr(p string) string {
	if p == "" {
		return "the root"
	}
	return p
}

func fieldDoc(fl *Field) string {
	t := fl.Type
	var b strings.Builder
	b.WriteString(fl.GoName + " is the property " + strconv.Quote(fl.JSONName))
	if t.Title != "" {
		b.WriteString(": " + sentence(t.Title))
	} else {
		b.WriteString(".")
	}
	if t.Description != "" {
		b.WriteString("\n\n" + sentence(t.Description))
	}
	b.WriteString("\n\n")
	if fl.Required {
		b.WriteString("Required")
	} else {
		b.WriteString("Optional (nil when absent)")
	}
	b.WriteString("; schema: " + constraintSummary(t) + ".")
	return b.String()
}

func constraintSummary(t *Type) string {
	parts := []string{t.Kind.String()}
	if t.Nullable {
		parts[0] += " or null"
	}
	if t.HasConst {
		parts = append(parts, "const "+describe(t.Const))
	}
	if t.UniqueItems {
		parts = append(parts, "uniqueItems")
	}
	if t.MinProperties >= 0 {
		parts = append(parts, "minProperties "+strconv.Itoa(t.MinProperties))
	}
	if t.MaxProperties >= 0 {
		parts = append(parts, "maxProperties "+strconv.Itoa(t.MaxProperties))
	}
	add := func(kw string, n int) {
		if n >= 0 {
			parts = append(parts, kw+" "+strconv.Itoa(n))
		}
	}
	add("minLength", t.MinLength)
	add("maxLength", t.MaxLength)
	add("minItems", t.MinItems)
	add("maxItems", t.MaxItems)
	if t.HasPattern {
		parts = append(parts, "pattern "+strconv.Quote(t.Pattern))
	}
	if t.Format != "" {
		parts = append(parts, "format "+t.Format)
	}
	if t.Minimum != nil {
		kw := "minimum "
		if t.ExclusiveMinimum {
			kw = "exclusiveMinimum "
		}
		parts = append(parts, kw+t.MinimumText)
	}
	if t.Maximum != nil {
		kw := "maximum "
		if t.ExclusiveMaximum {
			kw = "exclusiveMaximum "
		}
		parts = append(parts, kw+t.MaximumText)
	}
	if t.HasEnum {
		parts = append(parts, "enum "+enumText(t.Enum))
	}
	if t.Kind == KindArray && t.Elem != nil {
		parts = append(parts, "items: "+constraintSummary(t.Elem))
	}
	return strings.Join(parts, ", ")
}

func enumText(vals []any) string {
	s := make([]string, len(vals))
	for i, v := range vals {
		s[i] = describe(v)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// goType returns the Go type of t; optional scalars and objects become
// pointers so that an absent property stays apart from a zero value.
func (g *gen) goType(t *Type, optional bool) jen.Code {
	var base *jen.Statement
	switch t.Kind {
	case KindString:
		base = jen.String()
	case KindInteger:
		base = jen.Int64()
	case KindNumber:
		base = jen.Float64()
	case KindBoolean:
		base = jen.Bool()
	case KindObject:
		base = jen.Id(t.Object.Name)
	case KindArray:
		return jen.Index().Add(g.goType(t.Elem, false))
	case KindMap:
		return jen.Map(jen.String()).Qual(pkgJSON, "RawMessage")
	default:
		return jen.Qual(pkgJSON, "RawMessage")
	}
	if t.Nullable {
		base = jen.Qual(pkgRuntime, "Nullable").Types(base)
	}
	if optional {
		return jen.Op("*").Add(base)
	}
	return base
}

func (g *gen) rootMethods(s *Struct, schemaVar string) {
	recv := jen.Id(s.Name)
	if !g.a.Document {
		for _, c := range comment(fmt.Sprintf("ActionName returns %q, the messaging action %s is the request of.", g.a.Name, s.Name)) {
			g.f.Add(c)
		}
		g.f.Func().Params(jen.Op("*").Add(recv)).Id("ActionName").Params().String().Block(jen.Return(jen.Lit(g.a.Name)))
		g.f.Line()
	}
	g.f.Comment("Schema returns a copy of the normalised JSON Schema the type was generated from.")
	g.f.Func().Params(jen.Op("*").Id(s.Name)).Id("Schema").Params().Index().Byte().Block(
		jen.Return(jen.Qual("bytes", "Clone").Call(jen.Id(schemaVar))),
	)
	g.f.Line()
	g.f.Comment("SchemaFingerprint returns the actionschema.Fingerprint of the schema the type")
	g.f.Comment("was generated from; the send workflow compares it with the live schema's.")
	g.f.Func().Params(jen.Op("*").Id(s.Name)).Id("SchemaFingerprint").Params().String().Block(jen.Return(jen.Lit(g.a.Fingerprint)))
	g.f.Line()
}
