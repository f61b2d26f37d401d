package mwsxmlgen

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/spgen/spgen/internal/emit"
	"github.com/spgen/spgen/internal/naming"
	"github.com/spgen/spgen/internal/xsd"
)

// BasePackage is the package of the split layout holding amzn-base.xsd,
// amzn-header.xsd and the schema files they cannot be separated from.
const BasePackage = "amznbase"

// layout assigns schema files to the packages of the split layout: one
// package per strongly connected component of the files' type references
// (so that packages never import each other in a cycle), the component of
// amzn-base.xsd together with amzn-header.xsd as BasePackage. The envelope
// file belongs to no package: each package holding a message type gets its
// own copy of the envelope, whose message choice offers that package's
// message types only, so that a program compiles the packages of the
// messages it uses and no other.
type layout struct {
	pkgOf    map[*xsd.File]string
	files    map[string][]*xsd.File // package → files, in schema order
	envelope *xsd.File
	// altOf lists, for a type, the choices of types in other packages it
	// is an alternative of (their markers are declared with the type).
	altOf map[*goType][]*choiceIface
}

// deps returns, for every file, the files its types refer to.
func (b *builder) deps() map[*xsd.File]map[*xsd.File]bool {
	out := map[*xsd.File]map[*xsd.File]bool{}
	add := func(from, to *goType) {
		if to == nil || to.file == from.file {
			return
		}
		if out[from.file] == nil {
			out[from.file] = map[*xsd.File]bool{}
		}
		out[from.file][to.file] = true
	}
	var walk func(gt *goType)
	walk = func(gt *goType) {
		for _, f := range gt.fields {
			add(gt, f.ref.gt)
		}
		if gt.simple != nil {
			if gt.simple.Base != nil {
				add(gt, b.bySimple[gt.simple.Base])
			}
			for _, m := range gt.simple.Members {
				add(gt, b.bySimple[m])
			}
		}
		for _, n := range gt.nested {
			walk(n)
		}
	}
	for _, gt := range b.top {
		walk(gt)
	}
	return out
}

// partition computes the split layout.
func (b *builder) partition() (*layout, error) {
	l := &layout{pkgOf: map[*xsd.File]string{}, files: map[string][]*xsd.File{}}
	var base, header *xsd.File
	for _, f := range b.s.Files {
		switch f.Name {
		case RootSchema:
			l.envelope = f
		case "amzn-base.xsd":
			base = f
		case "amzn-header.xsd":
			header = f
		}
	}
	if l.envelope == nil {
		return nil, fmt.Errorf("mwsxmlgen: the split layout needs %s", RootSchema)
	}
	deps := b.deps()
	// Tarjan's strongly connected components, over files in schema order.
	index := map[*xsd.File]int{}
	low := map[*xsd.File]int{}
	on := map[*xsd.File]bool{}
	var stack []*xsd.File
	var comps [][]*xsd.File
	next := 0
	var visit func(f *xsd.File)
	visit = func(f *xsd.File) {
		index[f], low[f] = next, next
		next++
		stack = append(stack, f)
		on[f] = true
		for _, g := range b.s.Files {
			if !deps[f][g] || g == l.envelope {
				continue
			}
			if _, seen := index[g]; !seen {
				visit(g)
				low[f] = min(low[f], low[g])
			} else if on[g] {
				low[f] = min(low[f], index[g])
			}
		}
		if low[f] == index[f] {
			var comp []*xsd.File
			for {
				g := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				on[g] = false
				comp = append(comp, g)
				if g == f {
					break
				}
			}
			comps = append(comps, comp)
		}
	}
	for _, f := range b.s.Files {
		if _, seen := index[f]; !seen && f != l.envelope {
			visit(f)
		}
	}
	order := map[*xsd.File]int{}
	for i, f := range b.s.Files {
		order[f] = i
	}
	used := map[string]bool{}
	for _, comp := range comps {
		sort.Slice(comp, func(i, j int) bool { return order[comp[i]] < order[comp[j]] })
		name := ""
		for _, f := range comp {
			if f == base {
				name = BasePackage
			}
		}
		if name == "" {
			name = packageName(comp[0].Name)
			for used[name] || name == BasePackage {
				name += "x"
			}
		}
		used[name] = true
		for _, f := range comp {
			l.pkgOf[f] = name
		}
	}
	if header != nil && base != nil && len(deps[header]) == 1 && deps[header][base] {
		l.pkgOf[header] = BasePackage
	}
	for _, f := range b.s.Files {
		if p, ok := l.pkgOf[f]; ok {
			l.files[p] = append(l.files[p], f)
		}
	}
	l.altOf = map[*goType][]*choiceIface{}
	var choices func(gt *goType)
	choices = func(gt *goType) {
		if gt.file != l.envelope {
			for _, ci := range gt.choices {
				for _, fd := range ci.fields {
					if l.pkgOf[fd.ref.gt.file] != l.pkgOf[gt.file] {
						l.altOf[fd.ref.gt] = append(l.altOf[fd.ref.gt], ci)
					}
				}
			}
		}
		for _, n := range gt.nested {
			choices(n)
		}
	}
	for _, gt := range b.top {
		choices(gt)
	}
	return l, nil
}

// packageName is the Go package of a schema file: "OrderFulfillment.xsd"
// → "orderfulfillment".
func packageName(xsdName string) string {
	words := naming.Words(strings.TrimSuffix(xsdName, ".xsd"))
	return strings.ToLower(strings.Join(words, ""))
}

// renderSplit renders the split layout: a directory per package, their
// import paths under pkgPath.
func (b *builder) renderSplit(pkgPath string) (emit.Files, error) {
	l, err := b.partition()
	if err != nil {
		return nil, err
	}
	byFile := b.byFile()
	// The packages the envelope's alternatives live in get an envelope.
	envPkgs := map[string]bool{}
	var walk func(gt *goType)
	walk = func(gt *goType) {
		for _, f := range gt.fields {
			if f.ref.gt != nil && f.ref.gt.file != l.envelope && l.pkgOf[f.ref.gt.file] != BasePackage {
				envPkgs[l.pkgOf[f.ref.gt.file]] = true
			}
		}
		for _, n := range gt.nested {
			walk(n)
		}
	}
	for _, gt := range byFile[l.envelope] {
		walk(gt)
	}
	pkgs := make([]string, 0, len(l.files))
	for p := range l.files {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	out := emit.Files{}
	for _, p := range pkgs {
		e := b.newEmitter(p)
		e.split, e.cur, e.pkgPath = l, p, pkgPath
		files := l.files[p]
		if envPkgs[p] {
			e.subst = b.envelopeFor(l, p, byFile[l.envelope])
			files = append(append([]*xsd.File(nil), files...), l.envelope)
		}
		if err := e.renderFiles(out, p, files, byFile); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// envelopeFor returns replacements for the envelope's types in package p:
// copies without the element fields (alternatives of the message choice)
// whose types live in packages other than p and the base.
func (b *builder) envelopeFor(l *layout, p string, top []*goType) map[*goType]*goType {
	subst := map[*goType]*goType{}
	foreign := func(f *field) bool {
		if f.kind != fElem || f.ref.gt == nil || f.ref.gt.file == l.envelope {
			return false
		}
		q := l.pkgOf[f.ref.gt.file]
		return q != p && q != BasePackage
	}
	var walk func(gt *goType)
	walk = func(gt *goType) {
		drop := map[*field]bool{}
		for _, f := range gt.fields {
			if foreign(f) {
				drop[f] = true
			}
		}
		if len(drop) > 0 {
			c := *gt
			c.fields = nil
			for _, f := range gt.fields {
				if !drop[f] {
					c.fields = append(c.fields, f)
				}
			}
			nodes := map[*modelNode]*modelNode{}
			c.model = filterModel(gt.model, drop, nodes)
			c.choices = nil
			for _, ci := range gt.choices {
				cc := *ci
				cc.fields = nil
				for _, f := range ci.fields {
					if !drop[f] {
						cc.fields = append(cc.fields, f)
					}
				}
				cc.node = nodes[ci.node]
				if len(cc.fields) > 0 && cc.node != nil {
					c.choices = append(c.choices, &cc)
				}
			}
			subst[gt] = &c
		}
		for _, n := range gt.nested {
			walk(n)
		}
	}
	for _, gt := range top {
		walk(gt)
	}
	return subst
}

// filterModel copies a content model without the leaves of dropped
// fields; nodes maps each kept node to its copy.
func filterModel(n *modelNode, drop map[*field]bool, nodes map[*modelNode]*modelNode) *modelNode {
	if n == nil {
		return nil
	}
	c := *n
	c.children = nil
	for _, ch := range n.children {
		if ch.field != nil && drop[ch.field] {
			continue
		}
		c.children = append(c.children, filterModel(ch, drop, nodes))
	}
	nodes[n] = &c
	return &c
}

// local reports whether gt is declared in the package being rendered.
func (e *emitter) local(gt *goType) bool {
	return e.split == nil || e.split.pkgOf[gt.file] == e.cur || gt.file == e.split.envelope
}

// marker is the name of a choice interface's marker method: unexported
// when every alternative is declared in the owner's package, exported
// ("XSDIs" + interface) when some are declared in packages of their own
// (in the split layout), which declare the method there.
func (e *emitter) marker(owner *goType, ci *choiceIface) string {
	for _, fd := range ci.fields {
		if !e.local(fd.ref.gt) {
			return "XSDIs" + ci.name
		}
	}
	return ci.marker
}

// foreignMarkers declares on gt the marker methods of choices owned by
// types of other packages that gt is an alternative of (split layout).
func (e *emitter) foreignMarkers(f *jen.File, gt *goType) {
	if e.split == nil {
		return
	}
	for _, ci := range e.split.altOf[gt] {
		name := "XSDIs" + ci.name
		f.Line()
		f.Commentf("%s marks *%s as an alternative of %s (package %s).", name, gt.name, ci.name, e.split.pkgOf[ci.owner.file])
		f.Func().Params(jen.Op("*").Id(gt.name)).Id(name).Params().Block()
	}
}
