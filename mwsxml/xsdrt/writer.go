package xsdrt

import (
	"encoding/xml"
	"reflect"
	"strconv"
	"unicode/utf8"
)

// Writer appends the XML of generated values to buf. It writes exactly
// what encoding/xml writes for them (same element order, attribute order
// and escaping; the equivalence is tested), without reflection, and it
// rejects characters XML cannot carry instead of replacing them.
type Writer struct {
	buf   []byte
	err   error    // first error (an *InvalidCharError)
	stack []string // open elements, for error messages
	enc   *xml.Encoder
}

// Write lets encoding/xml append to buf (for the few values written by it).
func (w *Writer) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p...)
	return len(p), nil
}

// Bytes returns what was written since the last Reset; the slice is
// reused by later writes.
func (w *Writer) Bytes() []byte { return w.buf }

// Err returns the first error met while writing (an *InvalidCharError, or
// an encoding/xml error for the values written by it), or nil.
func (w *Writer) Err() error { return w.err }

// AppendNewline adds a line feed after a written value.
func (w *Writer) AppendNewline() { w.buf = append(w.buf, '\n') }

// Reset empties the buffer and forgets the error, keeping the capacity.
func (w *Writer) Reset() {
	w.buf = w.buf[:0]
	w.err = nil
	w.stack = w.stack[:0]
}

func (w *Writer) where(attr string) string {
	s := ""
	for i, e := range w.stack {
		if i > 0 {
			s += "/"
		}
		s += e
	}
	if attr != "" {
		s += "/@" + attr
	}
	return s
}

// Start writes "<local" and, for a namespaced element, the xmlns
// attribute encoding/xml writes.
func (w *Writer) Start(space, local string) {
	w.stack = append(w.stack, local)
	w.buf = append(w.buf, '<')
	w.buf = append(w.buf, local...)
	if space != "" {
		w.buf = append(w.buf, ` xmlns="`...)
		w.escape(space, "xmlns")
		w.buf = append(w.buf, '"')
	}
}

// Open is Start for an element without attributes.
func (w *Writer) Open(space, local string) {
	w.Start(space, local)
	w.buf = append(w.buf, '>')
}

// StartDone ends a start tag.
func (w *Writer) StartDone() { w.buf = append(w.buf, '>') }

// End writes "</local>".
func (w *Writer) End(local string) {
	w.buf = append(w.buf, "</"...)
	w.buf = append(w.buf, local...)
	w.buf = append(w.buf, '>')
	w.stack = w.stack[:len(w.stack)-1]
}

// Attr writes ` name="` (the value follows, then AttrEnd).
func (w *Writer) Attr(name string) {
	w.buf = append(w.buf, ' ')
	w.buf = append(w.buf, name...)
	w.buf = append(w.buf, `="`...)
}

// AttrEnd ends an attribute value.
func (w *Writer) AttrEnd() { w.buf = append(w.buf, '"') }

// Text writes s escaped as encoding/xml escapes text and attribute values.
func (w *Writer) Text(s string) { w.escape(s, "") }

func (w *Writer) escape(s, attr string) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		var esc string
		n := 1
		if c < utf8.RuneSelf {
			switch c {
			case '"':
				esc = "&#34;"
			case '\'':
				esc = "&#39;"
			case '&':
				esc = "&amp;"
			case '<':
				esc = "&lt;"
			case '>':
				esc = "&gt;"
			case '\t':
				esc = "&#x9;"
			case '\n':
				esc = "&#xA;"
			case '\r':
				esc = "&#xD;"
			default:
				if c < 0x20 {
					w.invalid(attr, rune(c), i)
				}
				i++
				continue
			}
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			if (r == utf8.RuneError && size == 1) || !isXMLChar(r) {
				w.invalid(attr, r, i)
			}
			i += size
			continue
		}
		w.buf = append(w.buf, s[last:i]...)
		w.buf = append(w.buf, esc...)
		i += n
		last = i
	}
	w.buf = append(w.buf, s[last:]...)
}

func (w *Writer) invalid(attr string, r rune, off int) {
	if w.err == nil {
		w.err = &InvalidCharError{Element: w.where(attr), Rune: r, Offset: off}
	}
}

// Int, Uint, Bool and Float write a number or boolean as encoding/xml formats it.
func (w *Writer) Int(n int64) { w.buf = strconv.AppendInt(w.buf, n, 10) }

// Uint writes an unsigned integer.
func (w *Writer) Uint(n uint64) { w.buf = strconv.AppendUint(w.buf, n, 10) }

// Bool writes true or false.
func (w *Writer) Bool(b bool) { w.buf = strconv.AppendBool(w.buf, b) }

// Float writes f as encoding/xml formats a float of the given bits.
func (w *Writer) Float(f float64, bits int) {
	w.buf = strconv.AppendFloat(w.buf, f, 'g', -1, bits)
}

// Raw writes inner XML verbatim, as encoding/xml's ",innerxml" does, after
// checking its characters.
func (w *Writer) Raw(b []byte) {
	if off, r := firstInvalid(string(b)); off >= 0 {
		w.invalid("", r, off)
	}
	w.buf = append(w.buf, b...)
}

// WriteAny writes an element matched by a wildcard (or of xsd:anyType)
// with encoding/xml; space/local name it when its XMLName is empty.
func (w *Writer) WriteAny(a *AnyElement, space, local string) {
	name := a.XMLName
	if name.Local == "" {
		name = xml.Name{Space: space, Local: local}
	}
	w.Std(a, name)
}

// Std writes v with encoding/xml as element name, after checking every
// string in it for characters XML cannot carry.
func (w *Writer) Std(v any, name xml.Name) {
	w.stack = append(w.stack, name.Local)
	w.checkStrings(reflect.ValueOf(v))
	w.stack = w.stack[:len(w.stack)-1]
	if w.enc == nil {
		w.enc = xml.NewEncoder(w)
	}
	if err := w.enc.EncodeElement(v, xml.StartElement{Name: name}); err != nil && w.err == nil {
		w.err = err
	}
	if err := w.enc.Flush(); err != nil && w.err == nil {
		w.err = err
	}
}

// checkStrings reports the first invalid character in any string or byte
// slice reachable from v.
func (w *Writer) checkStrings(v reflect.Value) {
	if w.err != nil {
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			w.checkStrings(v.Elem())
		}
	case reflect.String:
		if off, r := firstInvalid(v.String()); off >= 0 {
			w.invalid("", r, off)
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			if off, r := firstInvalid(string(v.Bytes())); off >= 0 {
				w.invalid("", r, off)
			}
			return
		}
		for i := 0; i < v.Len(); i++ {
			w.checkStrings(v.Index(i))
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				w.checkStrings(v.Field(i))
			}
		}
	}
}
