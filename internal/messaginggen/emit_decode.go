package messaginggen

import (
	"strconv"

	"github.com/dave/jennifer/jen"
)

func (g *gen) decodeMethods(s *Struct) {
	g.f.Comment("UnmarshalJSON decodes a JSON object into r. Members are matched by exact")
	g.f.Comment("name; a value of the wrong JSON type (null included) or a missing required")
	g.f.Comment("property is reported as an *actionschema.ValidationError with the pointer and")
	g.f.Comment("keyword (\"type\", \"required\") a JSON Schema validator reports. Unknown members")
	g.f.Comment("are ignored, as the schema allows them. Data that is not JSON is a")
	g.f.Comment("*json.SyntaxError.")
	g.entryPoint(s, "UnmarshalJSON", []jen.Code{jen.Id("data").Index().Byte()}, "decode")

	body := []jen.Code{jen.Op("*").Id("r").Op("=").Id(s.Name).Values()}
	if len(s.Fields) == 0 && s.Extra == "" && !s.Closed {
		body = append(body, jen.Qual(pkgRuntime, "DecodeObject").Call(jen.Id("data"), jen.Id("p"), jen.Id("vs")))
	} else {
		body = append(body,
			jen.List(jen.Id("m"), jen.Id("ok")).Op(":=").Qual(pkgRuntime, "DecodeObject").Call(jen.Id("data"), jen.Id("p"), jen.Id("vs")),
			jen.If(jen.Op("!").Id("ok")).Block(jen.Return()),
		)
		for _, fl := range s.Fields {
			var inner []jen.Code
			if fl.Type.Kind != KindAny {
				inner = append(inner, jen.Id("fp").Op(":=").Id("p").Dot("Key").Call(jen.Lit(fl.JSONName)))
			}
			mode := modeRequired
			if !fl.Required {
				mode = modeOptional
			}
			inner = append(inner, g.decodeValue(jen.Id("r").Dot(fl.GoName), fl.Type, "raw", "fp", mode, 0)...)
			stmt := jen.If(jen.List(jen.Id("raw"), jen.Id("ok")).Op(":=").Id("m").Index(jen.Lit(fl.JSONName)), jen.Id("ok")).Block(inner...)
			if fl.Required {
				stmt = stmt.Else().Block(jen.Qual(pkgRuntime, "Missing").Call(jen.Id("p"), jen.Id("vs"), jen.Lit(fl.JSONName)))
			}
			body = append(body, stmt)
		}
		if s.Extra != "" || s.Closed {
			body = append(body, g.undescribed(s))
		}
	}
	g.f.Func().Params(jen.Id("r").Op("*").Id(s.Name)).Id("decode").Params(
		jen.Id("data").Index().Byte(),
		jen.Id("p").Op("*").Qual(pkgRuntime, "Path"),
		jen.Id("vs").Op("*").Qual(pkgRuntime, "Violations"),
	).Block(body...)
	g.f.Line()
}

type decodeMode int

const (
	modeRequired decodeMode = iota // a required property: plain value
	modeOptional                   // an optional property: pointer (scalars, objects)
	modeElem                       // an array element: plain value
)

// decodeValue returns statements decoding the JSON value in variable raw
// at Path variable pv into target.
func (g *gen) decodeValue(target *jen.Statement, t *Type, raw, pv string, mode decodeMode, depth int) []jen.Code {
	scalar := func(fn string) []jen.Code {
		val := jen.Id("v")
		if mode == modeOptional {
			val = jen.Op("&").Id("v")
		}
		return []jen.Code{jen.If(
			jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Qual(pkgRuntime, fn).Call(jen.Id(raw), jen.Op("&").Id(pv), jen.Id("vs")),
			jen.Id("ok"),
		).Block(jen.Add(target).Op("=").Add(val))}
	}
	if t.Nullable {
		return g.decodeNullable(target, t, raw, pv, mode)
	}
	switch t.Kind {
	case KindMap:
		return []jen.Code{jen.If(
			jen.List(jen.Id("m"), jen.Id("ok")).Op(":=").Qual(pkgRuntime, "DecodeObject").Call(jen.Id(raw), jen.Op("&").Id(pv), jen.Id("vs")),
			jen.Id("ok"),
		).Block(
			jen.Add(target).Op("=").Make(jen.Map(jen.String()).Qual(pkgJSON, "RawMessage"), jen.Len(jen.Id("m"))),
			jen.For(jen.List(jen.Id("k"), jen.Id("v")).Op(":=").Range().Id("m")).Block(
				jen.Add(target).Index(jen.Id("k")).Op("=").Append(jen.Qual(pkgJSON, "RawMessage").Parens(jen.Nil()), jen.Id("v").Op("...")),
			),
		)}
	case KindString:
		return scalar("DecodeString")
	case KindInteger:
		return scalar("DecodeInteger")
	case KindNumber:
		return scalar("DecodeNumber")
	case KindBoolean:
		return scalar("DecodeBoolean")
	case KindObject:
		call := jen.Add(target).Dot("decode").Call(jen.Id(raw), jen.Op("&").Id(pv), jen.Id("vs"))
		if mode == modeOptional {
			return []jen.Code{jen.Add(target).Op("=").New(jen.Id(t.Object.Name)), call}
		}
		return []jen.Code{call}
	case KindArray:
		elems := "elems" + strconv.Itoa(depth)
		i := "i" + strconv.Itoa(depth)
		er := "raw" + strconv.Itoa(depth)
		ep := "e" + strconv.Itoa(depth)
		var loop []jen.Code
		if t.Elem.Kind != KindAny {
			loop = append(loop, jen.Id(ep).Op(":=").Id(pv).Dot("Index").Call(jen.Id(i)))
		}
		loop = append(loop, g.decodeValue(jen.Add(target).Index(jen.Id(i)), t.Elem, er, ep, modeElem, depth+1)...)
		return []jen.Code{jen.If(
			jen.List(jen.Id(elems), jen.Id("ok")).Op(":=").Qual(pkgRuntime, "DecodeArray").Call(jen.Id(raw), jen.Op("&").Id(pv), jen.Id("vs")),
			jen.Id("ok"),
		).Block(
			jen.Add(target).Op("=").Make(jen.Index().Add(g.goType(t.Elem, false)), jen.Len(jen.Id(elems))),
			jen.For(jen.List(jen.Id(i), jen.Id(er)).Op(":=").Range().Id(elems)).Block(loop...),
		)}
	}
	// KindAny keeps the value as it is (pv is not needed: nothing can fail).
	return []jen.Code{
		jen.Add(target).Op("=").Append(jen.Qual(pkgJSON, "RawMessage").Parens(jen.Nil()), jen.Id(raw).Op("...")),
	}
}

// marshalMethod emits MarshalJSON for structs with required arrays, so that
// a nil slice is written as [] (present, empty) rather than null.
func (g *gen) marshalMethod(s *Struct) {
	var fix []jen.Code
	hasExtra := s.Extra != ""
	for _, fl := range s.Fields {
		if fl.Required && fl.Type.Kind == KindArray {
			fix = append(fix, jen.If(jen.Id("v").Dot(fl.GoName).Op("==").Nil()).Block(
				jen.Id("v").Dot(fl.GoName).Op("=").Add(g.goType(fl.Type, false)).Values(),
			))
		}
	}
	if len(fix) == 0 && !hasExtra {
		return
	}
	if len(fix) > 0 {
		g.f.Comment("MarshalJSON encodes r like encoding/json does, except that a nil required")
		g.f.Comment("array is written as [] (present and empty), never as null.")
	} else {
		g.f.Comment("MarshalJSON encodes r like encoding/json does.")
	}
	if hasExtra {
		g.f.Comment("The members kept in " + s.Extra + " follow the described ones, in name order.")
	}
	body := []jen.Code{
		jen.Type().Id("plain").Id(s.Name),
		jen.Id("v").Op(":=").Id("plain").Parens(jen.Id("r")),
	}
	body = append(body, fix...)
	if hasExtra {
		body = append(body,
			jen.List(jen.Id("b"), jen.Err()).Op(":=").Qual(pkgJSON, "Marshal").Call(jen.Id("v")),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.Return(jen.Qual(pkgRuntime, "AppendExtra").Call(jen.Id("b"), jen.Id("r").Dot(s.Extra))),
		)
	} else {
		body = append(body, jen.Return(jen.Qual(pkgJSON, "Marshal").Call(jen.Id("v"))))
	}
	g.f.Func().Params(jen.Id("r").Id(s.Name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(body...)
	g.f.Line()
}

// decodeNullable decodes a schema whose type lists "null": null gives an
// invalid Nullable, anything else the scalar decoder's value.
func (g *gen) decodeNullable(target *jen.Statement, t *Type, raw, pv string, mode decodeMode) []jen.Code {
	fn := map[Kind]string{KindString: "DecodeString", KindInteger: "DecodeInteger", KindNumber: "DecodeNumber", KindBoolean: "DecodeBoolean"}[t.Kind]
	typ := g.goType(t, false)
	wrap := func(c jen.Code) jen.Code {
		if mode == modeOptional {
			return jen.Op("&").Add(c)
		}
		return c
	}
	return []jen.Code{jen.If(jen.Qual(pkgRuntime, "IsNull").Call(jen.Id(raw))).Block(
		jen.Add(target).Op("=").Add(wrap(jen.Add(typ).Values())),
	).Else().If(
		jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Qual(pkgRuntime, fn).Call(jen.Id(raw), jen.Op("&").Id(pv), jen.Id("vs")),
		jen.Id("ok"),
	).Block(
		jen.Add(target).Op("=").Add(wrap(jen.Add(typ).Values(jen.Dict{jen.Id("V"): jen.Id("v"), jen.Id("Valid"): jen.True()}))),
	)}
}

// undescribed handles the members of the object in m that the schema does
// not describe: kept in the Extra field, or reported when the schema is
// closed (additionalProperties: false).
func (g *gen) undescribed(s *Struct) jen.Code {
	var known []jen.Code
	for _, fl := range s.Fields {
		known = append(known, jen.Lit(fl.JSONName))
	}
	var handle jen.Code
	if s.Closed {
		handle = jen.Id("vs").Dot("Add").Call(jen.Op("*").Id("p"), jen.Lit("additionalProperties"), jen.Lit("additional property %q is not allowed"), jen.Id("k"))
	} else {
		handle = jen.Block(
			jen.If(jen.Id("r").Dot(s.Extra).Op("==").Nil()).Block(
				jen.Id("r").Dot(s.Extra).Op("=").Map(jen.String()).Qual(pkgJSON, "RawMessage").Values(),
			),
			jen.Id("r").Dot(s.Extra).Index(jen.Id("k")).Op("=").Append(jen.Qual(pkgJSON, "RawMessage").Parens(jen.Nil()), jen.Id("v").Op("...")),
		)
	}
	var sw []jen.Code
	if len(known) > 0 {
		sw = append(sw, jen.Case(known...))
	}
	sw = append(sw, jen.Default().Add(handle))
	vars := jen.List(jen.Id("k"), jen.Id("v"))
	if s.Closed {
		vars = jen.Id("k")
	}
	return jen.For(vars.Op(":=").Range().Qual(pkgRuntime, "SortedMembers").Call(jen.Id("m"))).Block(
		jen.Switch(jen.Id("k")).Block(sw...),
	)
}
