package xsdrt

import (
	"regexp"
	"strings"
)

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

// CheckLexical checks s against the lexical form of a built-in type kept
// as a string (date, time, gYear, duration, base64Binary, ...).
func CheckLexical(kind, s string) *Violation {
	re, ok := lexicalForms[kind]
	if !ok {
		return nil
	}
	if !re.MatchString(s) {
		return NewViolation("lexical", s, "%q is not a valid xsd:%s", Short(s), kind)
	}
	if kind == "duration" && (s == "P" || s == "-P" || strings.HasSuffix(s, "T")) {
		return NewViolation("lexical", s, "%q is not a valid xsd:duration", s)
	}
	return nil
}
