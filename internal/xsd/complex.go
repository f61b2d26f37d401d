package xsd

import (
	"fmt"
	"strings"

	"github.com/spgen/spgen/internal/diag"
)

// buildElementType resolves the type of element e (global or local).
func (l *loader) buildElementType(e *Element) error {
	n := e.node
	if n == nil || e.Type != nil {
		return nil
	}
	var inline *node
	for _, c := range n.children {
		switch {
		case c.isXSD("annotation"), c.isXSD("unique"), c.isXSD("key"), c.isXSD("keyref"):
		case c.isXSD("simpleType"), c.isXSD("complexType"):
			if inline != nil {
				return c.errorf("element %q has more than one inline type", e.Name.Local)
			}
			inline = c
		default:
			return c.errorf("unexpected xsd:%s in xsd:element", c.name.Local)
		}
	}
	q, hasType, err := n.qname("type")
	if err != nil {
		return err
	}
	if _, ok := n.attr("substitutionGroup"); ok {
		return n.errorf("substitutionGroup is not supported")
	}
	switch {
	case hasType && inline != nil:
		return n.errorf("element %q has both a type attribute and an inline type", e.Name.Local)
	case hasType:
		t, err := l.lookupType(n, "type", q)
		if err != nil {
			return err
		}
		// Named complex types are built by Load's loop over all types;
		// building them here would mistake recursive content for a
		// derivation cycle.
		e.Type = t
		e.typeRef = q
	case inline != nil && inline.isXSD("simpleType"):
		st := &SimpleType{Doc: inline.documentation(), Pos: inline.position(), File: e.File}
		if err := l.buildSimple(inline, st); err != nil {
			return err
		}
		e.Type = st
	case inline != nil:
		ct := &ComplexType{Doc: inline.documentation(), Pos: inline.position(), File: e.File, node: inline}
		e.Type = ct
		if err := l.buildComplex(ct); err != nil {
			return err
		}
	default:
		e.Type = AnyType
	}
	if v, ok := n.attr("default"); ok {
		e.Default = &v
	}
	if v, ok := n.attr("fixed"); ok {
		e.Fixed = &v
	}
	if e.Default != nil && e.Fixed != nil {
		return n.errorf("element %q has both default and fixed", e.Name.Local)
	}
	e.Nillable = strings.TrimSpace(n.attrs["nillable"]) == "true"
	e.Abstract = strings.TrimSpace(n.attrs["abstract"]) == "true"
	return nil
}

// buildComplex fills ct from its node, building its base first.
func (l *loader) buildComplex(ct *ComplexType) error {
	switch ct.state {
	case 2:
		return nil
	case 1:
		return ct.node.errorf("complex type derives from itself")
	}
	ct.state = 1
	n := ct.node
	ct.Mixed = strings.TrimSpace(n.attrs["mixed"]) == "true"
	ct.Abstract = strings.TrimSpace(n.attrs["abstract"]) == "true"
	var particle *node
	for _, c := range n.children {
		if c.name.Space != NS {
			return c.errorf("unexpected element {%s}%s in xsd:complexType", c.name.Space, c.name.Local)
		}
		switch c.name.Local {
		case "annotation":
		case "sequence", "choice", "all", "group":
			if particle != nil {
				return c.errorf("xsd:complexType has more than one model group")
			}
			particle = c
		case "attribute", "attributeGroup", "anyAttribute":
			if err := l.attributes(c, ct); err != nil {
				return err
			}
		case "simpleContent":
			if err := l.simpleContent(c, ct); err != nil {
				return err
			}
		case "complexContent":
			if err := l.complexContent(c, ct); err != nil {
				return err
			}
		default:
			return c.errorf("unexpected xsd:%s in xsd:complexType", c.name.Local)
		}
	}
	if particle != nil {
		if ct.Simple != nil || ct.Base != nil {
			return particle.errorf("model group next to simpleContent/complexContent")
		}
		p, err := l.particle(particle)
		if err != nil {
			return err
		}
		ct.Content = asGroup(p)
	}
	if err := checkDuplicateAttrs(ct); err != nil {
		return err
	}
	ct.state = 2
	return nil
}

func checkDuplicateAttrs(ct *ComplexType) error {
	seen := map[QName]bool{}
	for _, a := range ct.Attributes {
		if seen[a.Name] {
			return &diag.Error{File: a.Pos.File, Line: a.Pos.Line, Column: a.Pos.Column, Path: a.Pos.Path,
				Msg: fmt.Sprintf("attribute %q is declared twice", a.Name.Local)}
		}
		seen[a.Name] = true
	}
	return nil
}

// derivation finds the xsd:extension or xsd:restriction inside content (an
// xsd:simpleContent or xsd:complexContent) and resolves its base type.
func (l *loader) derivation(content *node) (der *node, base QName, bt Type, err error) {
	kind := content.name.Local
	for _, c := range content.children {
		switch {
		case c.isXSD("annotation"):
		case c.isXSD("extension"), c.isXSD("restriction"):
			der = c
		default:
			return nil, base, nil, c.errorf("unexpected xsd:%s in xsd:%s", c.name.Local, kind)
		}
	}
	if der == nil {
		return nil, base, nil, content.errorf("xsd:%s needs an extension or restriction", kind)
	}
	q, ok, err := der.qname("base")
	if err != nil {
		return nil, base, nil, err
	}
	if !ok {
		return nil, base, nil, der.errorf("xsd:%s without base", der.name.Local)
	}
	bt, err = l.lookupType(der, "base", q)
	if err != nil {
		return nil, base, nil, err
	}
	return der, q, bt, nil
}

// simpleContent reads xsd:simpleContent into ct.
func (l *loader) simpleContent(sc *node, ct *ComplexType) error {
	der, q, bt, err := l.derivation(sc)
	if err != nil {
		return err
	}
	var value *SimpleType
	switch b := bt.(type) {
	case *SimpleType:
		if der.isXSD("restriction") {
			return der.errorf("simpleContent restriction of simple type %s (use extension)", q)
		}
		value = b
	case *ComplexType:
		if err := l.buildComplex(b); err != nil {
			return err
		}
		if b.Simple == nil {
			return der.errorf("simpleContent base %s does not have simple content", q)
		}
		ct.Base = b
		value = b.Simple
		ct.Attributes = append(ct.Attributes, b.Attributes...)
		ct.AnyAttribute = b.AnyAttribute
	}
	if der.isXSD("restriction") {
		rt := &SimpleType{Pos: der.position(), File: l.fileOf(der), Base: value}
		if err := l.facets(der, &rt.Facets, value, true); err != nil {
			return err
		}
		value = rt
		// Attributes redeclared in a restriction replace the base's.
		var own []*Attribute
		tmp := &ComplexType{}
		for _, c := range der.children {
			if c.isXSD("attribute") || c.isXSD("attributeGroup") || c.isXSD("anyAttribute") {
				if err := l.attributes(c, tmp); err != nil {
					return err
				}
			}
		}
		own = tmp.Attributes
		ct.Attributes = mergeAttrs(ct.Attributes, own)
	} else {
		for _, c := range der.children {
			switch {
			case c.isXSD("annotation"):
			case c.isXSD("attribute"), c.isXSD("attributeGroup"), c.isXSD("anyAttribute"):
				if err := l.attributes(c, ct); err != nil {
					return err
				}
			default:
				return c.errorf("unexpected xsd:%s in simpleContent xsd:extension", c.name.Local)
			}
		}
	}
	ct.Simple = value
	return nil
}

func mergeAttrs(base, own []*Attribute) []*Attribute {
	out := append([]*Attribute(nil), base...)
	for _, a := range own {
		replaced := false
		for i, b := range out {
			if b.Name == a.Name {
				out[i] = a
				replaced = true
			}
		}
		if !replaced {
			out = append(out, a)
		}
	}
	return out
}

// complexContent reads xsd:complexContent into ct.
func (l *loader) complexContent(cc *node, ct *ComplexType) error {
	if strings.TrimSpace(cc.attrs["mixed"]) == "true" {
		ct.Mixed = true
	}
	der, q, bt, err := l.derivation(cc)
	if err != nil {
		return err
	}
	base, isComplex := bt.(*ComplexType)
	if !isComplex {
		return der.errorf("complexContent base %s is a simple type", q)
	}
	if err := l.buildComplex(base); err != nil {
		return err
	}
	if base.Simple != nil {
		return der.errorf("complexContent base %s has simple content", q)
	}
	ct.Base = base
	var own *Group
	tmp := &ComplexType{}
	for _, c := range der.children {
		switch {
		case c.isXSD("annotation"):
		case c.isXSD("sequence"), c.isXSD("choice"), c.isXSD("all"), c.isXSD("group"):
			if own != nil {
				return c.errorf("more than one model group in xsd:%s", der.name.Local)
			}
			p, err := l.particle(c)
			if err != nil {
				return err
			}
			own = asGroup(p)
		case c.isXSD("attribute"), c.isXSD("attributeGroup"), c.isXSD("anyAttribute"):
			if err := l.attributes(c, tmp); err != nil {
				return err
			}
		default:
			return c.errorf("unexpected xsd:%s in complexContent xsd:%s", c.name.Local, der.name.Local)
		}
	}
	if der.isXSD("restriction") {
		ct.Content = own
		ct.Attributes = mergeAttrs(base.Attributes, tmp.Attributes)
		ct.AnyAttribute = tmp.AnyAttribute
		return nil
	}
	ct.Attributes = append(append([]*Attribute(nil), base.Attributes...), tmp.Attributes...)
	ct.AnyAttribute = base.AnyAttribute || tmp.AnyAttribute
	switch {
	case base.Content == nil:
		ct.Content = own
	case own == nil:
		ct.Content = base.Content
	default:
		ct.Content = &Group{Kind: Sequence, Min: 1, Max: 1, Particles: []Particle{base.Content, own}, Pos: der.position()}
	}
	return nil
}
