package mwsxmlgen

import (
	"github.com/dave/jennifer/jen"
)

// needsStd reports whether gt is written with encoding/xml rather than
// the generated fast path (namespaced attributes, xsd:anyAttribute).
func needsStd(gt *goType) bool {
	for _, fd := range gt.fields {
		if fd.kind == fAnyAttrs || (fd.kind == fAttr && fd.xml.Space != "") {
			return true
		}
	}
	return false
}

// writeXML emits the reflection-free writer of gt used by EnvelopeWriter.
// It must write exactly what encoding/xml writes for the struct tags above.
func (e *emitter) writeXML(f *jen.File, gt *goType) {
	w := func() *jen.Statement { return jen.Id("w") }
	x := func(fd *field) *jen.Statement { return jen.Id("x").Dot(fd.name) }
	f.Line()
	f.Comment("XSDWrite appends x to w as the element local in namespace space, exactly as encoding/xml would")
	f.Comment("write it, without reflection.")
	f.Func().Params(jen.Id("x").Op("*").Id(gt.name)).Id("XSDWrite").Params(
		jen.Id("w").Op("*").Add(rt("Writer")), jen.List(jen.Id("space"), jen.Id("local")).String(),
	).BlockFunc(func(g *jen.Group) {
		if needsStd(gt) {
			g.Id("w").Dot("Std").Call(jen.Id("x"), jen.Qual("encoding/xml", "Name").Values(jen.Dict{
				jen.Id("Space"): jen.Id("space"), jen.Id("Local"): jen.Id("local"),
			}))
			return
		}
		hasAttrs := false
		for _, fd := range gt.fields {
			hasAttrs = hasAttrs || fd.kind == fAttr
		}
		if !hasAttrs {
			g.Add(w().Dot("Open").Call(jen.Id("space"), jen.Id("local")))
		} else {
			g.Add(w().Dot("Start").Call(jen.Id("space"), jen.Id("local")))
		}
		for _, fd := range gt.fields {
			if fd.kind != fAttr {
				continue
			}
			if fd.card == cardPtr {
				g.If(x(fd).Op("!=").Nil()).Block(
					w().Dot("Attr").Call(jen.Lit(fd.xml.Local)),
					e.textCode(fd.ref, x(fd), true),
					w().Dot("AttrEnd").Call(),
				)
			} else {
				g.Add(w().Dot("Attr").Call(jen.Lit(fd.xml.Local)))
				g.Add(e.textCode(fd.ref, x(fd), false))
				g.Add(w().Dot("AttrEnd").Call())
			}
		}
		if hasAttrs {
			g.Add(w().Dot("StartDone").Call())
		}
		for _, fd := range gt.fields {
			switch fd.kind {
			case fValue:
				g.Add(e.textCode(fd.ref, x(fd), false))
			case fInner:
				g.Add(w().Dot("Raw").Call(x(fd)))
			case fAny:
				switch fd.card {
				case cardMany:
					g.For(jen.Id("i").Op(":=").Range().Add(x(fd))).Block(
						w().Dot("WriteAny").Call(jen.Op("&").Add(x(fd)).Index(jen.Id("i")), jen.Lit(""), jen.Lit("AnyElement")))
				default:
					g.If(x(fd).Op("!=").Nil()).Block(w().Dot("WriteAny").Call(x(fd), jen.Lit(""), jen.Lit("AnyElement")))
				}
			case fElem:
				e.writeElem(g, fd)
			}
		}
		g.Add(w().Dot("End").Call(jen.Id("local")))
	})
}

// writeElem emits the writing of an element field: one call of a
// runtime helper (elemX/optX/manyX by representation and cardinality).
func (e *emitter) writeElem(g *jen.Group, fd *field) {
	w := jen.Id("w")
	x := jen.Id("x").Dot(fd.name)
	space, local := jen.Lit(fd.xml.Space), jen.Lit(fd.xml.Local)
	prefix := map[card]string{cardOne: "Elem", cardPtr: "Opt", cardMany: "Many"}[fd.card]
	switch {
	case fd.ref.any:
		if fd.card == cardOne {
			g.Id("w").Dot("WriteAny").Call(jen.Op("&").Add(x), space, local)
			return
		}
		g.Add(rt(prefix+"Any")).Call(w, space, local, x)
		return
	case fd.ref.isStruct():
		if fd.card == cardOne {
			g.Add(x).Dot("XSDWrite").Call(w, space, local)
			return
		}
		g.Add(rt(prefix+"Struct")).Call(w, space, local, x)
		return
	}
	r := fd.ref.repr()
	switch r.kind {
	case reprInt:
		g.Add(rt(prefix+"Int")).Call(w, space, local, x)
	case reprUint:
		g.Add(rt(prefix+"Uint")).Call(w, space, local, x)
	case reprBool:
		g.Add(rt(prefix+"Bool")).Call(w, space, local, x)
	case reprFloat:
		g.Add(rt(prefix+"Float")).Call(w, space, local, x, jen.Lit(r.bits))
	case reprDateTime:
		switch {
		case prefix == "Elem":
			g.Id("w").Dot("ElemText").Call(space, local, e.dateTimeText(fd.ref, x))
		case fd.ref.gt == nil:
			g.Add(rt(prefix+"DateTime")).Call(w, space, local, x)
		case prefix == "Opt":
			g.If(x.Clone().Op("!=").Nil()).Block(jen.Id("w").Dot("ElemText").Call(space, local, e.dateTimeText(fd.ref, jen.Op("*").Add(x.Clone()))))
		default:
			g.For(jen.Id("i").Op(":=").Range().Add(x.Clone())).Block(jen.Id("w").Dot("ElemText").Call(space, local, e.dateTimeText(fd.ref, x.Clone().Index(jen.Id("i")))))
		}
	default:
		if prefix == "Elem" {
			if fd.ref.gt == nil && r.kind != reprDecimal {
				g.Id("w").Dot("ElemText").Call(space, local, x)
			} else {
				g.Id("w").Dot("ElemText").Call(space, local, jen.String().Call(x))
			}
		} else {
			g.Add(rt(prefix+"Text")).Call(w, space, local, x)
		}
	}
}

// dateTimeText is the text of a DateTime (or a type derived from it).
func (e *emitter) dateTimeText(r typeRef, v *jen.Statement) jen.Code {
	if r.gt != nil {
		return rt("DateTime").Call(v).Dot("String").Call()
	}
	return v.Dot("String").Call()
}

// textCode emits the writing of a simple value v (a pointer to it if ptr)
// as encoding/xml formats it.
func (e *emitter) textCode(ref typeRef, v *jen.Statement, ptr bool) jen.Code {
	// val is the value for conversions (dereferenced); methods are called
	// on v itself (Go dereferences for value receivers).
	val := v.Clone()
	if ptr {
		val = jen.Op("*").Add(v.Clone())
	}
	w := jen.Id("w")
	r := ref.repr()
	switch r.kind {
	case reprInt:
		return w.Dot("Int").Call(jen.Int64().Call(val))
	case reprUint:
		return w.Dot("Uint").Call(jen.Uint64().Call(val))
	case reprBool:
		return w.Dot("Bool").Call(jen.Bool().Call(val))
	case reprFloat:
		return w.Dot("Float").Call(jen.Float64().Call(val), jen.Lit(r.bits))
	case reprDateTime:
		if ref.gt != nil {
			return w.Dot("Text").Call(rt("DateTime").Call(val).Dot("String").Call())
		}
		return w.Dot("Text").Call(v.Clone().Dot("String").Call())
	case reprDecimal:
		return w.Dot("Text").Call(jen.String().Call(val))
	}
	if ref.gt == nil {
		return w.Dot("Text").Call(val)
	}
	return w.Dot("Text").Call(jen.String().Call(val))
}
