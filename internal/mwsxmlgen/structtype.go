package mwsxmlgen

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/spgen/spgen/internal/xsd"
)

func xmlTag(q xsd.QName, extra string) string {
	name := q.Local
	if q.Space != "" {
		name = q.Space + " " + q.Local
	}
	return name + extra
}

func (e *emitter) fieldType(fd *field) jen.Code {
	var base *jen.Statement
	switch {
	case fd.kind == fInner:
		return jen.Index().Byte()
	case fd.kind == fAnyAttrs:
		return jen.Index().Qual("encoding/xml", "Attr")
	case fd.ref.any:
		base = rt("AnyElement")
	case fd.ref.gt != nil:
		base = e.ref(fd.ref.gt)
	default:
		base = reprType(builtinRepr(fd.ref.bt.Builtin))
	}
	switch fd.card {
	case cardPtr:
		return jen.Op("*").Add(base)
	case cardMany:
		return jen.Index().Add(base)
	}
	return base
}

func (e *emitter) structType(f *jen.File, gt *goType) {
	ct := gt.complex
	var what string
	switch {
	case gt.raw != "":
		what = "Its element content is kept as raw XML in InnerXML because " + gt.raw + "."
	case ct.Simple != nil:
		what = "Its text is Value; the other fields are attributes."
	}
	first := fmt.Sprintf("%s is %s (%s).", gt.name, gt.origin, gt.file.Name)
	if what != "" {
		first += " " + what
	}
	docLines(f, first, gt.doc)
	f.Type().Id(gt.name).StructFunc(func(g *jen.Group) {
		if gt.elem != nil {
			g.Id("XMLName").Qual("encoding/xml", "Name").Tag(map[string]string{"xml": xmlTag(gt.elem.Name, "")})
		}
		for _, fd := range gt.fields {
			for _, l := range fieldDoc(fd) {
				g.Comment(l)
			}
			var tag string
			switch fd.kind {
			case fElem:
				extra := ""
				if fd.card == cardPtr {
					extra = ",omitempty"
				}
				tag = xmlTag(fd.xml, extra)
			case fAttr:
				extra := ",attr"
				if fd.card == cardPtr {
					extra += ",omitempty"
				}
				tag = xmlTag(fd.xml, extra)
			case fValue:
				tag = ",chardata"
			case fAny:
				tag = ",any"
			case fInner:
				tag = ",innerxml"
			case fAnyAttrs:
				tag = ",any,attr"
			}
			g.Id(fd.name).Add(e.fieldType(fd)).Tag(map[string]string{"xml": tag})
		}
	})
	root := ""
	if gt.elem != nil {
		root = gt.elem.Name.Local
	}
	f.Line()
	f.Comment("Validate checks x against the schema: the facets of every value, element occurrences and")
	f.Comment("choices. It returns a *ValidationError listing every violation, or nil.")
	f.Func().Params(jen.Id("x").Op("*").Id(gt.name)).Id("Validate").Params().Error().Block(
		jen.Id("v").Op(":=").Add(rt("NewValidator")).Call(jen.Lit(root)),
		jen.Id("x").Dot("XSDValidate").Call(jen.Id("v")),
		jen.Return(jen.Id("v").Dot("Err").Call()),
	)
	f.Line()
	f.Comment("XSDValidate records in v every violation of the schema in x (Validate's walk, for enclosing types).")
	f.Func().Params(jen.Id("x").Op("*").Id(gt.name)).Id("XSDValidate").Params(jen.Id("v").Op("*").Add(rt("Validator"))).BlockFunc(func(g *jen.Group) {
		e.validateBody(g, gt)
	})
	e.writeXML(f, gt)
	for _, ci := range gt.choices {
		e.choiceIface(f, gt, ci)
	}
	e.foreignMarkers(f, gt)
}

func fieldDoc(fd *field) []string {
	var lines []string
	if fd.doc != "" {
		lines = append(lines, wrap(fd.doc, 100)...)
	}
	if fd.deflt != nil {
		lines = append(lines, fmt.Sprintf("Default (applied by the reader of the feed when absent): %q.", *fd.deflt))
	}
	if fd.fixed != nil {
		lines = append(lines, fmt.Sprintf("Fixed value: %q.", *fd.fixed))
	}
	if fd.kind == fElem && fd.card == cardMany && fd.max != xsd.Unbounded {
		lines = append(lines, fmt.Sprintf("At most %d.", fd.max))
	}
	if fd.kind == fAny {
		lines = append(lines, "Elements matched by the schema's xsd:any wildcard, kept as raw XML.")
	}
	return lines
}

func (e *emitter) choiceIface(f *jen.File, gt *goType, ci *choiceIface) {
	var alts []string
	for _, fd := range ci.fields {
		alts = append(alts, "*"+fd.ref.gt.name)
	}
	for _, l := range wrap(fmt.Sprintf("%s is implemented by the alternatives of the choice in %s: %s.", ci.name, gt.name, strings.Join(alts, ", ")), 100) {
		f.Comment(l)
	}
	marker := e.marker(gt, ci)
	f.Type().Id(ci.name).Interface(jen.Id(marker).Params())
	for _, fd := range ci.fields {
		if !e.local(fd.ref.gt) {
			continue // declared in the alternative's package (foreignMarkers)
		}
		f.Line()
		if marker != ci.marker {
			f.Commentf("%s marks *%s as an alternative of %s.", marker, fd.ref.gt.name, ci.name)
		}
		f.Func().Params(jen.Op("*").Id(fd.ref.gt.name)).Id(marker).Params().Block()
	}
	f.Line()
	f.Commentf("%s returns the alternative of the choice that is set, or nil.", ci.getter)
	f.Func().Params(jen.Id("x").Op("*").Id(gt.name)).Id(ci.getter).Params().Id(ci.name).BlockFunc(func(g *jen.Group) {
		g.Switch().BlockFunc(func(s *jen.Group) {
			for _, fd := range ci.fields {
				s.Case(jen.Id("x").Dot(fd.name).Op("!=").Nil()).Block(jen.Return(jen.Id("x").Dot(fd.name)))
			}
		})
		g.Return(jen.Nil())
	})
	f.Line()
	f.Commentf("%s makes c the only alternative of the choice that is set (nil clears it).", ci.setter)
	f.Func().Params(jen.Id("x").Op("*").Id(gt.name)).Id(ci.setter).Params(jen.Id("c").Id(ci.name)).BlockFunc(func(g *jen.Group) {
		for _, fd := range ci.fields {
			g.Id("x").Dot(fd.name).Op("=").Nil()
		}
		g.Switch(jen.Id("c").Op(":=").Id("c").Assert(jen.Type())).BlockFunc(func(s *jen.Group) {
			for _, fd := range ci.fields {
				s.Case(jen.Op("*").Add(e.ref(fd.ref.gt))).Block(jen.Id("x").Dot(fd.name).Op("=").Id("c"))
			}
		})
	})
}
