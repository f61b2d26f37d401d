package mwsxml

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Ptr returns a pointer to v, for optional elements and attributes:
//
//	ShippingMethod: mwsxml.Ptr[mwsxml.String]("USPS First Class")
func Ptr[T any](v T) *T { return &v }

// Decimal is an xsd:decimal kept exactly as its digits, so that no value is
// rounded on its way through Go. Types restricted with fractionDigits write
// it padded to that many fraction digits (12.5 → 12.50).
type Decimal string

// DecimalOf returns the shortest Decimal that reads back as f.
func DecimalOf(f float64) Decimal { return Decimal(strconv.FormatFloat(f, 'f', -1, 64)) }

// DecimalInt returns i as a Decimal.
func DecimalInt(i int64) Decimal { return Decimal(strconv.FormatInt(i, 10)) }

// Float64 returns d as the nearest float64.
func (d Decimal) Float64() (float64, error) {
	if !isDecimal(string(d)) {
		return 0, fmt.Errorf("mwsxml: %q is not a decimal", string(d))
	}
	return strconv.ParseFloat(strings.TrimSpace(string(d)), 64)
}

// isDecimal reports whether s is an xsd:decimal: an optional sign, digits
// and an optional fraction, at least one digit in all.
func isDecimal(s string) bool {
	s = strings.TrimSpace(s)
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	digits, dot := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return digits > 0
}

// decimalParts splits a valid decimal into sign, integer digits without
// leading zeros and fraction digits without trailing zeros.
func decimalParts(s string) (neg bool, intPart, frac string) {
	s = strings.TrimSpace(s)
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	intPart, frac, _ = strings.Cut(s, ".")
	intPart = strings.TrimLeft(intPart, "0")
	frac = strings.TrimRight(frac, "0")
	if intPart == "" && frac == "" {
		neg = false
	}
	return neg, intPart, frac
}

// decimalDigits returns the total and fraction digits of a decimal as XSD
// counts them (insignificant zeros excluded, at least one digit).
func decimalDigits(s string) (total, fraction int) {
	_, i, f := decimalParts(s)
	total = len(i) + len(f)
	if total == 0 {
		total = 1
	}
	return total, len(f)
}

// decimalCmp compares two valid decimals numerically.
func decimalCmp(a, b string) int {
	an, ai, af := decimalParts(a)
	bn, bi, bf := decimalParts(b)
	if an != bn {
		if an {
			return -1
		}
		return 1
	}
	c := cmpMagnitude(ai, af, bi, bf)
	if an {
		return -c
	}
	return c
}

func cmpMagnitude(ai, af, bi, bf string) int {
	if len(ai) != len(bi) {
		if len(ai) < len(bi) {
			return -1
		}
		return 1
	}
	if c := strings.Compare(ai, bi); c != 0 {
		return c
	}
	n := max(len(af), len(bf))
	af += strings.Repeat("0", n-len(af))
	bf += strings.Repeat("0", n-len(bf))
	return strings.Compare(af, bf)
}

// formatDecimal pads a decimal's fraction to fd digits (12.5 → 12.50 for
// fd = 2). Values that are not decimals, or already have fd or more
// fraction digits, are returned unchanged.
func formatDecimal(s string, fd int) string {
	if fd <= 0 || !isDecimal(s) {
		return s
	}
	s = strings.TrimSpace(s)
	i := strings.IndexByte(s, '.')
	have := 0
	if i >= 0 {
		have = len(s) - i - 1
	}
	if have >= fd {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + fd - have + 1)
	b.WriteString(s)
	if i < 0 {
		b.WriteByte('.')
	}
	for ; have < fd; have++ {
		b.WriteByte('0')
	}
	return b.String()
}

// DateTime is an xsd:dateTime. It embeds the time.Time it denotes and
// remembers the text it was read from, so that a value read from a feed or
// report and written back unchanged keeps its exact spelling (time zone or
// none, fraction digits). A DateTime built from a time.Time is written in
// RFC 3339.
//
// xsd:dateTime values without a time zone are read as UTC; [DateTime.Zoneless]
// reports that they had none.
type DateTime struct {
	time.Time

	raw    string    // text as read, "" for values built in Go
	parsed time.Time // Time as read, to notice changes
}

// NewDateTime returns a DateTime for t.
func NewDateTime(t time.Time) DateTime { return DateTime{Time: t} }

// ParseDateTime parses the xsd:dateTime lexical form.
func ParseDateTime(s string) (DateTime, error) {
	s = strings.TrimSpace(s)
	if !lexicalForms["dateTime"].MatchString(s) {
		return DateTime{}, fmt.Errorf("mwsxml: %q is not an xsd:dateTime", short(s))
	}
	layout := "2006-01-02T15:04:05.999999999"
	hasZone := strings.HasSuffix(s, "Z") || strings.LastIndexAny(s, "+-") > strings.IndexByte(s, 'T')
	if hasZone {
		layout += "Z07:00"
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return DateTime{}, fmt.Errorf("mwsxml: %q is not an xsd:dateTime: %w", short(s), err)
	}
	return DateTime{Time: t, raw: s, parsed: t}, nil
}

// Zoneless reports whether the value was read without a time zone.
func (d DateTime) Zoneless() bool {
	return d.raw != "" && d.Time.Equal(d.parsed) && !strings.HasSuffix(d.raw, "Z") &&
		strings.LastIndexAny(d.raw, "+-") < strings.IndexByte(d.raw, 'T')
}

// String returns the xsd:dateTime text of d.
func (d DateTime) String() string {
	if d.raw != "" && d.Time.Equal(d.parsed) && d.Time.Location() == d.parsed.Location() {
		return d.raw
	}
	return d.Time.Format(time.RFC3339Nano)
}

// MarshalText implements encoding.TextMarshaler.
func (d DateTime) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *DateTime) UnmarshalText(b []byte) error {
	v, err := ParseDateTime(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// AnyElement is an element matched by an xsd:any wildcard (or declared
// without a type), kept as raw XML: its name, attributes and inner XML are
// written back exactly as read.
type AnyElement struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	InnerXML []byte     `xml:",innerxml"`
}
