package actionschema

import (
	"fmt"
	"strconv"
	"strings"
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
	n := 0
	for q := p; q != nil && q.parent != nil; q = q.parent {
		n += 1 + q.tokenLen()
	}
	if n == 0 {
		return ""
	}
	var b strings.Builder
	b.Grow(n)
	p.write(&b)
	return b.String()
}

// write appends the pointer of p to b, root first.
func (p *Path) write(b *strings.Builder) {
	if p == nil || p.parent == nil {
		return
	}
	p.parent.write(b)
	b.WriteByte('/')
	if p.isElem {
		var tmp [20]byte
		b.Write(strconv.AppendInt(tmp[:0], int64(p.index), 10))
		return
	}
	for i := 0; i < len(p.key); i++ {
		switch c := p.key[i]; c {
		case '~':
			b.WriteString("~0")
		case '/':
			b.WriteString("~1")
		default:
			b.WriteByte(c)
		}
	}
}

func (p *Path) tokenLen() int {
	if p.isElem {
		var tmp [20]byte
		return len(strconv.AppendInt(tmp[:0], int64(p.index), 10))
	}
	return len(p.key) + strings.Count(p.key, "~") + strings.Count(p.key, "/")
}

// Violations collects violations while a value is checked. The zero value
// is ready to use.
type Violations struct {
	list []Violation
}

// Add records a violation of keyword at p.
func (vs *Violations) Add(p Path, keyword, format string, args ...any) {
	if vs.list == nil {
		vs.list = make([]Violation, 0, 4)
	}
	vs.list = append(vs.list, Violation{Pointer: p.String(), Keyword: keyword, Message: fmt.Sprintf(format, args...)})
}

// Len returns the number of violations recorded so far.
func (vs *Violations) Len() int { return len(vs.list) }

// Err returns nil when nothing was recorded, and a *ValidationError for
// action otherwise.
func (vs *Violations) Err(action string) error {
	if len(vs.list) == 0 {
		return nil
	}
	return &ValidationError{Action: action, Violations: vs.list}
}
