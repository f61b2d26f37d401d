package messaginggen

import (
	"fmt"
	"strconv"

	"github.com/dave/jennifer/jen"
)

// unionDecl emits the struct of typed alternatives (anyOf/oneOf) and its
// methods: decoding tries every alternative and keeps those the value
// matches, Validate counts the matching ones, MarshalJSON writes the first
// set alternative (or the JSON it was decoded from).
func (g *gen) unionDecl(s *Struct) {
	t := s.Type
	doc := fmt.Sprintf("%s is the value at %s in the schema of %s: %s of %d alternatives, each a pointer that is set when the value matches it.", s.Name, displayPtr(t.Ptr), g.a.Name, s.AltKeyword, len(s.Alts))
	if t.Title != "" {
		doc += " " + sentence(t.Title)
	}
	for _, c := range comment(doc) {
		g.f.Add(c)
	}
	var fields []jen.Code
	for i, at := range s.Alts {
		fields = append(fields, jen.Commentf("Alternative%d is set when the value matches %s.", i+1, at.Ptr))
		fields = append(fields, jen.Id(fmt.Sprintf("Alternative%d", i+1)).Op("*").Id(at.Object.Name))
	}
	fields = append(fields, jen.Comment("Raw is the JSON value as decoded; MarshalJSON writes it when no"),
		jen.Comment("alternative is set."),
		jen.Id("Raw").Qual(pkgJSON, "RawMessage"))
	g.f.Type().Id(s.Name).Struct(fields...)
	g.f.Line()

	g.f.Comment("Validate reports a *actionschema.ValidationError unless the value matches")
	if s.AltKeyword == "oneOf" {
		g.f.Comment("exactly one alternative.")
	} else {
		g.f.Comment("at least one alternative.")
	}
	g.entryPoint(s, "Validate", nil, "validate")
	body := []jen.Code{jen.Id("n").Op(":=").Lit(0)}
	for i := range s.Alts {
		f := fmt.Sprintf("Alternative%d", i+1)
		body = append(body, jen.If(jen.Id("r").Dot(f).Op("!=").Nil()).Block(
			jen.Var().Id("avs").Qual(pkgRuntime, "Violations"),
			jen.Id("r").Dot(f).Dot("validate").Call(jen.Id("p"), jen.Op("&").Id("avs")),
			jen.If(jen.Id("avs").Dot("Len").Call().Op("==").Lit(0)).Block(jen.Id("n").Op("++")),
		))
	}
	if s.AltKeyword == "oneOf" {
		body = append(body, jen.If(jen.Id("n").Op("!=").Lit(1)).Block(
			jen.Id("vs").Dot("AddGot").Call(jen.Op("*").Id("p"), jen.Lit("oneOf"), jen.Lit("must match exactly one of "+strconv.Itoa(len(s.Alts))+" alternatives"), jen.Int64().Parens(jen.Id("n")))))
	} else {
		body = append(body, jen.If(jen.Id("n").Op("==").Lit(0)).Block(
			jen.Id("vs").Dot("AddMsg").Call(jen.Op("*").Id("p"), jen.Lit("anyOf"), jen.Lit("must match at least one of "+strconv.Itoa(len(s.Alts))+" alternatives"))))
	}
	g.f.Func().Params(jen.Id("r").Op("*").Id(s.Name)).Id("validate").Params(
		jen.Id("p").Op("*").Qual(pkgRuntime, "Path"),
		jen.Id("vs").Op("*").Qual(pkgRuntime, "Violations"),
	).Block(body...)
	g.f.Line()

	g.f.Comment("UnmarshalJSON decodes data into every alternative it matches; a value")
	g.f.Comment("matching none is kept in Raw and reported by Validate. Data that is not JSON")
	g.f.Comment("is a *json.SyntaxError.")
	g.entryPoint(s, "UnmarshalJSON", []jen.Code{jen.Id("data").Index().Byte()}, "decode")
	dec := []jen.Code{jen.Op("*").Id("r").Op("=").Id(s.Name).Values(jen.Dict{jen.Id("Raw"): jen.Append(jen.Qual(pkgJSON, "RawMessage").Parens(jen.Nil()), jen.Id("data").Op("..."))})}
	for i, at := range s.Alts {
		f := fmt.Sprintf("Alternative%d", i+1)
		dec = append(dec, jen.Block(
			jen.Id("alt").Op(":=").New(jen.Id(at.Object.Name)),
			jen.Var().Id("avs").Qual(pkgRuntime, "Violations"),
			jen.Id("alt").Dot("decode").Call(jen.Id("data"), jen.Id("p"), jen.Op("&").Id("avs")),
			jen.Id("alt").Dot("validate").Call(jen.Id("p"), jen.Op("&").Id("avs")),
			jen.If(jen.Id("avs").Dot("Len").Call().Op("==").Lit(0)).Block(jen.Id("r").Dot(f).Op("=").Id("alt")),
		))
	}
	g.f.Func().Params(jen.Id("r").Op("*").Id(s.Name)).Id("decode").Params(
		jen.Id("data").Index().Byte(),
		jen.Id("p").Op("*").Qual(pkgRuntime, "Path"),
		jen.Id("_").Op("*").Qual(pkgRuntime, "Violations"),
	).Block(dec...)
	g.f.Line()

	g.f.Comment("MarshalJSON writes the first alternative that is set, else Raw, else null.")
	var cases []jen.Code
	for i := range s.Alts {
		f := fmt.Sprintf("Alternative%d", i+1)
		cases = append(cases, jen.Case(jen.Id("r").Dot(f).Op("!=").Nil()).Block(jen.Return(jen.Qual(pkgJSON, "Marshal").Call(jen.Id("r").Dot(f)))))
	}
	cases = append(cases, jen.Case(jen.Id("r").Dot("Raw").Op("!=").Nil()).Block(jen.Return(jen.Id("r").Dot("Raw"), jen.Nil())))
	g.f.Func().Params(jen.Id("r").Id(s.Name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Switch().Block(cases...),
		jen.Return(jen.Index().Byte().Parens(jen.Lit("null")), jen.Nil()),
	)
	g.f.Line()
}
