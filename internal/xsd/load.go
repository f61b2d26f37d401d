package xsd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spgen/spgen/internal/diag"
)

// AnyType is xsd:anyType: any attributes and any (mixed) content. Elements
// declared without a type have it.
var AnyType = &ComplexType{
	Name:         QName{Space: NS, Local: "anyType"},
	Mixed:        true,
	Content:      &Group{Kind: Sequence, Min: 1, Max: 1, Particles: []Particle{&Any{Min: 0, Max: Unbounded, Namespace: "##any", ProcessContents: "lax"}}},
	AnyAttribute: true,
	state:        2,
}

// Load reads the schema document at root (a file path) and everything it
// includes or imports. Included and imported locations are resolved
// relative to the including file and must stay inside root's directory.
func Load(root string) (*Schema, error) {
	dir, name := filepath.Split(root)
	if dir == "" {
		dir = "."
	}
	return load(os.DirFS(dir), name, func(p string) string { return filepath.Join(dir, filepath.FromSlash(p)) })
}

// LoadFS is Load for a schema stored in fsys; root is a slash-separated
// path inside fsys. Diagnostics name files by their path in fsys.
func LoadFS(fsys fs.FS, root string) (*Schema, error) {
	return load(fsys, root, func(p string) string { return p })
}

type loader struct {
	fsys    fs.FS
	display func(string) string
	s       *Schema
	files   map[string]*File // by fs path
	// global components by QName, with their declaring nodes
	groups    map[QName]*node
	attrGrps  map[QName]*node
	attrDecls map[QName]*node
	elemNodes map[*Element]*node
	typeNodes []Type
	building  map[*node]bool
}

func load(fsys fs.FS, root string, display func(string) string) (*Schema, error) {
	l := &loader{
		fsys:      fsys,
		display:   display,
		s:         &Schema{elements: map[QName]*Element{}, types: map[QName]Type{}},
		files:     map[string]*File{},
		groups:    map[QName]*node{},
		attrGrps:  map[QName]*node{},
		attrDecls: map[QName]*node{},
		elemNodes: map[*Element]*node{},
		building:  map[*node]bool{},
	}
	root = path.Clean(root)
	if !fs.ValidPath(root) {
		return nil, &diag.Error{File: display(root), Msg: "not a valid schema path"}
	}
	if _, err := l.loadFile(root, nil, "", false); err != nil {
		return nil, err
	}
	// Build every global component. Types first so that element types
	// resolve to built structures; complex types build their bases on demand.
	for _, t := range l.s.Types {
		switch t := t.(type) {
		case *SimpleType:
			if err := l.buildSimple(t.node, t); err != nil {
				return nil, err
			}
		}
	}
	for _, t := range l.s.Types {
		if ct, ok := t.(*ComplexType); ok {
			if err := l.buildComplex(ct); err != nil {
				return nil, err
			}
		}
	}
	for _, e := range l.s.Elements {
		if err := l.buildElementType(e); err != nil {
			return nil, err
		}
	}
	// Check simple type derivations for cycles and variety consistency.
	for _, t := range l.s.Types {
		if st, ok := t.(*SimpleType); ok {
			if err := checkSimpleCycle(st); err != nil {
				return nil, err
			}
		}
	}
	return l.s, nil
}

// loadFile reads and registers one schema document (once per path). from is
// the include/import node that led here (nil for the root); wantNS is the
// namespace an import promised.
func (l *loader) loadFile(p string, from *node, wantNS string, isImport bool) (*File, error) {
	if f, ok := l.files[p]; ok {
		if err := l.checkNamespace(f, from, wantNS, isImport); err != nil {
			return nil, err
		}
		return f, nil
	}
	data, err := fs.ReadFile(l.fsys, p)
	if err != nil {
		if from != nil {
			loc, _ := from.attr("schemaLocation")
			e := from.errorf("cannot read %s %q", from.name.Local, loc)
			e.Err = unwrapPathError(err)
			return nil, e
		}
		return nil, &diag.Error{File: l.display(p), Msg: "cannot read schema", Err: unwrapPathError(err)}
	}
	doc, err := parseDocument(l.display(p), data)
	if err != nil {
		return nil, err
	}
	root := doc.root
	if !root.isXSD("schema") {
		return nil, root.errorf("root element is {%s}%s, want xsd:schema", root.name.Space, root.name.Local)
	}
	f := &File{Path: l.display(p), Name: path.Base(p)}
	f.TargetNamespace, _ = root.attr("targetNamespace")
	l.files[p] = f
	doc.owner = f
	l.s.Files = append(l.s.Files, f)
	if err := l.checkNamespace(f, from, wantNS, isImport); err != nil {
		return nil, err
	}
	for _, c := range root.children {
		if c.name.Space != NS {
			return nil, c.errorf("unexpected element {%s}%s in xsd:schema", c.name.Space, c.name.Local)
		}
		switch c.name.Local {
		case "annotation":
		case "include", "import":
			loc, ok := c.attr("schemaLocation")
			if !ok || strings.TrimSpace(loc) == "" {
				return nil, c.errorf("%s without schemaLocation is not supported", c.name.Local)
			}
			target := path.Join(path.Dir(p), strings.TrimSpace(loc))
			if !fs.ValidPath(target) || strings.Contains(loc, "://") {
				return nil, c.errorf("%s schemaLocation %q leaves the schema directory", c.name.Local, loc)
			}
			ns, _ := c.attr("namespace")
			var sub *File
			var err error
			if c.name.Local == "include" {
				sub, err = l.loadFile(target, c, f.TargetNamespace, false)
				if err == nil {
					f.Includes = append(f.Includes, sub)
				}
			} else {
				if ns == f.TargetNamespace {
					return nil, c.errorf("import of namespace %q into a schema with the same target namespace", ns)
				}
				sub, err = l.loadFile(target, c, ns, true)
				if err == nil {
					f.Imports = append(f.Imports, sub)
				}
			}
			if err != nil {
				return nil, err
			}
		case "element":
			name, err := c.ncname("name")
			if err != nil {
				return nil, err
			}
			q := QName{Space: f.TargetNamespace, Local: name}
			if prev, dup := l.s.elements[q]; dup {
				return nil, c.errorf("element %q is already declared at %s:%d", name, prev.Pos.File, prev.Pos.Line)
			}
			e := &Element{Name: q, Doc: c.documentation(), Pos: c.position(), File: f, Global: true, node: c}
			l.s.elements[q] = e
			l.s.Elements = append(l.s.Elements, e)
			f.Elements = append(f.Elements, e)
		case "simpleType", "complexType":
			name, err := c.ncname("name")
			if err != nil {
				return nil, err
			}
			q := QName{Space: f.TargetNamespace, Local: name}
			if prev, dup := l.s.types[q]; dup {
				pp := prev.Position()
				return nil, c.errorf("type %q is already declared at %s:%d", name, pp.File, pp.Line)
			}
			if q.Space == NS && builtin(name) != nil {
				return nil, c.errorf("type %q redefines an XML Schema built-in", name)
			}
			var t Type
			if c.name.Local == "simpleType" {
				t = &SimpleType{Name: q, Doc: c.documentation(), Pos: c.position(), File: f, node: c}
			} else {
				t = &ComplexType{Name: q, Doc: c.documentation(), Pos: c.position(), File: f, node: c}
			}
			l.s.types[q] = t
			l.s.Types = append(l.s.Types, t)
			f.Types = append(f.Types, t)
		case "group", "attributeGroup", "attribute":
			name, err := c.ncname("name")
			if err != nil {
				return nil, err
			}
			q := QName{Space: f.TargetNamespace, Local: name}
			m := map[string]map[QName]*node{"group": l.groups, "attributeGroup": l.attrGrps, "attribute": l.attrDecls}[c.name.Local]
			if prev, dup := m[q]; dup {
				return nil, c.errorf("%s %q is already declared at %s:%d", c.name.Local, name, prev.doc.file, prev.line)
			}
			m[q] = c
		case "notation":
		default:
			return nil, c.errorf("xsd:%s is not supported", c.name.Local)
		}
	}
	return f, nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (l *loader) checkNamespace(f *File, from *node, wantNS string, isImport bool) error {
	if from == nil {
		return nil
	}
	if isImport {
		if f.TargetNamespace != wantNS {
			return from.errorf("imported schema %s has targetNamespace %q, the import says %q", f.Name, f.TargetNamespace, wantNS)
		}
		return nil
	}
	if f.TargetNamespace != wantNS {
		if f.TargetNamespace == "" {
			return from.errorf("chameleon include of %s (no targetNamespace) into namespace %q is not supported", f.Name, wantNS)
		}
		return from.errorf("included schema %s has targetNamespace %q, the including schema %q", f.Name, f.TargetNamespace, wantNS)
	}
	return nil
}

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

// fileOf returns the schema File a node belongs to.
func (l *loader) fileOf(n *node) *File { return n.doc.owner }

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
