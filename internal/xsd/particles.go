package xsd

import (
	"strings"
)

// particle builds an element, model group, group reference or wildcard.
func (l *loader) particle(n *node) (Particle, error) {
	min, max, err := n.occurs()
	if err != nil {
		return nil, err
	}
	switch {
	case n.isXSD("element"):
		return l.localElement(n, min, max)
	case n.isXSD("any"):
		a := &Any{Min: min, Max: max, Namespace: "##any", ProcessContents: "strict", Pos: n.position()}
		if v, ok := n.attr("namespace"); ok {
			a.Namespace = strings.TrimSpace(v)
		}
		if v, ok := n.attr("processContents"); ok {
			switch v = strings.TrimSpace(v); v {
			case "strict", "lax", "skip":
				a.ProcessContents = v
			default:
				return nil, n.errorf("processContents %q is not strict, lax or skip", v)
			}
		}
		return a, nil
	case n.isXSD("group"):
		q, ok, err := n.qname("ref")
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, n.errorf("xsd:group inside a type needs ref")
		}
		def, found := l.groups[q]
		if !found {
			return nil, n.errorf("ref: unknown group %s", q)
		}
		if l.building[def] {
			return nil, n.errorf("group %s refers to itself", q)
		}
		l.building[def] = true
		defer delete(l.building, def)
		var body *node
		for _, c := range def.children {
			if c.isXSD("sequence") || c.isXSD("choice") || c.isXSD("all") {
				body = c
			}
		}
		if body == nil {
			return nil, def.errorf("xsd:group without sequence, choice or all")
		}
		p, err := l.particle(body)
		if err != nil {
			return nil, err
		}
		g := *asGroup(p)
		g.Min, g.Max = min, max
		g.Pos = n.position()
		return &g, nil
	case n.isXSD("sequence"), n.isXSD("choice"), n.isXSD("all"):
		g := &Group{Min: min, Max: max, Pos: n.position()}
		switch n.name.Local {
		case "choice":
			g.Kind = Choice
		case "all":
			g.Kind = All
		}
		for _, c := range n.children {
			if c.isXSD("annotation") {
				continue
			}
			if g.Kind == All && !c.isXSD("element") {
				return nil, c.errorf("xsd:all may only contain elements, not xsd:%s", c.name.Local)
			}
			if c.name.Space != NS || !(c.isXSD("element") || c.isXSD("any") || c.isXSD("group") || c.isXSD("sequence") || c.isXSD("choice")) {
				return nil, c.errorf("unexpected %s in xsd:%s", c.name.Local, n.name.Local)
			}
			p, err := l.particle(c)
			if err != nil {
				return nil, err
			}
			g.Particles = append(g.Particles, p)
		}
		return g, nil
	}
	return nil, n.errorf("unexpected xsd:%s in a content model", n.name.Local)
}

// localElement builds an element particle: a reference to a global element
// or a local declaration.
func (l *loader) localElement(n *node, min, max int) (*ElementUse, error) {
	u := &ElementUse{Min: min, Max: max, Pos: n.position()}
	if q, ok, err := n.qname("ref"); err != nil {
		return nil, err
	} else if ok {
		if _, named := n.attr("name"); named {
			return nil, n.errorf("element has both name and ref")
		}
		e := l.s.elements[q]
		if e == nil {
			return nil, n.errorf("ref: unknown element %s", q)
		}
		if err := l.buildElementType(e); err != nil {
			return nil, err
		}
		u.Element = e
		u.Ref = true
		return u, nil
	}
	name, err := n.ncname("name")
	if err != nil {
		return nil, err
	}
	e := &Element{Name: QName{Local: name}, Doc: n.documentation(), Pos: n.position(), File: l.fileOf(n), node: n}
	if n.qualified("elementFormDefault") {
		e.Name.Space = n.targetNS()
	}
	if err := l.buildElementType(e); err != nil {
		return nil, err
	}
	u.Element = e
	return u, nil
}
