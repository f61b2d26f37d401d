package xsd

import (
	"strings"
)

// ncname returns the required NCName attribute attr of n.
func (n *node) ncname(attr string) (string, error) {
	v, ok := n.attr(attr)
	v = strings.TrimSpace(v)
	if !ok || v == "" {
		return "", n.errorf("xsd:%s without %s", n.name.Local, attr)
	}
	if strings.ContainsAny(v, ": \t\r\n") {
		return "", n.errorf("%s %q is not an NCName", attr, v)
	}
	return v, nil
}

// targetNS is the target namespace of the document holding n.
func (n *node) targetNS() string {
	v, _ := n.doc.root.attr("targetNamespace")
	return v
}

// qualified reports whether a local element (or attribute) declared at n is
// namespace-qualified, honouring form and elementFormDefault.
func (n *node) qualified(defaultAttr string) bool {
	if v, ok := n.attr("form"); ok {
		return strings.TrimSpace(v) == "qualified"
	}
	v, _ := n.doc.root.attr(defaultAttr)
	return strings.TrimSpace(v) == "qualified"
}

// lookupType resolves a type reference made at n.
func (l *loader) lookupType(n *node, attr string, q QName) (Type, error) {
	if t := l.s.Type(q); t != nil {
		return t, nil
	}
	if q.Space == NS && q.Local == "anyType" {
		return AnyType, nil
	}
	return nil, n.errorf("%s: unknown type %s", attr, q)
}

func (l *loader) lookupSimple(n *node, attr string, q QName) (*SimpleType, error) {
	t, err := l.lookupType(n, attr, q)
	if err != nil {
		return nil, err
	}
	st, ok := t.(*SimpleType)
	if !ok {
		return nil, n.errorf("%s: %s is a complex type, a simple type is required here", attr, q)
	}
	return st, nil
}
