package xsdrt

import (
	"fmt"
	"strings"
)

// Violation is one schema constraint a value breaks, found by a generated
// Validate method before anything is sent to Amazon.
type Violation struct {
	// MessageID is the MessageID of the envelope message the value belongs
	// to ("" outside a message).
	MessageID string
	// Path is the element path from the validated value, e.g.
	// "AmazonEnvelope/Message[2]/OrderFulfillment/Item[1]/Quantity"; an
	// attribute is written "@currency".
	Path string
	// Facet names the constraint: a facet ("pattern", "enumeration",
	// "maxLength", "fractionDigits", "minInclusive", ...), "lexical" for a
	// malformed built-in value, "minOccurs"/"maxOccurs" for element counts
	// or "choice" for choice exclusivity.
	Facet string
	// Value is the offending value as text ("" for structural violations).
	Value string
	// Msg says what is wrong.
	Msg string
}

// Error formats v as "MessageID 3: Path: facet: msg".
func (v *Violation) Error() string {
	var b strings.Builder
	if v.MessageID != "" {
		b.WriteString("MessageID ")
		b.WriteString(v.MessageID)
		b.WriteString(": ")
	}
	if v.Path != "" {
		b.WriteString(v.Path)
		b.WriteString(": ")
	}
	b.WriteString(v.Facet)
	b.WriteString(": ")
	b.WriteString(v.Msg)
	return b.String()
}

// ValidationError is what Validate returns: every violation found, in
// document order. Use errors.As to get it and inspect Violations.
type ValidationError struct {
	Violations []*Violation
}

// maxListed bounds how many violations Error spells out.
const maxListed = 10

// Error lists the first violations.
func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "mwsxml: %d schema violation", len(e.Violations))
	if len(e.Violations) != 1 {
		b.WriteByte('s')
	}
	for i, v := range e.Violations {
		if i == maxListed {
			fmt.Fprintf(&b, "; and %d more", len(e.Violations)-maxListed)
			break
		}
		b.WriteString("; ")
		b.WriteString(v.Error())
	}
	return b.String()
}

// Unwrap returns the violations as errors.
func (e *ValidationError) Unwrap() []error {
	out := make([]error, len(e.Violations))
	for i, v := range e.Violations {
		out[i] = v
	}
	return out
}
