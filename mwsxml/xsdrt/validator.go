package xsdrt

import (
	"fmt"
	"strconv"
	"strings"
)

// pathElem is one step of the path the Validator is at.
type pathElem struct {
	name  string
	index int // 1-based position among repeated siblings, 0 for single
}

// Validator collects violations while generated XSDValidate methods walk a
// value. The path is kept as a stack and only formatted when a violation is
// recorded, so validating a valid value allocates nothing.
type Validator struct {
	path      []pathElem
	messageID any // formatted only when a violation is recorded
	out       []*Violation
	pathBuf   [16]pathElem
}

// NewValidator starts a validation whose paths begin with root ("" for none).
func NewValidator(root string) *Validator {
	v := &Validator{}
	v.path = v.pathBuf[:0]
	if root != "" {
		v.path = append(v.path, pathElem{name: root})
	}
	return v
}

// Err returns the collected violations as a *ValidationError, or nil.
func (v *Validator) Err() error {
	if len(v.out) == 0 {
		return nil
	}
	return &ValidationError{Violations: v.out}
}

// Enter descends into the child element name (index: 1-based position among repeated siblings, 0 for a single one).
func (v *Validator) Enter(name string, index int) { v.path = append(v.path, pathElem{name, index}) }

// Leave returns from the element entered last.
func (v *Validator) Leave() { v.path = v.path[:len(v.path)-1] }

// SetMessageID makes id the MessageID of violations found until
// RestoreMessageID(prev) is called with the returned previous value.
func (v *Validator) SetMessageID(id any) (prev any) {
	prev = v.messageID
	v.messageID = id
	return prev
}

// RestoreMessageID undoes SetMessageID with the value it returned.
func (v *Validator) RestoreMessageID(prev any) { v.messageID = prev }

func (v *Validator) pathString(child string) string {
	var b strings.Builder
	for i, p := range v.path {
		if i > 0 {
			b.WriteByte('/')
		}
		b.WriteString(p.name)
		if p.index > 0 {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(p.index))
			b.WriteByte(']')
		}
	}
	if child != "" {
		if b.Len() > 0 {
			b.WriteByte('/')
		}
		b.WriteString(child)
	}
	return b.String()
}

// Check records f (if not nil) at the child element or attribute name.
func (v *Validator) Check(child string, f *Violation) {
	if f == nil {
		return
	}
	f.Path = v.pathString(child)
	if v.messageID != nil {
		f.MessageID = TextOf(v.messageID)
	}
	v.out = append(v.out, f)
}

// CheckAt is Check for the index-th (1-based) of repeated children.
func (v *Validator) CheckAt(child string, index int, f *Violation) {
	if f == nil {
		return
	}
	v.Check(child+"["+strconv.Itoa(index)+"]", f)
}

// Occurs checks the number n of child elements against minOccurs and
// maxOccurs (max < 0: unbounded).
func (v *Validator) Occurs(child string, n, min, max int) {
	switch {
	case n < min && min == 1 && max == 1:
		v.Check(child, &Violation{Facet: "minOccurs", Msg: "required element is missing"})
	case n < min:
		v.Check(child, &Violation{Facet: "minOccurs", Msg: fmt.Sprintf("%d element(s), at least %d required", n, min)})
	case max >= 0 && n > max:
		v.Check(child, &Violation{Facet: "maxOccurs", Msg: fmt.Sprintf("%d elements, at most %d allowed", n, max)})
	}
}

// RequiredAttr records a missing required attribute.
func (v *Validator) RequiredAttr(name string) {
	v.Check("@"+name, &Violation{Facet: "use", Msg: "required attribute is missing"})
}

// Choice checks how many alternatives of a choice are present.
func (v *Validator) Choice(n, min, max int, alternatives string) {
	switch {
	case n < min && min == 1:
		v.Check("", &Violation{Facet: "choice", Msg: "one of " + alternatives + " is required"})
	case n < min:
		v.Check("", &Violation{Facet: "choice", Msg: fmt.Sprintf("%d of %s present, at least %d required", n, alternatives, min)})
	case max >= 0 && n > max && max == 1:
		v.Check("", &Violation{Facet: "choice", Msg: fmt.Sprintf("only one of %s may be present, found %d", alternatives, n)})
	case max >= 0 && n > max:
		v.Check("", &Violation{Facet: "choice", Msg: fmt.Sprintf("%d of %s present, at most %d allowed", n, alternatives, max)})
	}
}

// Count returns how many of bs are true.
func Count(bs ...bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}
