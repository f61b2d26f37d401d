package xsdrt

import (
	"fmt"
	"unicode/utf8"
)

// InvalidCharError reports a character XML 1.0 cannot carry (a control
// character, a surrogate, U+FFFE/U+FFFF or a byte that is not UTF-8). The
// encoding/xml package silently replaces such characters with U+FFFD;
// EnvelopeWriter refuses them, so that no feed is sent with data changed.
type InvalidCharError struct {
	// Element is the element (or "element/@attribute") holding the text.
	Element string
	// Rune is the character; utf8.RuneError for invalid UTF-8.
	Rune rune
	// Offset is the byte offset of the character in the text.
	Offset int
}

// Error names the element, the character and its offset.
func (e *InvalidCharError) Error() string {
	if e.Rune == utf8.RuneError {
		return fmt.Sprintf("mwsxml: %s: invalid UTF-8 at byte %d", e.Element, e.Offset)
	}
	return fmt.Sprintf("mwsxml: %s: character %U at byte %d is not allowed in XML", e.Element, e.Rune, e.Offset)
}

// isXMLChar reports whether r may appear in an XML 1.0 document.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// firstInvalid returns the offset and rune of the first character of s
// that XML cannot carry, or -1.
func firstInvalid(s string) (int, rune) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D {
				return i, rune(c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return i, utf8.RuneError
		}
		if !isXMLChar(r) {
			return i, r
		}
		i += n
	}
	return -1, 0
}
