package xsd

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spgen/spgen/internal/diag"
)

// buildSimple fills t from its xsd:simpleType node n.
func (l *loader) buildSimple(n *node, t *SimpleType) error {
	t.node = n
	var body *node
	for _, c := range n.children {
		if c.isXSD("annotation") {
			continue
		}
		if body != nil {
			return c.errorf("xsd:simpleType has more than one of restriction, list and union")
		}
		body = c
	}
	if body == nil {
		return n.errorf("xsd:simpleType needs a restriction, list or union")
	}
	switch {
	case body.isXSD("restriction"):
		t.Variety = Atomic
		base, err := l.restrictionBase(body, t)
		if err != nil {
			return err
		}
		t.Base = base
		if base.Variety != Atomic {
			t.Variety = base.Variety
		}
		return l.facets(body, &t.Facets, base, false)
	case body.isXSD("union"):
		t.Variety = Union
		if q, ok := body.attrs["memberTypes"]; ok {
			for _, m := range strings.Fields(q) {
				qn, err := body.resolveQName("memberTypes", m)
				if err != nil {
					return err
				}
				mt, err := l.lookupSimple(body, "memberTypes", qn)
				if err != nil {
					return err
				}
				t.Members = append(t.Members, mt)
			}
		}
		for _, c := range body.children {
			switch {
			case c.isXSD("annotation"):
			case c.isXSD("simpleType"):
				mt := &SimpleType{Doc: c.documentation(), Pos: c.position(), File: l.fileOf(c)}
				if err := l.buildSimple(c, mt); err != nil {
					return err
				}
				t.Members = append(t.Members, mt)
			default:
				return c.errorf("unexpected xsd:%s in xsd:union", c.name.Local)
			}
		}
		if len(t.Members) == 0 {
			return body.errorf("xsd:union without member types")
		}
		return nil
	case body.isXSD("list"):
		return body.errorf("xsd:list is not supported")
	}
	return body.errorf("unexpected xsd:%s in xsd:simpleType", body.name.Local)
}

// restrictionBase resolves the base of an xsd:restriction: the base
// attribute or an inline xsd:simpleType child (which it removes from the
// facet list by returning it built).
func (l *loader) restrictionBase(r *node, owner *SimpleType) (*SimpleType, error) {
	q, hasBase, err := r.qname("base")
	if err != nil {
		return nil, err
	}
	var inline *node
	for _, c := range r.children {
		if c.isXSD("simpleType") {
			inline = c
		}
	}
	switch {
	case hasBase && inline != nil:
		return nil, inline.errorf("xsd:restriction has both a base attribute and an inline xsd:simpleType")
	case hasBase:
		return l.lookupSimple(r, "base", q)
	case inline != nil:
		bt := &SimpleType{Doc: inline.documentation(), Pos: inline.position(), File: l.fileOf(inline)}
		if err := l.buildSimple(inline, bt); err != nil {
			return nil, err
		}
		return bt, nil
	}
	return nil, r.errorf("xsd:restriction without base")
}

// facets reads the facet children of restriction r into f. A simpleContent
// restriction (inContent) also holds attributes, handled by the caller.
func (l *loader) facets(r *node, f *Facets, base *SimpleType, inContent bool) error {
	for _, c := range r.children {
		if c.name.Space != NS {
			return c.errorf("unexpected element {%s}%s in xsd:restriction", c.name.Space, c.name.Local)
		}
		switch c.name.Local {
		case "annotation", "simpleType":
			continue
		case "attribute", "attributeGroup", "anyAttribute":
			if inContent {
				continue
			}
			return c.errorf("xsd:%s in the xsd:restriction of a simple type", c.name.Local)
		}
		v, ok := c.attr("value")
		if !ok {
			return c.errorf("xsd:%s without value", c.name.Local)
		}
		intVal := func(positive bool) (*int, error) {
			i, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || i < 0 || (positive && i == 0) {
				kind := "non-negative"
				if positive {
					kind = "positive"
				}
				return nil, c.errorf("xsd:%s value %q is not a %s integer", c.name.Local, v, kind)
			}
			return &i, nil
		}
		var err error
		switch c.name.Local {
		case "enumeration":
			f.Enumeration = append(f.Enumeration, Enum{Value: v, Doc: c.documentation(), Pos: c.position()})
		case "pattern":
			goRE, perr := TranslatePattern(v)
			if perr != nil {
				e := c.errorf("xsd:pattern %q", v)
				e.Err = perr
				return e
			}
			f.Pattern = append(f.Pattern, Pattern{XSD: v, Go: goRE, Pos: c.position()})
		case "length":
			f.Length, err = intVal(false)
		case "minLength":
			f.MinLength, err = intVal(false)
		case "maxLength":
			f.MaxLength, err = intVal(false)
		case "totalDigits":
			f.TotalDigits, err = intVal(true)
		case "fractionDigits":
			f.FractionDigits, err = intVal(false)
		case "minInclusive", "maxInclusive", "minExclusive", "maxExclusive":
			s := strings.TrimSpace(v)
			if prim := primitiveOf(base); prim != "" && isNumericPrimitive(prim) && !isDecimalLexical(s) {
				return c.errorf("xsd:%s value %q is not a number", c.name.Local, v)
			}
			switch c.name.Local {
			case "minInclusive":
				f.MinInclusive = &s
			case "maxInclusive":
				f.MaxInclusive = &s
			case "minExclusive":
				f.MinExclusive = &s
			case "maxExclusive":
				f.MaxExclusive = &s
			}
		case "whiteSpace":
			switch s := strings.TrimSpace(v); s {
			case "preserve", "replace", "collapse":
				f.WhiteSpace = s
			default:
				return c.errorf("xsd:whiteSpace value %q is not preserve, replace or collapse", v)
			}
		default:
			return c.errorf("unknown facet xsd:%s", c.name.Local)
		}
		if err != nil {
			return err
		}
	}
	if f.MinLength != nil && f.MaxLength != nil && *f.MinLength > *f.MaxLength {
		return r.errorf("minLength %d is greater than maxLength %d", *f.MinLength, *f.MaxLength)
	}
	if f.TotalDigits != nil && f.FractionDigits != nil && *f.FractionDigits > *f.TotalDigits {
		return r.errorf("fractionDigits %d is greater than totalDigits %d", *f.FractionDigits, *f.TotalDigits)
	}
	return nil
}

func primitiveOf(t *SimpleType) string {
	if b := t.Primitive(); b != nil {
		return b.Primitive
	}
	return ""
}

func isNumericPrimitive(p string) bool { return p == "decimal" || p == "float" || p == "double" }

// isDecimalLexical reports whether s is a decimal number (optional sign,
// digits with an optional fraction), the form numeric facet values take.
// float/double special values are accepted too.
func isDecimalLexical(s string) bool {
	switch s {
	case "INF", "-INF", "NaN":
		return true
	}
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if m, e, ok := strings.Cut(s, "E"); ok {
		s = m
		if _, err := strconv.Atoi(e); err != nil {
			return false
		}
	} else if m, e, ok := strings.Cut(s, "e"); ok {
		s = m
		if _, err := strconv.Atoi(e); err != nil {
			return false
		}
	}
	digits := 0
	dot := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return digits > 0
}

// checkSimpleCycle rejects a simple type that derives from itself, through
// restriction bases, union members or list items.
func checkSimpleCycle(t *SimpleType) error {
	state := map[*SimpleType]int{} // 1 = on the path, 2 = done
	var visit func(s *SimpleType) bool
	visit = func(s *SimpleType) bool {
		switch state[s] {
		case 1:
			return false
		case 2:
			return true
		}
		state[s] = 1
		next := append([]*SimpleType{s.Base, s.Item}, s.Members...)
		for _, n := range next {
			if n != nil && !visit(n) {
				return false
			}
		}
		state[s] = 2
		return true
	}
	if !visit(t) {
		return &diag.Error{File: t.Pos.File, Line: t.Pos.Line, Column: t.Pos.Column, Path: t.Pos.Path,
			Msg: fmt.Sprintf("simple type %s derives from itself", t.Name.Local)}
	}
	return nil
}
