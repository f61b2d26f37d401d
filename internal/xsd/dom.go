package xsd

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/spgen/spgen/internal/diag"
)

// NS is the XML Schema namespace.
const NS = "http://www.w3.org/2001/XMLSchema"

// node is one element of a parsed XSD document, with the position of its
// start tag and the namespace bindings in scope there (needed to resolve
// QName-valued attributes such as type="xsd:string").
type node struct {
	name     xml.Name // resolved: Space is the namespace URI
	raw      xml.Name // as written: Space is the prefix
	attrs    map[string]string
	children []*node
	text     strings.Builder
	parent   *node
	line     int
	col      int
	ns       map[string]string // prefix → URI in scope ("" = default namespace)
	doc      *document
}

// document is one parsed XSD file.
type document struct {
	file  string // path as given (for diagnostics)
	root  *node
	lines []int // byte offsets of line starts
	owner *File
}

// parseDocument parses data as XML into a node tree. Any XML error is a
// *diag.Error carrying file:line:column.
func parseDocument(file string, data []byte) (*document, error) {
	doc := &document{file: file, lines: lineStarts(data)}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	var stack []*node
	scope := map[string]string{"xml": "http://www.w3.org/XML/1998/namespace"}
	for {
		off := d.InputOffset()
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			line, col := doc.pos(d.InputOffset())
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				line = se.Line
				col = 0
				if l, c := doc.pos(d.InputOffset()); l == se.Line {
					col = c
				}
				return nil, &diag.Error{File: file, Line: line, Column: col, Msg: "malformed XML: " + se.Msg}
			}
			return nil, &diag.Error{File: file, Line: line, Column: col, Msg: "malformed XML", Err: err}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			line, col := doc.pos(off)
			n := &node{attrs: map[string]string{}, line: line, col: col, doc: doc, raw: t.Name}
			if len(stack) > 0 {
				n.parent = stack[len(stack)-1]
				n.ns = n.parent.ns
			} else {
				n.ns = scope
			}
			// Namespace declarations first: they apply to the element's
			// own name and attributes.
			var own map[string]string
			for _, a := range t.Attr {
				switch {
				case a.Name.Space == "xmlns":
					if own == nil {
						own = copyMap(n.ns)
					}
					own[a.Name.Local] = a.Value
				case a.Name.Space == "" && a.Name.Local == "xmlns":
					if own == nil {
						own = copyMap(n.ns)
					}
					own[""] = a.Value
				}
			}
			if own != nil {
				n.ns = own
			}
			uri, ok := n.ns[t.Name.Space]
			if !ok && t.Name.Space != "" {
				return nil, &diag.Error{File: file, Line: line, Column: col, Msg: fmt.Sprintf("undeclared namespace prefix %q", t.Name.Space)}
			}
			n.name = xml.Name{Space: uri, Local: t.Name.Local}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
					continue
				}
				key := a.Name.Local
				if a.Name.Space != "" {
					key = a.Name.Space + ":" + a.Name.Local
				}
				n.attrs[key] = a.Value
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			} else if doc.root != nil {
				return nil, &diag.Error{File: file, Line: line, Column: col, Msg: "more than one root element"}
			} else {
				doc.root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) == 0 || stack[len(stack)-1].raw != t.Name {
				line, col := doc.pos(off)
				want := "no open element"
				if len(stack) > 0 {
					want = "expected </" + rawName(stack[len(stack)-1].raw) + ">"
				}
				return nil, &diag.Error{File: file, Line: line, Column: col, Msg: fmt.Sprintf("malformed XML: unexpected </%s>, %s", rawName(t.Name), want)}
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(t)
			}
		}
	}
	if len(stack) > 0 {
		line, col := doc.pos(int64(len(data)))
		return nil, &diag.Error{File: file, Line: line, Column: col, Msg: fmt.Sprintf("malformed XML: unexpected end of file, <%s> (line %d) is not closed", rawName(stack[len(stack)-1].raw), stack[len(stack)-1].line)}
	}
	if doc.root == nil {
		return nil, &diag.Error{File: file, Line: 1, Column: 1, Msg: "malformed XML: no root element"}
	}
	return doc, nil
}

func rawName(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

func copyMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

func lineStarts(data []byte) []int {
	starts := []int{0}
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// pos converts a byte offset into a 1-based line and column.
func (d *document) pos(off int64) (line, col int) {
	i := sort.Search(len(d.lines), func(i int) bool { return int64(d.lines[i]) > off }) - 1
	if i < 0 {
		i = 0
	}
	return i + 1, int(off-int64(d.lines[i])) + 1
}

// attr returns the attribute value and whether it was present.
func (n *node) attr(name string) (string, bool) {
	v, ok := n.attrs[name]
	return v, ok
}

// isXSD reports whether n is the XML Schema element local.
func (n *node) isXSD(local string) bool { return n.name.Space == NS && n.name.Local == local }

// path is the XSD element path of n, e.g.
// /schema/element[@name='Header']/complexType/sequence/element[@name='DocumentVersion'].
func (n *node) path() string {
	var parts []string
	for m := n; m != nil; m = m.parent {
		p := m.name.Local
		if v, ok := m.attrs["name"]; ok {
			p += "[@name='" + v + "']"
		} else if v, ok := m.attrs["ref"]; ok {
			p += "[@ref='" + v + "']"
		}
		parts = append(parts, p)
	}
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		b.WriteByte('/')
		b.WriteString(parts[i])
	}
	return b.String()
}

// errorf returns a *diag.Error located at n.
func (n *node) errorf(format string, args ...any) *diag.Error {
	return &diag.Error{File: n.doc.file, Line: n.line, Column: n.col, Path: n.path(), Msg: fmt.Sprintf(format, args...)}
}

// pos returns n's position.
func (n *node) position() Pos {
	return Pos{File: n.doc.file, Line: n.line, Column: n.col, Path: n.path()}
}

// qname resolves a QName-valued attribute of n against the namespace
// bindings in scope at n.
func (n *node) qname(attr string) (QName, bool, error) {
	v, ok := n.attrs[attr]
	if !ok {
		return QName{}, false, nil
	}
	q, err := n.resolveQName(attr, v)
	return q, true, err
}

// resolveQName resolves the QName v, written in attribute attr of n.
func (n *node) resolveQName(attr, v string) (QName, error) {
	v = strings.TrimSpace(v)
	prefix, local := "", v
	if i := strings.IndexByte(v, ':'); i >= 0 {
		prefix, local = v[:i], v[i+1:]
	}
	if local == "" || strings.ContainsAny(local, ": \t\n") {
		return QName{}, n.errorf("attribute %s: %q is not a QName", attr, v)
	}
	uri, ok := n.ns[prefix]
	if !ok {
		if prefix != "" {
			return QName{}, n.errorf("attribute %s: undeclared namespace prefix %q in %q", attr, prefix, v)
		}
		uri = ""
	}
	return QName{Space: uri, Local: local}, nil
}

// occurs parses minOccurs/maxOccurs of n (defaults 1/1; Unbounded = -1).
func (n *node) occurs() (min, max int, err error) {
	min, max = 1, 1
	if v, ok := n.attrs["minOccurs"]; ok {
		i, perr := strconv.Atoi(strings.TrimSpace(v))
		if perr != nil || i < 0 {
			return 0, 0, n.errorf("minOccurs %q is not a non-negative integer", v)
		}
		min = i
	}
	if v, ok := n.attrs["maxOccurs"]; ok {
		v = strings.TrimSpace(v)
		if v == "unbounded" {
			max = Unbounded
		} else {
			i, perr := strconv.Atoi(v)
			if perr != nil || i < 0 {
				return 0, 0, n.errorf("maxOccurs %q is neither a non-negative integer nor \"unbounded\"", v)
			}
			max = i
		}
	}
	if max != Unbounded && min > max {
		return 0, 0, n.errorf("minOccurs %d is greater than maxOccurs %d", min, max)
	}
	return min, max, nil
}

// documentation returns the text of n's xsd:annotation/xsd:documentation
// children, whitespace-normalised.
func (n *node) documentation() string {
	var parts []string
	for _, c := range n.children {
		if !c.isXSD("annotation") {
			continue
		}
		for _, d := range c.children {
			if d.isXSD("documentation") {
				if s := strings.Join(strings.Fields(d.text.String()), " "); s != "" {
					parts = append(parts, s)
				}
			}
		}
	}
	return strings.Join(parts, "\n\n")
}
