package messaginggen

import (
	"strconv"

	"github.com/dave/jennifer/jen"
)

// objectChecks returns the checks on a struct as a whole: its member count
// (minProperties/maxProperties) and its oneOf/anyOf alternatives.
func (g *gen) objectChecks(s *Struct) []jen.Code {
	t := s.Type
	var out []jen.Code
	if t.MinProperties > 0 || t.MaxProperties >= 0 {
		var terms []jen.Code
		terms = append(terms, jen.Id("n").Op(":=").Lit(0))
		for _, fl := range s.Fields {
			if fl.Required {
				terms = append(terms, jen.Id("n").Op("++"))
				continue
			}
			terms = append(terms, jen.If(g.present(fl)).Block(jen.Id("n").Op("++")))
		}
		if s.Extra != "" {
			terms = append(terms, jen.Id("n").Op("+=").Len(jen.Id("r").Dot(s.Extra)))
		}
		add := func(kw, msg string, got ...jen.Code) jen.Code {
			return jen.Id("vs").Dot("AddGot").Call(jen.Op("*").Id("p"), jen.Lit(kw), jen.Lit(msg), jen.Int64().Parens(got[0]))
		}
		terms = append(terms, propertyCount(t, jen.Id("n"), add)...)
		out = append(out, jen.Block(terms...))
	}
	if len(t.Branches) > 0 {
		var count []jen.Code
		count = append(count, jen.Id("n").Op(":=").Lit(0))
		for i, br := range t.Branches {
			count = append(count, jen.If(g.branchMatch(br)).Block(jen.Id("n").Op("++")))
			_ = i
		}
		switch t.BranchKeyword {
		case "oneOf":
			count = append(count, jen.If(jen.Id("n").Op("!=").Lit(1)).Block(
				jen.Id("vs").Dot("AddGot").Call(jen.Op("*").Id("p"), jen.Lit("oneOf"), jen.Lit("must match exactly one of "+strconv.Itoa(len(t.Branches))+" alternatives"), jen.Int64().Parens(jen.Id("n"))),
			))
		default:
			count = append(count, jen.If(jen.Id("n").Op("==").Lit(0)).Block(
				jen.Id("vs").Dot("AddMsg").Call(jen.Op("*").Id("p"), jen.Lit("anyOf"), jen.Lit("must match at least one of "+strconv.Itoa(len(t.Branches))+" alternatives")),
			))
		}
		out = append(out, jen.Block(count...))
	}
	return out
}

// propertyCount checks a member count n against minProperties and
// maxProperties.
func propertyCount(t *Type, n jen.Code, add addFunc) []jen.Code {
	var out []jen.Code
	if t.MinProperties > 0 {
		out = append(out, jen.If(jen.Add(n).Op("<").Lit(t.MinProperties)).Block(
			add("minProperties", "number of properties must be >= "+strconv.Itoa(t.MinProperties), n)))
	}
	if t.MaxProperties >= 0 {
		out = append(out, jen.If(jen.Add(n).Op(">").Lit(t.MaxProperties)).Block(
			add("maxProperties", "number of properties must be <= "+strconv.Itoa(t.MaxProperties), n)))
	}
	return out
}

// present is the Go condition that the optional field fl is present.
func (g *gen) present(fl *Field) *jen.Statement {
	return jen.Id("r").Dot(fl.GoName).Op("!=").Nil()
}

// branchMatch is a function literal call reporting whether r satisfies the
// alternative br: its required properties are present and each constrained
// property that is present passes the alternative's schema for it.
func (g *gen) branchMatch(br *Branch) *jen.Statement {
	var body []jen.Code
	for _, fl := range br.Required {
		if fl.Required {
			continue
		}
		body = append(body, jen.If(jen.Op("!").Parens(g.present(fl))).Block(jen.Return(jen.False())))
	}
	needVS := false
	var checks []jen.Code
	for _, bp := range br.Props {
		fl := bp.Field
		if bp.Type.Never {
			if fl.Required {
				checks = append(checks, jen.Return(jen.False()))
				break
			}
			checks = append(checks, jen.If(g.present(fl)).Block(jen.Return(jen.False())))
			continue
		}
		if !typeHasChecks(g, bp.Type) {
			continue
		}
		needVS = true
		bfl := &Field{GoName: fl.GoName, JSONName: fl.JSONName, Required: fl.Required, Type: bp.Type}
		bp.Type.Nullable = fl.Type.Nullable
		checks = append(checks, g.fieldChecks(bfl))
	}
	body = append(body, checks...)
	if needVS {
		body = append([]jen.Code{
			jen.Var().Id("vs").Qual(pkgRuntime, "Violations"),
			jen.Var().Id("root").Qual(pkgRuntime, "Path"),
			jen.Id("p").Op(":=").Op("&").Id("root"),
		}, body...)
		body = append(body, jen.Return(jen.Id("vs").Dot("Len").Call().Op("==").Lit(0)))
	} else {
		body = append(body, jen.Return(jen.True()))
	}
	return jen.Func().Params().Bool().Block(body...).Call()
}
