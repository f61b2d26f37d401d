package actionschema

import (
	"fmt"
	"strconv"
	"strings"
	"unsafe"
)

// Violation is one failed constraint: where in the instance (a JSON pointer,
// "" for the whole request), which JSON Schema keyword failed, and a message
// for people.
type Violation struct {
	// Pointer is the RFC 6901 JSON pointer of the offending instance value,
	// e.g. "/attachments/2/fileName". For "required" it points at the object
	// that lacks the property, as JSON Schema validators report it.
	Pointer string
	// Keyword is the JSON Schema keyword that failed: "type", "required",
	// "minLength", "maxLength", "minItems", "maxItems", "enum", "pattern",
	// "minimum", "maximum", "format".
	Keyword string
	// Message describes the failure.
	Message string
}

// String formats v as "pointer: keyword: message", writing "(root)" for the
// empty pointer.
func (v Violation) String() string {
	p := v.Pointer
	if p == "" {
		p = "(root)"
	}
	return p + ": " + v.Keyword + ": " + v.Message
}

// ValidationError reports every violation found in one request. Generated
// Validate and UnmarshalJSON methods and the live-schema check of the send
// workflow all return it, so callers can use one errors.As for all of them.
type ValidationError struct {
	// Action is the messaging action whose schema was violated, e.g.
	// "confirmCustomizationDetails".
	Action string
	// Violations lists every failed constraint, in the order found.
	Violations []Violation
}

// Error lists the violations on one line each after a summary line.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString(e.Action)
	if e.Action != "" {
		b.WriteString(": ")
	}
	if len(e.Violations) == 1 {
		b.WriteString("1 schema violation")
	} else {
		b.WriteString(strconv.Itoa(len(e.Violations)))
		b.WriteString(" schema violations")
	}
	for _, v := range e.Violations {
		b.WriteString("\n\t")
		b.WriteString(v.String())
	}
	return b.String()
}

// Has reports whether e contains a violation of keyword at pointer.
func (e *ValidationError) Has(pointer, keyword string) bool {
	for _, v := range e.Violations {
		if v.Pointer == pointer && v.Keyword == keyword {
			return true
		}
	}
	return false
}

// Path is a JSON pointer under construction. Generated code extends it one
// property or index at a time on the stack and renders it only when a
// violation is recorded, so validating a valid request allocates nothing.
// The zero Path is the root ("").
type Path struct {
	parent *Path
	key    string
	index  int
	isElem bool
}

// Key returns the path of property name below p.
func (p *Path) Key(name string) Path { return Path{parent: p, key: name} }

// Index returns the path of array element i below p.
func (p *Path) Index(i int) Path { return Path{parent: p, index: i, isElem: true} }

// String renders p as an RFC 6901 JSON pointer, escaping "~" and "/".
// It copies bytes only and keeps no reference to p, so paths built on the
// stack stay there.
func (p *Path) String() string {
	return string(p.appendTo(make([]byte, 0, p.len())))
}

// len is the length of p's pointer.
func (p *Path) len() int {
	n := 0
	for q := p; q != nil && q.parent != nil; q = q.parent {
		n += 1 + q.tokenLen()
	}
	return n
}

// appendTo appends the pointer of p to b, root first.
func (p *Path) appendTo(b []byte) []byte {
	if p == nil || p.parent == nil {
		return b
	}
	b = p.parent.appendTo(b)
	b = append(b, '/')
	if p.isElem {
		return strconv.AppendInt(b, int64(p.index), 10)
	}
	for i := 0; i < len(p.key); i++ {
		switch c := p.key[i]; c {
		case '~':
			b = append(b, "~0"...)
		case '/':
			b = append(b, "~1"...)
		default:
			b = append(b, c)
		}
	}
	return b
}

func (p *Path) tokenLen() int {
	if p.isElem {
		var tmp [20]byte
		return len(strconv.AppendInt(tmp[:0], int64(p.index), 10))
	}
	return len(p.key) + strings.Count(p.key, "~") + strings.Count(p.key, "/")
}

// Violations collects violations while a value is checked. The zero value
// is ready to use. It allocates only when a violation is recorded: once for
// the error and its first violations, and once for the text (pointers and
// messages) they share.
type Violations struct {
	block *violationBlock
	list  []Violation
	text  []byte // pointers and messages; written once, never modified
}

// violationBlock puts the error and room for its first violations in one
// allocation.
type violationBlock struct {
	err   ValidationError
	first [4]Violation
}

// Add records a violation of keyword at p.
func (vs *Violations) Add(p Path, keyword, format string, args ...any) {
	vs.add(vs.pointer(&p), keyword, fmt.Sprintf(format, args...))
}

// AddMsg records a violation of keyword at p with a fixed message.
func (vs *Violations) AddMsg(p Path, keyword, msg string) {
	vs.add(vs.pointer(&p), keyword, msg)
}

// AddGot records a violation of keyword at p with the message msg followed
// by ", but got " and the offending number, e.g. "length must be <= 800,
// but got 801". It formats without fmt, for generated Validate methods.
func (vs *Violations) AddGot(p Path, keyword, msg string, got int64) {
	ptr := vs.pointer(&p)
	start := vs.grow(len(msg) + 32)
	vs.text = strconv.AppendInt(append(append(vs.text, msg...), ", but got "...), got, 10)
	vs.add(ptr, keyword, vs.since(start))
}

// AddGotFloat is AddGot for a float64, written as encoding/json would.
func (vs *Violations) AddGotFloat(p Path, keyword, msg string, got float64) {
	ptr := vs.pointer(&p)
	start := vs.grow(len(msg) + 40)
	vs.text = strconv.AppendFloat(append(append(vs.text, msg...), ", but got "...), got, 'g', -1, 64)
	vs.add(ptr, keyword, vs.since(start))
}

// pointer renders p into the shared text.
func (vs *Violations) pointer(p *Path) string {
	start := vs.grow(p.len())
	vs.text = p.appendTo(vs.text)
	return vs.since(start)
}

// grow makes room for n more bytes of text without moving what was written
// (strings already handed out point into it) and returns the current end.
func (vs *Violations) grow(n int) int {
	if cap(vs.text)-len(vs.text) < n {
		vs.text = make([]byte, 0, max(256, 2*n))
	}
	return len(vs.text)
}

// since returns the text written after start as a string. The bytes are
// never written again, so the string stays immutable.
func (vs *Violations) since(start int) string {
	if len(vs.text) == start {
		return ""
	}
	return unsafe.String(&vs.text[start], len(vs.text)-start)
}

func (vs *Violations) add(pointer, keyword, msg string) {
	if vs.block == nil {
		vs.block = new(violationBlock)
		vs.list = vs.block.first[:0]
	}
	vs.list = append(vs.list, Violation{Pointer: pointer, Keyword: keyword, Message: msg})
}

// Len returns the number of violations recorded so far.
func (vs *Violations) Len() int { return len(vs.list) }

// Err returns nil when nothing was recorded, and a *ValidationError for
// action otherwise.
func (vs *Violations) Err(action string) error {
	if len(vs.list) == 0 {
		return nil
	}
	vs.block.err = ValidationError{Action: action, Violations: vs.list}
	return &vs.block.err
}
