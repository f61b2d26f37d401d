package xsd

import (
	"strings"
)

// asGroup wraps a non-group particle into a one-particle sequence.
func asGroup(p Particle) *Group {
	if g, ok := p.(*Group); ok {
		return g
	}
	return &Group{Kind: Sequence, Min: 1, Max: 1, Particles: []Particle{p}, Pos: p.Position()}
}

// attributes reads an xsd:attribute, xsd:attributeGroup ref or
// xsd:anyAttribute node into ct.
func (l *loader) attributes(c *node, ct *ComplexType) error {
	switch c.name.Local {
	case "anyAttribute":
		ct.AnyAttribute = true
		return nil
	case "attributeGroup":
		q, ok, err := c.qname("ref")
		if err != nil {
			return err
		}
		if !ok {
			return c.errorf("xsd:attributeGroup inside a type needs ref")
		}
		def, found := l.attrGrps[q]
		if !found {
			return c.errorf("ref: unknown attributeGroup %s", q)
		}
		if l.building[def] {
			return c.errorf("attributeGroup %s refers to itself", q)
		}
		l.building[def] = true
		defer delete(l.building, def)
		for _, d := range def.children {
			switch {
			case d.isXSD("annotation"):
			case d.isXSD("attribute"), d.isXSD("attributeGroup"), d.isXSD("anyAttribute"):
				if err := l.attributes(d, ct); err != nil {
					return err
				}
			default:
				return d.errorf("unexpected xsd:%s in xsd:attributeGroup", d.name.Local)
			}
		}
		return nil
	}
	a, err := l.attribute(c)
	if err != nil || a == nil {
		return err
	}
	ct.Attributes = append(ct.Attributes, a)
	return nil
}

// attribute builds an attribute use; prohibited attributes return nil.
func (l *loader) attribute(c *node) (*Attribute, error) {
	a := &Attribute{Doc: c.documentation(), Pos: c.position()}
	decl := c
	if q, ok, err := c.qname("ref"); err != nil {
		return nil, err
	} else if ok {
		d, found := l.attrDecls[q]
		if !found {
			if q.Space == "http://www.w3.org/XML/1998/namespace" {
				a.Name = q
				a.Type = builtin("string")
				a.Required = strings.TrimSpace(c.attrs["use"]) == "required"
				return a, nil
			}
			return nil, c.errorf("ref: unknown attribute %s", q)
		}
		decl = d
		a.Name = q
	} else {
		name, err := c.ncname("name")
		if err != nil {
			return nil, err
		}
		a.Name = QName{Local: name}
		if c.parent != nil && c.parent.isXSD("schema") || c.qualified("attributeFormDefault") {
			a.Name.Space = c.targetNS()
		}
	}
	switch use := strings.TrimSpace(c.attrs["use"]); use {
	case "", "optional":
	case "required":
		a.Required = true
	case "prohibited":
		return nil, nil
	default:
		return nil, c.errorf("attribute use %q is not optional, required or prohibited", use)
	}
	q, hasType, err := decl.qname("type")
	if err != nil {
		return nil, err
	}
	var inline *node
	for _, d := range decl.children {
		switch {
		case d.isXSD("annotation"):
		case d.isXSD("simpleType"):
			inline = d
		default:
			return nil, d.errorf("unexpected xsd:%s in xsd:attribute", d.name.Local)
		}
	}
	switch {
	case hasType && inline != nil:
		return nil, decl.errorf("attribute %q has both a type attribute and an inline type", a.Name.Local)
	case hasType:
		if a.Type, err = l.lookupSimple(decl, "type", q); err != nil {
			return nil, err
		}
	case inline != nil:
		st := &SimpleType{Doc: inline.documentation(), Pos: inline.position(), File: l.fileOf(inline)}
		if err := l.buildSimple(inline, st); err != nil {
			return nil, err
		}
		a.Type = st
	default:
		a.Type = builtin("anySimpleType")
	}
	for _, src := range []*node{decl, c} {
		if v, ok := src.attr("default"); ok {
			a.Default = &v
		}
		if v, ok := src.attr("fixed"); ok {
			a.Fixed = &v
		}
	}
	return a, nil
}
