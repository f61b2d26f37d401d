package mwsxml

import (
	"encoding/xml"
	"fmt"
	"reflect"
	"strconv"
	"unicode/utf8"
)

// InvalidCharError reports a character XML 1.0 cannot carry (a control
// character, a surrogate, U+FFFE/U+FFFF or a byte that is not UTF-8). The
// encoding/xml package silently replaces such characters with U+FFFD;
// EnvelopeWriter refuses them, so that no feed is sent with data changed.
type InvalidCharError struct {
	// Element is the element (or "element/@attribute") holding the text.
	Element string
	// Rune is the character; utf8.RuneError for invalid UTF-8.
	Rune rune
	// Offset is the byte offset of the character in the text.
	Offset int
}

func (e *InvalidCharError) Error() string {
	if e.Rune == utf8.RuneError {
		return fmt.Sprintf("mwsxml: %s: invalid UTF-8 at byte %d", e.Element, e.Offset)
	}
	return fmt.Sprintf("mwsxml: %s: character %U at byte %d is not allowed in XML", e.Element, e.Rune, e.Offset)
}

// isXMLChar reports whether r may appear in an XML 1.0 document.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// firstInvalid returns the offset and rune of the first character of s
// that XML cannot carry, or -1.
func firstInvalid(s string) (int, rune) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D {
				return i, rune(c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return i, utf8.RuneError
		}
		if !isXMLChar(r) {
			return i, r
		}
		i += n
	}
	return -1, 0
}

// xmlWriter appends the XML of generated values to buf. It writes exactly
// what encoding/xml writes for them (same element order, attribute order
// and escaping; the equivalence is tested), without reflection, and it
// rejects characters XML cannot carry instead of replacing them.
type xmlWriter struct {
	buf   []byte
	err   error    // first error (an *InvalidCharError)
	stack []string // open elements, for error messages
	enc   *xml.Encoder
}

// Write lets encoding/xml append to buf (for the few values written by it).
func (w *xmlWriter) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p...)
	return len(p), nil
}

func (w *xmlWriter) reset() {
	w.buf = w.buf[:0]
	w.err = nil
	w.stack = w.stack[:0]
}

func (w *xmlWriter) where(attr string) string {
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

// start writes "<local" and, for a namespaced element, the xmlns
// attribute encoding/xml writes.
func (w *xmlWriter) start(space, local string) {
	w.stack = append(w.stack, local)
	w.buf = append(w.buf, '<')
	w.buf = append(w.buf, local...)
	if space != "" {
		w.buf = append(w.buf, ` xmlns="`...)
		w.escape(space, "xmlns")
		w.buf = append(w.buf, '"')
	}
}

// open is start for an element without attributes.
func (w *xmlWriter) open(space, local string) {
	w.start(space, local)
	w.buf = append(w.buf, '>')
}

// startDone ends a start tag.
func (w *xmlWriter) startDone() { w.buf = append(w.buf, '>') }

// end writes "</local>".
func (w *xmlWriter) end(local string) {
	w.buf = append(w.buf, "</"...)
	w.buf = append(w.buf, local...)
	w.buf = append(w.buf, '>')
	w.stack = w.stack[:len(w.stack)-1]
}

// attr writes ` name="` (the value follows, then attrEnd).
func (w *xmlWriter) attr(name string) {
	w.buf = append(w.buf, ' ')
	w.buf = append(w.buf, name...)
	w.buf = append(w.buf, `="`...)
}

func (w *xmlWriter) attrEnd() { w.buf = append(w.buf, '"') }

// text writes s escaped as encoding/xml escapes text and attribute values.
func (w *xmlWriter) text(s string) { w.escape(s, "") }

func (w *xmlWriter) escape(s, attr string) {
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

func (w *xmlWriter) invalid(attr string, r rune, off int) {
	if w.err == nil {
		w.err = &InvalidCharError{Element: w.where(attr), Rune: r, Offset: off}
	}
}

func (w *xmlWriter) int(n int64)   { w.buf = strconv.AppendInt(w.buf, n, 10) }
func (w *xmlWriter) uint(n uint64) { w.buf = strconv.AppendUint(w.buf, n, 10) }
func (w *xmlWriter) bool(b bool)   { w.buf = strconv.AppendBool(w.buf, b) }
func (w *xmlWriter) float(f float64, bits int) {
	w.buf = strconv.AppendFloat(w.buf, f, 'g', -1, bits)
}

// raw writes inner XML verbatim, as encoding/xml's ",innerxml" does, after
// checking its characters.
func (w *xmlWriter) raw(b []byte) {
	if off, r := firstInvalid(string(b)); off >= 0 {
		w.invalid("", r, off)
	}
	w.buf = append(w.buf, b...)
}

// anyElement writes an element matched by a wildcard (or of xsd:anyType)
// with encoding/xml; space/local name it when its XMLName is empty.
func (w *xmlWriter) anyElement(a *AnyElement, space, local string) {
	name := a.XMLName
	if name.Local == "" {
		name = xml.Name{Space: space, Local: local}
	}
	w.std(a, name)
}

// std writes v with encoding/xml as element name, after checking every
// string in it for characters XML cannot carry.
func (w *xmlWriter) std(v any, name xml.Name) {
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
func (w *xmlWriter) checkStrings(v reflect.Value) {
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

// Element writers used by the generated writeXML methods, one line per
// field: elemX writes a required value, optX an optional one (nothing for
// nil) and manyX a repeated one.

// elemText writes <local>s</local>, s escaped.
func (w *xmlWriter) elemText(space, local, s string) {
	w.open(space, local)
	w.text(s)
	w.end(local)
}

func optText[S ~string](w *xmlWriter, space, local string, p *S) {
	if p != nil {
		w.elemText(space, local, string(*p))
	}
}

func manyText[S ~string](w *xmlWriter, space, local string, v []S) {
	for _, s := range v {
		w.elemText(space, local, string(s))
	}
}

// elemDecimal writes a decimal padded to fd fraction digits (fd 0: as is).
func (w *xmlWriter) elemDecimal(space, local, s string, fd int) {
	w.elemText(space, local, formatDecimal(s, fd))
}

func optDecimal[S ~string](w *xmlWriter, space, local string, p *S, fd int) {
	if p != nil {
		w.elemDecimal(space, local, string(*p), fd)
	}
}

func manyDecimal[S ~string](w *xmlWriter, space, local string, v []S, fd int) {
	for _, s := range v {
		w.elemDecimal(space, local, string(s), fd)
	}
}

type signed interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64
}

type unsigned interface {
	~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64
}

func elemInt[I signed](w *xmlWriter, space, local string, n I) {
	w.open(space, local)
	w.int(int64(n))
	w.end(local)
}

func optInt[I signed](w *xmlWriter, space, local string, p *I) {
	if p != nil {
		elemInt(w, space, local, *p)
	}
}

func manyInt[I signed](w *xmlWriter, space, local string, v []I) {
	for _, n := range v {
		elemInt(w, space, local, n)
	}
}

func elemUint[U unsigned](w *xmlWriter, space, local string, n U) {
	w.open(space, local)
	w.uint(uint64(n))
	w.end(local)
}

func optUint[U unsigned](w *xmlWriter, space, local string, p *U) {
	if p != nil {
		elemUint(w, space, local, *p)
	}
}

func manyUint[U unsigned](w *xmlWriter, space, local string, v []U) {
	for _, n := range v {
		elemUint(w, space, local, n)
	}
}

func elemBool[B ~bool](w *xmlWriter, space, local string, b B) {
	w.open(space, local)
	w.bool(bool(b))
	w.end(local)
}

func optBool[B ~bool](w *xmlWriter, space, local string, p *B) {
	if p != nil {
		elemBool(w, space, local, *p)
	}
}

func manyBool[B ~bool](w *xmlWriter, space, local string, v []B) {
	for _, b := range v {
		elemBool(w, space, local, b)
	}
}

func elemFloat[F ~float32 | ~float64](w *xmlWriter, space, local string, f F, bits int) {
	w.open(space, local)
	w.float(float64(f), bits)
	w.end(local)
}

func optFloat[F ~float32 | ~float64](w *xmlWriter, space, local string, p *F, bits int) {
	if p != nil {
		elemFloat(w, space, local, *p, bits)
	}
}

func manyFloat[F ~float32 | ~float64](w *xmlWriter, space, local string, v []F, bits int) {
	for _, f := range v {
		elemFloat(w, space, local, f, bits)
	}
}

func optDateTime(w *xmlWriter, space, local string, p *DateTime) {
	if p != nil {
		w.elemText(space, local, p.String())
	}
}

func manyDateTime(w *xmlWriter, space, local string, v []DateTime) {
	for i := range v {
		w.elemText(space, local, v[i].String())
	}
}

// structWriter is a generated struct type (through its pointer).
type structWriter[T any] interface {
	*T
	writeXML(w *xmlWriter, space, local string)
}

func optStruct[T any, P structWriter[T]](w *xmlWriter, space, local string, p P) {
	if p != nil {
		p.writeXML(w, space, local)
	}
}

func manyStruct[T any, P structWriter[T]](w *xmlWriter, space, local string, v []T) {
	for i := range v {
		P(&v[i]).writeXML(w, space, local)
	}
}

func optAny(w *xmlWriter, space, local string, p *AnyElement) {
	if p != nil {
		w.anyElement(p, space, local)
	}
}

func manyAny(w *xmlWriter, space, local string, v []AnyElement) {
	for i := range v {
		w.anyElement(&v[i], space, local)
	}
}
