package xsdrt

import (
	"fmt"
	"strings"
)

// TextOf formats a simple value the way it is written to XML.
func TextOf(x any) string {
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

// WSReplace replaces tab, line feed and carriage return with spaces.
func WSReplace(s string) string {
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

// WSCollapse replaces, then collapses runs of spaces and trims.
func WSCollapse(s string) string {
	if !strings.ContainsAny(s, "\t\n\r") && !strings.Contains(s, "  ") && strings.TrimSpace(s) == s {
		return s
	}
	return strings.Join(strings.Fields(WSReplace(s)), " ")
}
