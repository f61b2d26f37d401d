package messaginggen

import (
	"math/big"
	"strconv"

	"github.com/dave/jennifer/jen"

	"github.com/spgen/spgen/internal/naming"
)

// structHasChecks reports whether validating s can find anything.
func (g *gen) structHasChecks(s *Struct) bool {
	if v, ok := g.hasCheck[s]; ok {
		return v
	}
	g.hasCheck[s] = false // cycles cannot occur without $ref, but stay safe
	has := len(s.Alts) > 0 || len(s.Type.Branches) > 0 || s.Type.MinProperties > 0 || s.Type.MaxProperties >= 0
	for _, fl := range s.Fields {
		if typeHasChecks(g, fl.Type) {
			has = true
			break
		}
	}
	g.hasCheck[s] = has
	return has
}

func typeHasChecks(g *gen, t *Type) bool {
	if t.HasConst || t.Never {
		return true
	}
	switch t.Kind {
	case KindString:
		return t.MinLength > 0 || t.MaxLength >= 0 || t.HasPattern || t.Format != "" || t.HasEnum
	case KindInteger, KindNumber:
		return t.Minimum != nil || t.Maximum != nil || t.HasEnum
	case KindBoolean:
		return t.HasEnum
	case KindObject:
		return g.structHasChecks(t.Object)
	case KindArray:
		return t.MinItems > 0 || t.MaxItems >= 0 || t.UniqueItems || t.Elem.Kind == KindArray || typeHasChecks(g, t.Elem)
	case KindMap:
		return t.MinProperties > 0 || t.MaxProperties >= 0
	}
	return false
}

func (g *gen) validateMethods(s *Struct) {
	doc := "Validate checks every constraint the schema puts on the value and returns nil or an *actionschema.ValidationError listing all violations, each with the JSON pointer of the offending value and the failed keyword. It is plain generated code: no reflection and no schema interpretation at run time"
	if usesFormat(s.Type, map[*Struct]bool{}) {
		doc += "; \"format\" is checked with jsonschema/v5's format checkers."
	} else {
		doc += ", and it allocates nothing for a valid value."
	}
	for _, c := range comment(doc) {
		g.f.Add(c)
	}
	g.entryPoint(s, "Validate", nil, "validate")

	var body []jen.Code
	for _, fl := range s.Fields {
		if !typeHasChecks(g, fl.Type) {
			continue
		}
		body = append(body, g.fieldChecks(fl))
	}
	body = append(body, g.objectChecks(s)...)
	recv := jen.Id("r").Op("*").Id(s.Name)
	if len(body) == 0 {
		recv = jen.Op("*").Id(s.Name)
	}
	g.f.Func().Params(recv).Id("validate").Params(
		jen.Id("p").Op("*").Qual(pkgRuntime, "Path"),
		jen.Id("vs").Op("*").Qual(pkgRuntime, "Violations"),
	).Block(body...)
	g.f.Line()
}

func (g *gen) fieldChecks(fl *Field) jen.Code {
	t := fl.Type
	field := jen.Id("r").Dot(fl.GoName)
	inner := []jen.Code{jen.Id("fp").Op(":=").Id("p").Dot("Key").Call(jen.Lit(fl.JSONName))}
	val := jen.Add(field)
	optionalPtr := !fl.Required && t.Kind != KindArray && t.Kind != KindAny && t.Kind != KindMap
	if optionalPtr && t.Kind != KindObject {
		val = jen.Op("*").Add(field)
	}
	if t.Nullable {
		inner = append(inner, jen.If(jen.Add(field).Dot("Valid")).Block(g.checks(t, jen.Add(field).Dot("V"), "fp", 0)...))
	} else {
		inner = append(inner, g.checks(t, val, "fp", 0)...)
	}
	if !fl.Required && t.Kind != KindAny {
		return jen.If(jen.Add(field).Op("!=").Nil()).Block(inner...)
	}
	return jen.Block(inner...)
}

// checks returns the statements that check value v (a Go expression of
// t's non-pointer type) at the Path variable pv.
func (g *gen) checks(t *Type, v *jen.Statement, pv string, depth int) []jen.Code {
	var out []jen.Code
	add := func(kw, msg string, got ...jen.Code) jen.Code {
		if len(got) == 0 {
			return jen.Id("vs").Dot("AddMsg").Call(jen.Id(pv), jen.Lit(kw), jen.Lit(msg))
		}
		if t.Kind == KindNumber {
			return jen.Id("vs").Dot("AddGotFloat").Call(jen.Id(pv), jen.Lit(kw), jen.Lit(msg), got[0])
		}
		if t.Kind == KindInteger {
			return jen.Id("vs").Dot("AddGot").Call(jen.Id(pv), jen.Lit(kw), jen.Lit(msg), got[0])
		}
		// a length or count: an int
		return jen.Id("vs").Dot("AddGot").Call(jen.Id(pv), jen.Lit(kw), jen.Lit(msg), jen.Int64().Parens(got[0]))
	}
	if t.Never {
		return append(out, jen.Id("vs").Dot("AddMsg").Call(jen.Id(pv), jen.Lit("false"), jen.Lit("not allowed")))
	}
	if t.HasConst {
		out = append(out, g.constCheck(t, v, add))
	}
	switch t.Kind {
	case KindMap:
		out = append(out, propertyCount(t, jen.Len(v), add)...)
	case KindString:
		if t.MinLength > 0 {
			out = append(out, jen.If(jen.List(jen.Id("n"), jen.Id("under")).Op(":=").Qual(pkgRuntime, "RunesUnder").Call(v, jen.Lit(t.MinLength)), jen.Id("under")).Block(
				add("minLength", "length must be >= "+strconv.Itoa(t.MinLength), jen.Id("n")),
			))
		}
		if t.MaxLength >= 0 {
			out = append(out, jen.If(jen.List(jen.Id("n"), jen.Id("over")).Op(":=").Qual(pkgRuntime, "RunesOver").Call(v, jen.Lit(t.MaxLength)), jen.Id("over")).Block(
				add("maxLength", "length must be <= "+strconv.Itoa(t.MaxLength), jen.Id("n")),
			))
		}
		if t.HasPattern {
			pat := g.pattern(t.Pattern)
			out = append(out, jen.If(jen.Op("!").Id(pat).Dot("MatchString").Call(v)).Block(
				add("pattern", "does not match pattern "+strconv.Quote(t.Pattern)),
			))
		}
		if t.Format != "" {
			out = append(out, jen.If(jen.Op("!").Qual(pkgRuntime, "CheckFormat").Call(jen.Lit(t.Format), v)).Block(
				add("format", "is not a valid "+t.Format),
			))
		}
		if t.HasEnum {
			out = append(out, g.enumSwitch(t, v, add))
		}
	case KindInteger:
		out = append(out, intBounds(t, v, add)...)
		if t.HasEnum {
			out = append(out, g.enumSwitch(t, v, add))
		}
	case KindNumber:
		out = append(out, floatBounds(t, v, add)...)
		if t.HasEnum {
			out = append(out, g.enumSwitch(t, v, add))
		}
	case KindBoolean:
		if t.HasEnum {
			out = append(out, g.enumSwitch(t, v, add))
		}
	case KindObject:
		if g.structHasChecks(t.Object) {
			out = append(out, jen.Add(v).Dot("validate").Call(jen.Op("&").Id(pv), jen.Id("vs")))
		}
	case KindArray:
		if t.MinItems > 0 {
			out = append(out, jen.If(jen.Id("n").Op(":=").Len(v), jen.Id("n").Op("<").Lit(t.MinItems)).Block(
				add("minItems", "number of items must be >= "+strconv.Itoa(t.MinItems), jen.Id("n")),
			))
		}
		if t.MaxItems >= 0 {
			out = append(out, jen.If(jen.Id("n").Op(":=").Len(v), jen.Id("n").Op(">").Lit(t.MaxItems)).Block(
				add("maxItems", "number of items must be <= "+strconv.Itoa(t.MaxItems), jen.Id("n")),
			))
		}
		if t.UniqueItems {
			out = append(out, jen.If(jen.List(jen.Id("i"), jen.Id("j"), jen.Id("dup")).Op(":=").Qual(pkgRuntime, "Duplicate").Call(v), jen.Id("dup")).Block(
				jen.Id("vs").Dot("Add").Call(jen.Id(pv), jen.Lit("uniqueItems"), jen.Lit("items at index %d and %d are equal"), jen.Id("i"), jen.Id("j")),
			))
		}
		if t.Elem.Kind == KindArray || typeHasChecks(g, t.Elem) {
			i := "i" + strconv.Itoa(depth)
			ep := "e" + strconv.Itoa(depth)
			body := []jen.Code{jen.Id(ep).Op(":=").Id(pv).Dot("Index").Call(jen.Id(i))}
			if t.Elem.Kind == KindArray {
				// A nil element slice is encoded as null, which is not an array.
				body = append(body, jen.If(jen.Add(v).Index(jen.Id(i)).Op("==").Nil()).Block(
					jen.Id("vs").Dot("AddMsg").Call(jen.Id(ep), jen.Lit("type"), jen.Lit("expected array, but got null (a nil slice)")),
				))
			}
			body = append(body, g.checks(t.Elem, jen.Add(v).Index(jen.Id(i)), ep, depth+1)...)
			out = append(out, jen.For(jen.Id(i).Op(":=").Range().Add(v)).Block(body...))
		}
	}
	return out
}

func (g *gen) pattern(src string) string {
	if name, ok := g.patterns[src]; ok {
		return name
	}
	name := g.names.Unique(naming.Unexported(g.a.Root.Name) + "Pattern" + strconv.Itoa(len(g.patterns)+1))
	g.patterns[src] = name
	return name
}

// addFunc returns a statement recording a violation of kw with message
// msg, followed by ", but got" and got when given.
type addFunc func(kw, msg string, got ...jen.Code) jen.Code

func (g *gen) enumSwitch(t *Type, v *jen.Statement, add addFunc) jen.Code {
	return g.memberSwitch(t, t.Enum, v, add, "enum", "value must be one of "+enumText(t.Enum))
}

// constCheck is the "const" check: an enum of one member.
func (g *gen) constCheck(t *Type, v *jen.Statement, add addFunc) jen.Code {
	var members []any
	if t.Const != nil {
		members = []any{t.Const}
	}
	return g.memberSwitch(t, members, v, add, "const", "value must be "+describe(t.Const))
}

// memberSwitch records a violation of kw unless v equals one of members.
func (g *gen) memberSwitch(t *Type, members []any, v *jen.Statement, add addFunc, kw, msg string) jen.Code {
	if len(members) == 0 {
		return add(kw, msg)
	}
	var cases []jen.Code
	seen := map[string]bool{}
	for _, m := range members {
		var lit jen.Code
		var key string
		switch t.Kind {
		case KindString:
			s := m.(string)
			key, lit = s, jen.Lit(s)
		case KindBoolean:
			b := m.(bool)
			key, lit = strconv.FormatBool(b), jen.Lit(b)
		case KindInteger:
			r, _ := new(big.Rat).SetString(describe(m))
			key = r.Num().String()
			lit = jen.Op(key)
		case KindNumber:
			r, _ := new(big.Rat).SetString(describe(m))
			f, _ := r.Float64()
			if f == 0 {
				f = 0 // -0 and 0 are one case
			}
			key = strconv.FormatFloat(f, 'g', -1, 64)
			lit = jen.Op(key)
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		cases = append(cases, lit)
	}
	return jen.Switch(v).Block(
		jen.Case(cases...),
		jen.Default().Block(add(kw, msg)),
	)
}

// usesFormat reports whether t or anything below it checks a "format".
func usesFormat(t *Type, seen map[*Struct]bool) bool {
	switch t.Kind {
	case KindString:
		return t.Format != ""
	case KindArray:
		return usesFormat(t.Elem, seen)
	case KindObject:
		if seen[t.Object] {
			return false
		}
		seen[t.Object] = true
		for _, f := range t.Object.Fields {
			if usesFormat(f.Type, seen) {
				return true
			}
		}
	}
	return false
}

// entryPoint emits an exported method (Validate, UnmarshalJSON) that runs
// the unexported one with a fresh Path and Violations and returns the
// violations as an error; params are the exported method's parameters,
// passed on before the path.
func (g *gen) entryPoint(s *Struct, name string, params []jen.Code, inner string) {
	var body []jen.Code
	args := []jen.Code{}
	if len(params) > 0 {
		body = append(body, jen.If(jen.Err().Op(":=").Qual(pkgRuntime, "CheckSyntax").Call(jen.Id("data")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())))
		args = append(args, jen.Id("data"))
	}
	args = append(args, jen.Op("&").Id("root"), jen.Op("&").Id("vs"))
	body = append(body,
		jen.Var().Id("vs").Qual(pkgRuntime, "Violations"),
		jen.Var().Id("root").Qual(pkgRuntime, "Path"),
		jen.Id("r").Dot(inner).Call(args...),
		jen.Return(jen.Id("vs").Dot("Err").Call(jen.Lit(g.a.Name))),
	)
	g.f.Func().Params(jen.Id("r").Op("*").Id(s.Name)).Id(name).Params(params...).Error().Block(body...)
	g.f.Line()
}
