package mwsxml

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
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

// pathElem is one step of the path the validator is at.
type pathElem struct {
	name  string
	index int // 1-based position among repeated siblings, 0 for single
}

// validator collects violations while generated validate methods walk a
// value. The path is kept as a stack and only formatted when a violation is
// recorded, so validating a valid value allocates nothing.
type validator struct {
	path      []pathElem
	messageID any // formatted only when a violation is recorded
	out       []*Violation
	pathBuf   [16]pathElem
}

func newValidator(root string) *validator {
	v := &validator{}
	v.path = v.pathBuf[:0]
	if root != "" {
		v.path = append(v.path, pathElem{name: root})
	}
	return v
}

// err returns the collected violations as a *ValidationError, or nil.
func (v *validator) err() error {
	if len(v.out) == 0 {
		return nil
	}
	return &ValidationError{Violations: v.out}
}

func (v *validator) enter(name string, index int) { v.path = append(v.path, pathElem{name, index}) }
func (v *validator) leave()                       { v.path = v.path[:len(v.path)-1] }

// setMessageID makes id the MessageID of violations found until
// restoreMessageID(prev) is called with the returned previous value.
func (v *validator) setMessageID(id any) (prev any) {
	prev = v.messageID
	v.messageID = id
	return prev
}

func (v *validator) restoreMessageID(prev any) { v.messageID = prev }

func (v *validator) pathString(child string) string {
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

// check records f (if not nil) at the child element or attribute name.
func (v *validator) check(child string, f *Violation) {
	if f == nil {
		return
	}
	f.Path = v.pathString(child)
	if v.messageID != nil {
		f.MessageID = textOf(v.messageID)
	}
	v.out = append(v.out, f)
}

// checkAt is check for the index-th (1-based) of repeated children.
func (v *validator) checkAt(child string, index int, f *Violation) {
	if f == nil {
		return
	}
	v.check(child+"["+strconv.Itoa(index)+"]", f)
}

// occurs checks the number n of child elements against minOccurs and
// maxOccurs (max < 0: unbounded).
func (v *validator) occurs(child string, n, min, max int) {
	switch {
	case n < min && min == 1 && max == 1:
		v.check(child, &Violation{Facet: "minOccurs", Msg: "required element is missing"})
	case n < min:
		v.check(child, &Violation{Facet: "minOccurs", Msg: fmt.Sprintf("%d element(s), at least %d required", n, min)})
	case max >= 0 && n > max:
		v.check(child, &Violation{Facet: "maxOccurs", Msg: fmt.Sprintf("%d elements, at most %d allowed", n, max)})
	}
}

// required records a missing required attribute.
func (v *validator) requiredAttr(name string) {
	v.check("@"+name, &Violation{Facet: "use", Msg: "required attribute is missing"})
}

// choice checks how many alternatives of a choice are present.
func (v *validator) choice(n, min, max int, alternatives string) {
	switch {
	case n < min && min == 1:
		v.check("", &Violation{Facet: "choice", Msg: "one of " + alternatives + " is required"})
	case n < min:
		v.check("", &Violation{Facet: "choice", Msg: fmt.Sprintf("%d of %s present, at least %d required", n, alternatives, min)})
	case max >= 0 && n > max && max == 1:
		v.check("", &Violation{Facet: "choice", Msg: fmt.Sprintf("only one of %s may be present, found %d", alternatives, n)})
	case max >= 0 && n > max:
		v.check("", &Violation{Facet: "choice", Msg: fmt.Sprintf("%d of %s present, at most %d allowed", n, alternatives, max)})
	}
}

// count returns how many of bs are true.
func count(bs ...bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

// textOf formats a simple value the way it is written to XML.
func textOf(x any) string {
	switch x := x.(type) {
	case string:
		return x
	case interface{ MarshalText() ([]byte, error) }:
		b, err := x.MarshalText()
		if err != nil {
			return fmt.Sprint(x)
		}
		return string(b)
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(x)
}

// Whitespace processing (XSD part 2, 4.3.6).

// wsReplace replaces tab, line feed and carriage return with spaces.
func wsReplace(s string) string {
	if !strings.ContainsAny(s, "\t\n\r") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}

// wsCollapse replaces, then collapses runs of spaces and trims.
func wsCollapse(s string) string {
	if !strings.ContainsAny(s, "\t\n\r") && !strings.Contains(s, "  ") && strings.TrimSpace(s) == s {
		return s
	}
	return strings.Join(strings.Fields(wsReplace(s)), " ")
}

// Facet checks used by generated check methods. Each returns nil when the
// value satisfies the facet.

func violation(facet, value, format string, args ...any) *Violation {
	return &Violation{Facet: facet, Value: value, Msg: fmt.Sprintf(format, args...)}
}

func checkLength(s string, n int) *Violation {
	if l := utf8.RuneCountInString(s); l != n {
		return violation("length", s, "%q has %d characters, exactly %d required", s, l, n)
	}
	return nil
}

func checkMinLength(s string, n int) *Violation {
	if l := utf8.RuneCountInString(s); l < n {
		return violation("minLength", s, "%q has %d characters, at least %d required", s, l, n)
	}
	return nil
}

func checkMaxLength(s string, n int) *Violation {
	if l := utf8.RuneCountInString(s); l > n {
		return violation("maxLength", s, "%q has %d characters, at most %d allowed", short(s), l, n)
	}
	return nil
}

// checkPattern matches s against a pattern facet; src is the pattern as
// the schema writes it.
func checkPattern(s string, re *regexp.Regexp, src string) *Violation {
	if !re.MatchString(s) {
		return violation("pattern", s, "%q does not match the pattern %s", short(s), src)
	}
	return nil
}

func enumViolation(s, typ string, allowed string) *Violation {
	return violation("enumeration", s, "%q is not a value of %s (%s)", short(s), typ, allowed)
}

// short truncates long values in messages.
func short(s string) string {
	if len(s) <= 80 {
		return s
	}
	return s[:77] + "..."
}

// checkTotalDigits checks the number of significant digits of a decimal.
func checkTotalDigits(s string, n int) *Violation {
	if t, _ := decimalDigits(s); t > n {
		return violation("totalDigits", s, "%s has %d digits, at most %d allowed", s, t, n)
	}
	return nil
}

// checkFractionDigits checks the number of fraction digits of a decimal.
func checkFractionDigits(s string, n int) *Violation {
	if _, f := decimalDigits(s); f > n {
		return violation("fractionDigits", s, "%s has %d fraction digits, at most %d allowed", s, f, n)
	}
	return nil
}

// checkBound compares a decimal value with an inclusive or exclusive bound.
func checkBound(s, facet, bound string) *Violation {
	c := decimalCmp(s, bound)
	switch facet {
	case "minInclusive":
		if c < 0 {
			return violation(facet, s, "%s is less than %s", s, bound)
		}
	case "maxInclusive":
		if c > 0 {
			return violation(facet, s, "%s is greater than %s", s, bound)
		}
	case "minExclusive":
		if c <= 0 {
			return violation(facet, s, "%s is not greater than %s", s, bound)
		}
	case "maxExclusive":
		if c >= 0 {
			return violation(facet, s, "%s is not less than %s", s, bound)
		}
	}
	return nil
}

// checkIntBound is checkBound for integer values.
func checkIntBound(n int64, facet string, bound int64) *Violation {
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
		return violation(facet, s, "%s is outside the %s bound %d", s, facet, bound)
	}
	return nil
}

// checkUintBound is checkBound for unsigned integer values.
func checkUintBound(n uint64, facet string, bound uint64) *Violation {
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
		return violation(facet, s, "%s is outside the %s bound %d", s, facet, bound)
	}
	return nil
}

// checkFloatBound is checkBound for float and double values.
func checkFloatBound(f float64, facet string, bound float64) *Violation {
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
		return violation(facet, s, "%s is outside the %s bound %s", s, facet, b)
	}
	return nil
}

// checkDecimal checks the xsd:decimal lexical form.
func checkDecimal(s string) *Violation {
	if !isDecimal(s) {
		return violation("lexical", s, "%q is not a decimal number", short(s))
	}
	return nil
}

// checkDateTimeSet reports a dateTime that was never set (the zero time
// would be written as year 1).
func checkDateTimeSet(d DateTime) *Violation {
	if d.IsZero() && d.raw == "" {
		return violation("lexical", "", "dateTime is not set")
	}
	return nil
}

// lexical forms of the built-in types kept as strings.
var lexicalForms = map[string]*regexp.Regexp{
	"date":         regexp.MustCompile(`^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(Z|[+-]\d{2}:\d{2})?$`),
	"time":         regexp.MustCompile(`^(([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?|24:00:00(\.0+)?)(Z|[+-]\d{2}:\d{2})?$`),
	"gYear":        regexp.MustCompile(`^-?\d{4,}(Z|[+-]\d{2}:\d{2})?$`),
	"gYearMonth":   regexp.MustCompile(`^-?\d{4,}-(0[1-9]|1[0-2])(Z|[+-]\d{2}:\d{2})?$`),
	"gMonthDay":    regexp.MustCompile(`^--(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(Z|[+-]\d{2}:\d{2})?$`),
	"gDay":         regexp.MustCompile(`^---(0[1-9]|[12]\d|3[01])(Z|[+-]\d{2}:\d{2})?$`),
	"gMonth":       regexp.MustCompile(`^--(0[1-9]|1[0-2])(Z|[+-]\d{2}:\d{2})?$`),
	"duration":     regexp.MustCompile(`^-?P(\d+Y)?(\d+M)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$`),
	"dateTime":     regexp.MustCompile(`^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T(([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?|24:00:00(\.0+)?)(Z|[+-]\d{2}:\d{2})?$`),
	"boolean":      regexp.MustCompile(`^(true|false|1|0)$`),
	"hexBinary":    regexp.MustCompile(`^([0-9a-fA-F]{2})*$`),
	"base64Binary": regexp.MustCompile(`^((([A-Za-z0-9+/] ?){4})*(([A-Za-z0-9+/] ?){3}[A-Za-z0-9+/]|([A-Za-z0-9+/] ?){2}[AEIMQUYcgkosw048] ?=|[A-Za-z0-9+/] ?[AQgw] ?= ?=))?$`),
	"integer":      regexp.MustCompile(`^[+-]?\d+$`),
}

// checkLexical checks s against the lexical form of a built-in type kept
// as a string (date, time, gYear, duration, base64Binary, ...).
func checkLexical(kind, s string) *Violation {
	re, ok := lexicalForms[kind]
	if !ok {
		return nil
	}
	if !re.MatchString(s) {
		return violation("lexical", s, "%q is not a valid xsd:%s", short(s), kind)
	}
	if kind == "duration" && (s == "P" || s == "-P" || strings.HasSuffix(s, "T")) {
		return violation("lexical", s, "%q is not a valid xsd:duration", s)
	}
	return nil
}

// errOf turns a single check result into a Validate result.
func errOf(root string, f *Violation) error {
	if f == nil {
		return nil
	}
	v := newValidator("")
	v.check(root, f)
	return v.err()
}

// Field checks used by the generated validate methods, one line per field.

// checker is a generated simple type.
type checker interface{ check() *Violation }

func checkOpt[T checker](v *validator, name string, p *T) {
	if p != nil {
		v.check(name, (*p).check())
	}
}

func checkMany[T checker](v *validator, name string, s []T) {
	for i := range s {
		v.checkAt(name, i+1, s[i].check())
	}
}

// checkOptFn and checkManyFn check built-in typed values with f.
func checkOptFn[T any](v *validator, name string, p *T, f func(T) *Violation) {
	if p != nil {
		v.check(name, f(*p))
	}
}

func checkManyFn[T any](v *validator, name string, s []T, f func(T) *Violation) {
	for i := range s {
		v.checkAt(name, i+1, f(s[i]))
	}
}

// structValidator is a generated struct type (through its pointer).
type structValidator[T any] interface {
	*T
	validate(v *validator)
}

func validateOpt[T any, P structValidator[T]](v *validator, name string, p P) {
	if p != nil {
		v.enter(name, 0)
		p.validate(v)
		v.leave()
	}
}

func validateMany[T any, P structValidator[T]](v *validator, name string, s []T) {
	for i := range s {
		v.enter(name, i+1)
		P(&s[i]).validate(v)
		v.leave()
	}
}
