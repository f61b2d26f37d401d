package mwsxmlgen

import (
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/spgen/spgen/internal/xsd"
)

// valueCheck returns the expression checking a simple value, or nil if
// the value's type cannot be invalid.
// val is the field (or slice element) expression; deref says it is a
// pointer (generated types' check methods are called through it).
func (e *emitter) valueCheck(fd *field, val *jen.Statement, deref bool) jen.Code {
	if fd.ref.gt != nil {
		return val.Clone().Dot("XSDCheck").Call()
	}
	if fd.ref.bt != nil && builtinHasChecks(fd.ref.bt.Builtin.Name) {
		e.builtins[fd.ref.bt.Builtin.Name] = true
		if deref {
			return jen.Id(builtinCheckName(fd.ref.bt.Builtin.Name)).Call(jen.Op("*").Add(val))
		}
		return jen.Id(builtinCheckName(fd.ref.bt.Builtin.Name)).Call(val)
	}
	return nil
}

func (e *emitter) validateBody(g *jen.Group, gt *goType) {
	x := func(fd *field) *jen.Statement { return jen.Id("x").Dot(fd.name) }
	if m := gt.msgID; m != nil {
		if m.card == cardPtr {
			g.If(x(m).Op("!=").Nil()).Block(jen.Defer().Id("v").Dot("RestoreMessageID").Call(jen.Id("v").Dot("SetMessageID").Call(jen.Op("*").Add(x(m)))))
		} else {
			g.Defer().Id("v").Dot("RestoreMessageID").Call(jen.Id("v").Dot("SetMessageID").Call(x(m)))
		}
	}
	for _, fd := range gt.fields {
		switch fd.kind {
		case fAttr:
			name := "@" + fd.xml.Local
			if fd.card == cardPtr {
				if c := e.valueCheck(fd, x(fd), true); c != nil {
					g.If(x(fd).Op("!=").Nil()).Block(jen.Id("v").Dot("Check").Call(jen.Lit(name), c))
				}
			} else if c := e.valueCheck(fd, x(fd), false); c != nil {
				g.Id("v").Dot("Check").Call(jen.Lit(name), c)
			}
		case fValue:
			if c := e.valueCheck(fd, x(fd), false); c != nil {
				g.Id("v").Dot("Check").Call(jen.Lit(""), c)
			}
		}
	}
	if gt.model != nil {
		e.modelChecks(g, gt.model, nil)
	}
	for _, fd := range gt.fields {
		if fd.kind != fElem || fd.ref.any {
			continue
		}
		name := jen.Lit(fd.xml.Local)
		if fd.ref.isStruct() {
			switch fd.card {
			case cardMany:
				g.Add(rt("ValidateMany")).Call(jen.Id("v"), name, x(fd))
			default:
				g.Add(rt("ValidateOpt")).Call(jen.Id("v"), name, x(fd))
			}
			continue
		}
		if fd.ref.gt != nil {
			switch fd.card {
			case cardOne:
				g.Id("v").Dot("Check").Call(name, x(fd).Dot("XSDCheck").Call())
			case cardPtr:
				g.Add(rt("CheckOpt")).Call(jen.Id("v"), name, x(fd))
			case cardMany:
				g.Add(rt("CheckMany")).Call(jen.Id("v"), name, x(fd))
			}
			continue
		}
		if fd.ref.bt == nil || !builtinHasChecks(fd.ref.bt.Builtin.Name) {
			continue
		}
		fn := builtinCheckName(fd.ref.bt.Builtin.Name)
		e.builtins[fd.ref.bt.Builtin.Name] = true
		switch fd.card {
		case cardOne:
			g.Id("v").Dot("Check").Call(name, jen.Id(fn).Call(x(fd)))
		case cardPtr:
			g.Add(rt("CheckOptFn")).Call(jen.Id("v"), name, x(fd), jen.Id(fn))
		case cardMany:
			g.Add(rt("CheckManyFn")).Call(jen.Id("v"), name, x(fd), jen.Id(fn))
		}
	}
}

// present returns the expression "some field of n is set", or nil when n
// is always present (it holds a required value field).
func present(n *modelNode) jen.Code {
	if n.field != nil {
		x := jen.Id("x").Dot(n.field.name)
		switch n.field.card {
		case cardOne:
			return nil
		case cardPtr:
			return x.Op("!=").Nil()
		default:
			return jen.Len(x).Op(">").Lit(0)
		}
	}
	var conds []jen.Code
	for _, c := range n.children {
		p := present(c)
		if p == nil {
			return nil
		}
		conds = append(conds, p)
	}
	if len(conds) == 0 {
		return jen.False()
	}
	return jen.Parens(orChain(conds))
}

func and(a, b jen.Code) jen.Code {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return jen.Add(a).Op("&&").Add(b)
}

// particleName names a particle in violation messages.
func particleName(n *modelNode) string {
	if n.field != nil {
		if n.field.kind == fAny {
			return "any element"
		}
		return n.field.xml.Local
	}
	names := make([]string, len(n.children))
	for i, c := range n.children {
		names[i] = particleName(c)
	}
	sep := ", "
	if n.kind == xsd.Choice {
		sep = " | "
	}
	return "(" + strings.Join(names, sep) + ")"
}

// modelChecks emits occurrence and choice checks for n; active is the
// condition under which n's enclosing group is present (nil: always).
func (e *emitter) modelChecks(g *jen.Group, n *modelNode, active jen.Code) {
	guard := func(c jen.Code) {
		if active == nil {
			g.Add(c)
		} else {
			g.If(active).Block(c)
		}
	}
	if n.field != nil {
		fd := n.field
		var cnt jen.Code
		switch fd.card {
		case cardOne:
			return
		case cardPtr:
			if n.min == 0 {
				return
			}
			cnt = rt("Count").Call(jen.Id("x").Dot(fd.name).Op("!=").Nil())
		case cardMany:
			if n.min == 0 && n.max == xsd.Unbounded {
				return
			}
			cnt = jen.Len(jen.Id("x").Dot(fd.name))
		}
		name := particleName(n)
		guard(jen.Id("v").Dot("Occurs").Call(jen.Lit(name), cnt, jen.Lit(n.min), jen.Lit(n.max)))
		return
	}
	switch n.kind {
	case xsd.Choice:
		var alts []jen.Code
		var names []string
		for _, c := range n.children {
			p := present(c)
			if p == nil {
				p = jen.True()
			}
			alts = append(alts, p)
			names = append(names, particleName(c))
		}
		if len(alts) > 1 || n.min > 0 {
			guard(jen.Id("v").Dot("Choice").Call(rt("Count").Call(alts...), jen.Lit(n.min), jen.Lit(1), jen.Lit(strings.Join(names, ", "))))
		}
		for _, c := range n.children {
			if c.field != nil && c.field.card == cardPtr && c.min <= 1 {
				continue // chosen means present
			}
			e.modelChecks(g, c, and(active, present(c)))
		}
	default:
		inner := active
		if n.min == 0 {
			inner = and(active, present(n))
		}
		for _, c := range n.children {
			e.modelChecks(g, c, inner)
		}
	}
}
