package xsdrt

import (
	"fmt"
	"regexp"
	"strconv"
	"unicode/utf8"
)

// Facet checks used by generated check methods. Each returns nil when the
// value satisfies the facet.

// NewViolation returns a Violation of facet for value, its message formatted from format and args.
func NewViolation(facet, value, format string, args ...any) *Violation {
	return &Violation{Facet: facet, Value: value, Msg: fmt.Sprintf(format, args...)}
}

// CheckLength checks the length facet: s has exactly n characters.
func CheckLength(s string, n int) *Violation {
	if l := utf8.RuneCountInString(s); l != n {
		return NewViolation("length", s, "%q has %d characters, exactly %d required", s, l, n)
	}
	return nil
}

// CheckMinLength checks the minLength facet: s has at least n characters.
func CheckMinLength(s string, n int) *Violation {
	if l := utf8.RuneCountInString(s); l < n {
		return NewViolation("minLength", s, "%q has %d characters, at least %d required", s, l, n)
	}
	return nil
}

// CheckMaxLength checks the maxLength facet: s has at most n characters.
func CheckMaxLength(s string, n int) *Violation {
	if l := utf8.RuneCountInString(s); l > n {
		return NewViolation("maxLength", s, "%q has %d characters, at most %d allowed", Short(s), l, n)
	}
	return nil
}

// CheckPattern matches s against a pattern facet; src is the pattern as
// the schema writes it.
func CheckPattern(s string, re *regexp.Regexp, src string) *Violation {
	if !re.MatchString(s) {
		return NewViolation("pattern", s, "%q does not match the pattern %s", Short(s), src)
	}
	return nil
}

// EnumViolation is the violation of an enumeration facet of type typ by s; allowed lists the values.
func EnumViolation(s, typ string, allowed string) *Violation {
	return NewViolation("enumeration", s, "%q is not a value of %s (%s)", Short(s), typ, allowed)
}

// Short truncates long values in messages.
func Short(s string) string {
	if len(s) <= 80 {
		return s
	}
	return s[:77] + "..."
}

// CheckTotalDigits checks the number of significant digits of a decimal.
func CheckTotalDigits(s string, n int) *Violation {
	if t, _ := decimalDigits(s); t > n {
		return NewViolation("totalDigits", s, "%s has %d digits, at most %d allowed", s, t, n)
	}
	return nil
}

// CheckFractionDigits checks the number of fraction digits of a decimal.
func CheckFractionDigits(s string, n int) *Violation {
	if _, f := decimalDigits(s); f > n {
		return NewViolation("fractionDigits", s, "%s has %d fraction digits, at most %d allowed", s, f, n)
	}
	return nil
}

// CheckBound compares a decimal value with an inclusive or exclusive bound.
func CheckBound(s, facet, bound string) *Violation {
	c := DecimalCmp(s, bound)
	switch facet {
	case "minInclusive":
		if c < 0 {
			return NewViolation(facet, s, "%s is less than %s", s, bound)
		}
	case "maxInclusive":
		if c > 0 {
			return NewViolation(facet, s, "%s is greater than %s", s, bound)
		}
	case "minExclusive":
		if c <= 0 {
			return NewViolation(facet, s, "%s is not greater than %s", s, bound)
		}
	case "maxExclusive":
		if c >= 0 {
			return NewViolation(facet, s, "%s is not less than %s", s, bound)
		}
	}
	return nil
}

// CheckIntBound is CheckBound for integer values.
func CheckIntBound(n int64, facet string, bound int64) *Violation {
	ok := true
	switch facet {
	case "minInclusive":
		ok = n >= bound
	case "maxInclusive":
		ok = n <= bound
	case "minExclusive":
		ok = n > bound
	case "maxExclusive":
		ok = n < bound
	}
	if !ok {
		s := strconv.FormatInt(n, 10)
		return NewViolation(facet, s, "%s is outside the %s bound %d", s, facet, bound)
	}
	return nil
}

// CheckUintBound is CheckBound for unsigned integer values.
func CheckUintBound(n uint64, facet string, bound uint64) *Violation {
	ok := true
	switch facet {
	case "minInclusive":
		ok = n >= bound
	case "maxInclusive":
		ok = n <= bound
	case "minExclusive":
		ok = n > bound
	case "maxExclusive":
		ok = n < bound
	}
	if !ok {
		s := strconv.FormatUint(n, 10)
		return NewViolation(facet, s, "%s is outside the %s bound %d", s, facet, bound)
	}
	return nil
}

// CheckFloatBound is CheckBound for float and double values.
func CheckFloatBound(f float64, facet string, bound float64) *Violation {
	s := strconv.FormatFloat(f, 'g', -1, 64)
	b := strconv.FormatFloat(bound, 'g', -1, 64)
	ok := true
	switch facet {
	case "minInclusive":
		ok = f >= bound
	case "maxInclusive":
		ok = f <= bound
	case "minExclusive":
		ok = f > bound
	case "maxExclusive":
		ok = f < bound
	}
	if !ok {
		return NewViolation(facet, s, "%s is outside the %s bound %s", s, facet, b)
	}
	return nil
}

// CheckDecimal checks the xsd:decimal lexical form.
func CheckDecimal(s string) *Violation {
	if !isDecimal(s) {
		return NewViolation("lexical", s, "%q is not a decimal number", Short(s))
	}
	return nil
}

// CheckDateTimeSet reports a dateTime that was never set (the zero time
// would be written as year 1).
func CheckDateTimeSet(d DateTime) *Violation {
	if d.IsZero() && d.raw == "" {
		return NewViolation("lexical", "", "dateTime is not set")
	}
	return nil
}
