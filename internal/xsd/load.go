package xsd

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
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

// fileOf returns the schema File a node belongs to.
func (l *loader) fileOf(n *node) *File { return n.doc.owner }
