package xsdrt

import (
	"fmt"
	"strconv"
	"strings"
)

// Decimal is an xsd:decimal kept exactly as its text, so that no value is
// rounded on its way through Go and a value read from a document is written
// back as it was read ("19.90" stays "19.90" under fractionDigits 4; the
// fractionDigits facet is a maximum, checked by Validate). FormatDecimal pads
// a value to a number of fraction digits for those who want it.
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

// DecimalCmp compares two valid decimals numerically.
func DecimalCmp(a, b string) int {
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

// FormatDecimal pads a decimal's fraction to fd digits (12.5 → 12.50 for
// fd = 2). Values that are not decimals, or already have fd or more
// fraction digits, are returned unchanged.
func FormatDecimal(s string, fd int) string {
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
