package mwsxml

import (
	"time"

	"github.com/spgen/spgen/mwsxml/xsdrt"
)

// The value and error types of the generated code live in the runtime
// package xsdrt (so that code generated from another release of the
// schemas, into another directory, shares them); these aliases keep the
// names users of package mwsxml know.

// Decimal is an xsd:decimal kept as its text; see xsdrt.Decimal.
type Decimal = xsdrt.Decimal

// DateTime is an xsd:dateTime that writes back the text it was read from;
// see xsdrt.DateTime.
type DateTime = xsdrt.DateTime

// AnyElement is an element matched by xsd:any, kept as raw XML; see
// xsdrt.AnyElement.
type AnyElement = xsdrt.AnyElement

// Violation is one schema constraint a value breaks; see xsdrt.Violation.
type Violation = xsdrt.Violation

// ValidationError lists every violation Validate found; see
// xsdrt.ValidationError.
type ValidationError = xsdrt.ValidationError

// InvalidCharError reports a character XML cannot carry; see
// xsdrt.InvalidCharError.
type InvalidCharError = xsdrt.InvalidCharError

// Ptr returns a pointer to v, for optional elements and attributes:
//
//	ShippingMethod: mwsxml.Ptr[mwsxml.String]("USPS First Class")
func Ptr[T any](v T) *T { return &v }

// DecimalOf returns the shortest Decimal that reads back as f.
func DecimalOf(f float64) Decimal { return xsdrt.DecimalOf(f) }

// DecimalInt returns i as a Decimal.
func DecimalInt(i int64) Decimal { return xsdrt.DecimalInt(i) }

// NewDateTime returns a DateTime for t.
func NewDateTime(t time.Time) DateTime { return xsdrt.NewDateTime(t) }

// ParseDateTime parses the xsd:dateTime lexical form.
func ParseDateTime(s string) (DateTime, error) { return xsdrt.ParseDateTime(s) }
