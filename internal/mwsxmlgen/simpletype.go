package mwsxmlgen

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/spgen/spgen/internal/xsd"
)

func (e *emitter) simpleType(f *jen.File, gt *goType) {
	st := gt.simple
	what := "restricts " + baseDesc(st)
	if st.Variety == xsd.Union {
		names := make([]string, len(st.Members))
		for i, m := range st.Members {
			names[i] = e.simpleName(m)
		}
		what = "is a union of " + strings.Join(names, ", ") + "; its value is kept as text"
	}
	docLines(f, fmt.Sprintf("%s is %s (%s); it %s.", gt.name, gt.origin, gt.file.Name, what), gt.doc)
	f.Type().Id(gt.name).Add(reprType(gt.repr))
	if len(gt.consts) > 0 {
		f.Commentf("Values of %s.", gt.name)
		f.Const().DefsFunc(func(g *jen.Group) {
			for _, c := range gt.consts {
				if c.doc != "" {
					for _, l := range wrap(c.doc, 100) {
						g.Comment(l)
					}
				}
				g.Id(c.name).Id(gt.name).Op("=").Add(constLit(gt.repr, c.value))
			}
		})
	}
	f.Line()
	f.Commentf("Validate reports the first facet of %s that x violates, as a *ValidationError.", gt.name)
	f.Func().Params(jen.Id("x").Id(gt.name)).Id("Validate").Params().Error().Block(
		jen.Return(rt("ErrOf").Call(jen.Lit(""), jen.Id("x").Dot("XSDCheck").Call())),
	)
	f.Line()
	f.Commentf("XSDCheck returns the first facet of %s that x violates, or nil (for the generated validators).", gt.name)
	f.Func().Params(jen.Id("x").Id(gt.name)).Id("XSDCheck").Params().Op("*").Add(rt("Violation")).BlockFunc(func(g *jen.Group) {
		if !e.simpleChecks(g, gt) {
			g.Return(jen.Nil())
		}
	})
	switch gt.repr.kind {
	case reprDateTime:
		f.Line()
		f.Comment("MarshalText implements encoding.TextMarshaler like DateTime.")
		f.Func().Params(jen.Id("x").Id(gt.name)).Id("MarshalText").Params().Params(jen.Index().Byte(), jen.Error()).Block(
			jen.Return(rt("DateTime").Call(jen.Id("x")).Dot("MarshalText").Call()),
		)
		f.Line()
		f.Comment("UnmarshalText implements encoding.TextUnmarshaler like DateTime.")
		f.Func().Params(jen.Id("x").Op("*").Id(gt.name)).Id("UnmarshalText").Params(jen.Id("b").Index().Byte()).Error().Block(
			jen.Return(jen.Parens(jen.Op("*").Add(rt("DateTime"))).Call(jen.Id("x")).Dot("UnmarshalText").Call(jen.Id("b"))),
		)
	}
}

// baseDesc describes a simple type's base for its doc comment.
func baseDesc(st *xsd.SimpleType) string {
	if st.Base == nil {
		return "nothing"
	}
	if st.Base.Builtin != nil {
		return "xsd:" + st.Base.Builtin.Name
	}
	if st.Base.Name.Local != "" {
		return st.Base.Name.Local
	}
	return "an anonymous type"
}

func (e *emitter) simpleName(st *xsd.SimpleType) string {
	if st.Builtin != nil {
		return "xsd:" + st.Builtin.Name
	}
	if gt := e.b.bySimple[st]; gt != nil {
		return gt.name
	}
	return st.Name.Local
}

// fractionDigits is the most derived fractionDigits facet on st's chain.
func fractionDigits(st *xsd.SimpleType) int {
	for _, s := range st.Chain() {
		if s.Facets.FractionDigits != nil {
			return *s.Facets.FractionDigits
		}
	}
	return 0
}

// whiteSpace is the most derived whiteSpace facet on st's chain.
func whiteSpace(st *xsd.SimpleType) string {
	for _, s := range st.Chain() {
		if s.Facets.WhiteSpace != "" {
			return s.Facets.WhiteSpace
		}
	}
	return "preserve"
}

// constLit is the Go literal of an enumeration value.
func constLit(r repr, v string) jen.Code {
	switch r.kind {
	case reprInt, reprUint:
		if i, ok := new(big.Int).SetString(strings.TrimPrefix(strings.TrimSpace(v), "+"), 10); ok {
			return jen.Op(i.String())
		}
	case reprFloat:
		if fv, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
			return jen.Lit(fv)
		}
	}
	return jen.Lit(v)
}

// simpleChecks emits the body of a generated simple type's check method;
// it reports whether the body already ends in a return.
func (e *emitter) simpleChecks(g *jen.Group, gt *goType) bool {
	st := gt.simple
	if st.Variety == xsd.Union {
		e.unionChecks(g, gt)
		return true
	}
	// The base's constraints first.
	if st.Base != nil {
		if st.Base.Builtin != nil {
			if builtinHasChecks(st.Base.Builtin.Name) {
				e.builtins[st.Base.Builtin.Name] = true
				g.If(jen.Id("f").Op(":=").Id(builtinCheckName(st.Base.Builtin.Name)).Call(reprType(gt.repr).Call(jen.Id("x"))), jen.Id("f").Op("!=").Nil()).Block(jen.Return(jen.Id("f")))
			}
		} else if bg := e.b.bySimple[st.Base]; bg != nil {
			g.If(jen.Id("f").Op(":=").Add(e.ref(bg)).Call(jen.Id("x")).Dot("XSDCheck").Call(), jen.Id("f").Op("!=").Nil()).Block(jen.Return(jen.Id("f")))
		}
	}
	e.facetChecks(g, gt.name, gt.repr, &st.Facets, whiteSpace(st))
	return false
}
