package mwsxmlgen

import (
	"bytes"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"sync"

	"github.com/dave/jennifer/jen"

	"github.com/spgen/spgen/internal/xsd"
)

func builtinCheckName(n string) string {
	return "checkXSD" + strings.ToUpper(n[:1]) + n[1:]
}

// builtinHasChecks reports whether values of built-in n (in its Go
// representation) can violate anything.
func builtinHasChecks(n string) bool {
	hasChecksMu.Lock()
	defer hasChecksMu.Unlock()
	if v, ok := hasChecks[n]; ok {
		return v
	}
	st := xsd.BuiltinType(n)
	g := &jen.Group{}
	(&emitter{builtins: map[string]bool{}}).builtinChecks(g, st, builtinRepr(st.Builtin))
	v := !isEmptyGroup(g)
	hasChecks[n] = v
	return v
}

var (
	hasChecksMu sync.Mutex
	hasChecks   = map[string]bool{}
)

func isEmptyGroup(g *jen.Group) bool {
	var buf bytes.Buffer
	if err := jen.Func().Id("f").Params().Block(g).Render(&buf); err != nil {
		return false
	}
	return strings.TrimSpace(buf.String()) == "func f() {}"
}

// facetChecks emits the checks of one restriction step's facets on x.
func (e *emitter) facetChecks(g *jen.Group, typeName string, r repr, f *xsd.Facets, ws string) {
	ret := func(call jen.Code) {
		g.If(jen.Id("f").Op(":=").Add(call), jen.Id("f").Op("!=").Nil()).Block(jen.Return(jen.Id("f")))
	}
	// text is the expression of the value as text for pattern and
	// enumeration checks; declared lazily.
	var text jen.Code
	needText := len(f.Pattern) > 0 || f.Length != nil || f.MinLength != nil || f.MaxLength != nil ||
		(len(f.Enumeration) > 0 && (r.kind == reprString || r.kind == reprBool || r.kind == reprDateTime)) ||
		(r.kind == reprDecimal && (f.TotalDigits != nil || f.FractionDigits != nil || f.MinInclusive != nil || f.MaxInclusive != nil || f.MinExclusive != nil || f.MaxExclusive != nil || len(f.Enumeration) > 0))
	if needText {
		var conv *jen.Statement
		switch r.kind {
		case reprString, reprDecimal:
			conv = jen.String().Call(jen.Id("x"))
		case reprInt:
			conv = jen.Qual("strconv", "FormatInt").Call(jen.Int64().Call(jen.Id("x")), jen.Lit(10))
		case reprUint:
			conv = jen.Qual("strconv", "FormatUint").Call(jen.Uint64().Call(jen.Id("x")), jen.Lit(10))
		case reprFloat:
			conv = jen.Qual("strconv", "FormatFloat").Call(jen.Float64().Call(jen.Id("x")), jen.LitRune('g'), jen.Lit(-1), jen.Lit(r.bits))
		case reprBool:
			conv = jen.Qual("strconv", "FormatBool").Call(jen.Bool().Call(jen.Id("x")))
		case reprDateTime:
			conv = rt("DateTime").Call(jen.Id("x")).Dot("String").Call()
		}
		if r.kind == reprString || r.kind == reprDecimal {
			switch ws {
			case "replace":
				conv = rt("WSReplace").Call(conv)
			case "collapse":
				conv = rt("WSCollapse").Call(conv)
			}
		}
		g.Id("s").Op(":=").Add(conv)
		text = jen.Id("s")
	}
	if f.Length != nil {
		ret(rt("CheckLength").Call(text, jen.Lit(*f.Length)))
	}
	if f.MinLength != nil {
		ret(rt("CheckMinLength").Call(text, jen.Lit(*f.MinLength)))
	}
	if f.MaxLength != nil {
		ret(rt("CheckMaxLength").Call(text, jen.Lit(*f.MaxLength)))
	}
	switch r.kind {
	case reprDecimal:
		if f.TotalDigits != nil {
			ret(rt("CheckTotalDigits").Call(text, jen.Lit(*f.TotalDigits)))
		}
		if f.FractionDigits != nil {
			ret(rt("CheckFractionDigits").Call(text, jen.Lit(*f.FractionDigits)))
		}
		for _, b := range bounds(f) {
			ret(rt("CheckBound").Call(text, jen.Lit(b.facet), jen.Lit(b.value)))
		}
	case reprInt, reprUint:
		if f.TotalDigits != nil {
			var digits jen.Code
			if r.kind == reprInt {
				digits = jen.Qual("strconv", "FormatInt").Call(jen.Int64().Call(jen.Id("x")), jen.Lit(10))
			} else {
				digits = jen.Qual("strconv", "FormatUint").Call(jen.Uint64().Call(jen.Id("x")), jen.Lit(10))
			}
			ret(rt("CheckTotalDigits").Call(digits, jen.Lit(*f.TotalDigits)))
		}
		for _, b := range bounds(f) {
			if call := intBound(r, b); call != nil {
				ret(call)
			}
		}
	case reprFloat:
		for _, b := range bounds(f) {
			v, _ := strconv.ParseFloat(b.value, 64)
			ret(rt("CheckFloatBound").Call(jen.Float64().Call(jen.Id("x")), jen.Lit(b.facet), jen.Lit(v)))
		}
	}
	for _, p := range f.Pattern {
		ret(rt("CheckPattern").Call(text, jen.Id(e.pattern(p)), jen.Lit(p.XSD)))
	}
	if len(f.Enumeration) > 0 {
		e.enumCheck(g, typeName, r, f.Enumeration, text)
	}
}

type bound struct{ facet, value string }

func bounds(f *xsd.Facets) []bound {
	var out []bound
	for _, b := range []struct {
		facet string
		v     *string
	}{{"minInclusive", f.MinInclusive}, {"maxInclusive", f.MaxInclusive}, {"minExclusive", f.MinExclusive}, {"maxExclusive", f.MaxExclusive}} {
		if b.v != nil {
			out = append(out, bound{b.facet, strings.TrimSpace(*b.v)})
		}
	}
	return out
}

// intBound emits an integer bound check, or nil when the Go type cannot
// hold a value outside the bound (long's bounds on int64).
func intBound(r repr, b bound) jen.Code {
	v, ok := new(big.Int).SetString(strings.TrimPrefix(b.value, "+"), 10)
	if !ok {
		return nil
	}
	var lo, hi *big.Int
	if r.kind == reprInt {
		lo = new(big.Int).Lsh(big.NewInt(-1), uint(r.bits-1))
		hi = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(r.bits-1)), big.NewInt(1))
	} else {
		lo = big.NewInt(0)
		hi = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(r.bits)), big.NewInt(1))
	}
	isMin := strings.HasPrefix(b.facet, "min")
	excl := strings.HasSuffix(b.facet, "Exclusive")
	// Vacuous bounds: every value of the Go type satisfies them.
	if isMin && (v.Cmp(lo) < 0 || (!excl && v.Cmp(lo) == 0)) {
		return nil
	}
	if !isMin && (v.Cmp(hi) > 0 || (!excl && v.Cmp(hi) == 0)) {
		return nil
	}
	if r.kind == reprInt {
		if !v.IsInt64() {
			return nil
		}
		return rt("CheckIntBound").Call(jen.Int64().Call(jen.Id("x")), jen.Lit(b.facet), jen.Lit(v.Int64()))
	}
	if !v.IsUint64() {
		return nil
	}
	return rt("CheckUintBound").Call(jen.Uint64().Call(jen.Id("x")), jen.Lit(b.facet), jen.Lit(v.Uint64()))
}

// pattern returns the package variable holding p's compiled regexp.
func (e *emitter) pattern(p xsd.Pattern) string {
	if n, ok := e.patterns[p.Go]; ok {
		return n
	}
	e.patNext++
	n := fmt.Sprintf("xsdPattern%d", e.patNext)
	e.patterns[p.Go] = n
	e.filePats = append(e.filePats, patternVar{name: n, goRE: p.Go, xsdRE: p.XSD})
	return n
}

// enumCheck emits an enumeration check.
func (e *emitter) enumCheck(g *jen.Group, typeName string, r repr, enums []xsd.Enum, text jen.Code) {
	var values []string
	seen := map[string]bool{}
	for _, en := range enums {
		if !seen[en.Value] {
			seen[en.Value] = true
			values = append(values, en.Value)
		}
	}
	allowed := listValues(values)
	fail := jen.Return(rt("EnumViolation").Call(rt("TextOf").Call(jen.Id("x")), jen.Lit(typeName), jen.Lit(allowed)))
	switch r.kind {
	case reprDecimal:
		var conds []jen.Code
		for _, v := range values {
			conds = append(conds, rt("DecimalCmp").Call(text, jen.Lit(strings.TrimSpace(v))).Op("==").Lit(0))
		}
		g.If(jen.Op("!").Parens(orChain(conds))).Block(fail)
	case reprInt, reprUint, reprFloat:
		var cases []jen.Code
		numSeen := map[string]bool{}
		for _, v := range values {
			lit := constLit(r, v)
			key := fmt.Sprintf("%#v", lit)
			if !numSeen[key] {
				numSeen[key] = true
				cases = append(cases, lit)
			}
		}
		g.Switch(jen.Id("x")).Block(jen.Case(cases...), jen.Default().Block(fail))
	default:
		var cases []jen.Code
		for _, v := range values {
			if r.kind == reprString {
				cases = append(cases, jen.Lit(v))
			} else {
				cases = append(cases, jen.Lit(strings.TrimSpace(v)))
			}
		}
		g.Switch(text).Block(jen.Case(cases...), jen.Default().Block(fail))
	}
}

func orChain(conds []jen.Code) jen.Code {
	s := jen.Add(conds[0])
	for _, c := range conds[1:] {
		s = s.Op("||").Add(c)
	}
	return s
}

// listValues spells enumeration values for a violation message.
func listValues(values []string) string {
	const max = 8
	var b strings.Builder
	for i, v := range values {
		if i == max {
			fmt.Fprintf(&b, ", ... (%d values)", len(values))
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(v))
	}
	return b.String()
}

// unionChecks: the value is valid if any member accepts it.
func (e *emitter) unionChecks(g *jen.Group, gt *goType) {
	var conds []jen.Code
	var names []string
	for _, m := range gt.simple.Members {
		names = append(names, e.simpleName(m))
		s := jen.String().Call(jen.Id("x"))
		if m.Builtin != nil {
			r := builtinRepr(m.Builtin)
			switch {
			case m.Builtin.Primitive == "dateTime":
				conds = append(conds, rt("CheckLexical").Call(jen.Lit("dateTime"), rt("WSCollapse").Call(s)).Op("==").Nil())
			case r.kind == reprString:
				if builtinHasChecks(m.Builtin.Name) {
					e.builtins[m.Builtin.Name] = true
					conds = append(conds, jen.Id(builtinCheckName(m.Builtin.Name)).Call(s).Op("==").Nil())
				} else {
					// A member that accepts every string accepts the value.
					g.Return(jen.Nil())
					return
				}
			case r.kind == reprDecimal:
				e.builtins[m.Builtin.Name] = true
				conds = append(conds, jen.Id(builtinCheckName(m.Builtin.Name)).Call(rt("Decimal").Call(rt("WSCollapse").Call(s))).Op("==").Nil())
			default:
				conds = append(conds, rt("CheckLexical").Call(jen.Lit(numericLexical(r)), rt("WSCollapse").Call(s)).Op("==").Nil())
			}
			continue
		}
		mg := e.b.bySimple[m]
		conds = append(conds, e.ref(mg).Call(jen.Id("x")).Dot("XSDCheck").Call().Op("==").Nil())
	}
	g.If(orChain(conds)).Block(jen.Return(jen.Nil()))
	g.Return(rt("NewViolation").Call(jen.Lit("union"), jen.String().Call(jen.Id("x")),
		jen.Lit("%q is not a value of any member of "+gt.name+" ("+strings.Join(names, ", ")+")"), rt("Short").Call(jen.String().Call(jen.Id("x")))))
}

func numericLexical(r repr) string {
	switch r.kind {
	case reprInt, reprUint:
		return "integer"
	case reprBool:
		return "boolean"
	}
	return "decimal"
}

// builtinChecks emits the checks of a built-in type (its whole chain); it
// reports whether the emitted code ends in a return.
func (e *emitter) builtinChecks(g *jen.Group, st *xsd.SimpleType, r repr) bool {
	prim := st.Builtin.Primitive
	switch r.kind {
	case reprString:
		switch prim {
		case "date", "time", "gYear", "gYearMonth", "gMonthDay", "gDay", "gMonth", "duration", "base64Binary", "hexBinary":
			g.Return(rt("CheckLexical").Call(jen.Lit(prim), rt("WSCollapse").Call(jen.Id("x"))))
			return true
		}
		return false
	case reprDecimal:
		g.Return(rt("CheckDecimal").Call(rt("WSCollapse").Call(jen.String().Call(jen.Id("x")))))
		return true
	case reprDateTime:
		g.Return(rt("CheckDateTimeSet").Call(jen.Id("x")))
		return true
	case reprInt, reprUint:
		for _, s := range st.Chain() {
			for _, b := range bounds(&s.Facets) {
				if call := intBound(r, b); call != nil {
					g.If(jen.Id("f").Op(":=").Add(call), jen.Id("f").Op("!=").Nil()).Block(jen.Return(jen.Id("f")))
				}
			}
		}
	}
	return false
}
