package xsd

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// Character class escapes of XML Schema regular expressions (XSD 1.0 part 2,
// appendix F) spelled in Go's RE2 syntax, as the inside of a bracket
// expression. \w is "everything but punctuation, separators and others",
// which is letters, marks, numbers and symbols.
var classEscapes = map[rune]string{
	'd': `\p{Nd}`,
	'w': `\p{L}\p{M}\p{N}\p{S}`,
	'W': `\p{P}\p{Z}\p{C}`,
	's': `\x20\t\n\r`,
	'i': `\p{L}_:`,
	'c': `\p{L}\p{Nd}\p{Mn}\p{Mc}\p{Lm}\p{Nl}._:\-\x{B7}`,
}

// negatedEscapes are the upper-case escapes that only make sense on their
// own (outside a bracket expression they become a negated class).
var negatedEscapes = map[rune]rune{'D': 'd', 'S': 's', 'I': 'i', 'C': 'c'}

// blocks maps the Unicode block names used with \p{IsName} to their ranges.
var blocks = map[string]string{
	"BasicLatin":                     `\x{0000}-\x{007F}`,
	"Latin-1Supplement":              `\x{0080}-\x{00FF}`,
	"LatinExtended-A":                `\x{0100}-\x{017F}`,
	"LatinExtended-B":                `\x{0180}-\x{024F}`,
	"IPAExtensions":                  `\x{0250}-\x{02AF}`,
	"SpacingModifierLetters":         `\x{02B0}-\x{02FF}`,
	"CombiningDiacriticalMarks":      `\x{0300}-\x{036F}`,
	"Greek":                          `\x{0370}-\x{03FF}`,
	"Cyrillic":                       `\x{0400}-\x{04FF}`,
	"Hebrew":                         `\x{0590}-\x{05FF}`,
	"Arabic":                         `\x{0600}-\x{06FF}`,
	"LatinExtendedAdditional":        `\x{1E00}-\x{1EFF}`,
	"GeneralPunctuation":             `\x{2000}-\x{206F}`,
	"CurrencySymbols":                `\x{20A0}-\x{20CF}`,
	"LetterlikeSymbols":              `\x{2100}-\x{214F}`,
	"CJKSymbolsandPunctuation":       `\x{3000}-\x{303F}`,
	"Hiragana":                       `\x{3040}-\x{309F}`,
	"Katakana":                       `\x{30A0}-\x{30FF}`,
	"CJKUnifiedIdeographs":           `\x{4E00}-\x{9FFF}`,
	"HalfwidthandFullwidthForms":     `\x{FF00}-\x{FFEF}`,
	"AlphabeticPresentationForms":    `\x{FB00}-\x{FB4F}`,
	"ArabicPresentationForms-A":      `\x{FB50}-\x{FDFF}`,
	"CombiningHalfMarks":             `\x{FE20}-\x{FE2F}`,
	"CJKCompatibilityForms":          `\x{FE30}-\x{FE4F}`,
	"SmallFormVariants":              `\x{FE50}-\x{FE6F}`,
	"ArabicPresentationForms-B":      `\x{FE70}-\x{FEFF}`,
	"MathematicalOperators":          `\x{2200}-\x{22FF}`,
	"MiscellaneousTechnical":         `\x{2300}-\x{23FF}`,
	"BoxDrawing":                     `\x{2500}-\x{257F}`,
	"GeometricShapes":                `\x{25A0}-\x{25FF}`,
	"MiscellaneousSymbols":           `\x{2600}-\x{26FF}`,
	"Dingbats":                       `\x{2700}-\x{27BF}`,
	"HangulSyllables":                `\x{AC00}-\x{D7A3}`,
	"Thai":                           `\x{0E00}-\x{0E7F}`,
	"Devanagari":                     `\x{0900}-\x{097F}`,
	"Armenian":                       `\x{0530}-\x{058F}`,
	"Georgian":                       `\x{10A0}-\x{10FF}`,
	"SuperscriptsandSubscripts":      `\x{2070}-\x{209F}`,
	"NumberForms":                    `\x{2150}-\x{218F}`,
	"Arrows":                         `\x{2190}-\x{21FF}`,
	"EnclosedAlphanumerics":          `\x{2460}-\x{24FF}`,
	"CJKCompatibilityIdeographs":     `\x{F900}-\x{FAFF}`,
	"HangulJamo":                     `\x{1100}-\x{11FF}`,
	"Bopomofo":                       `\x{3100}-\x{312F}`,
	"KangxiRadicals":                 `\x{2F00}-\x{2FDF}`,
	"EnclosedCJKLettersandMonths":    `\x{3200}-\x{32FF}`,
	"CJKCompatibility":               `\x{3300}-\x{33FF}`,
	"CJKUnifiedIdeographsExtensionA": `\x{3400}-\x{4DB5}`,
}

// TranslatePattern turns an XML Schema regular expression into an anchored
// Go regular expression with the same meaning, or reports why it cannot.
// XSD patterns always match the whole value, treat ^ and $ as ordinary
// characters, and define \w, \d, \s, \i, \c and \p{IsBlock} differently
// from Go; character class subtraction ([a-z-[aeiou]]) is not supported.
func TranslatePattern(p string) (string, error) {
	t := &patTranslator{src: []rune(p)}
	var b strings.Builder
	b.WriteString(`^(?:`)
	if err := t.regExp(&b); err != nil {
		return "", err
	}
	if t.i < len(t.src) {
		return "", fmt.Errorf("unbalanced ')' at offset %d", t.i)
	}
	b.WriteString(`)$`)
	out := b.String()
	if _, err := regexp.Compile(out); err != nil {
		return "", fmt.Errorf("translated pattern %q does not compile: %w", out, err)
	}
	return out, nil
}

type patTranslator struct {
	src []rune
	i   int
}

func (t *patTranslator) peek() (rune, bool) {
	if t.i < len(t.src) {
		return t.src[t.i], true
	}
	return 0, false
}

// regExp translates branches up to an unmatched ')' or the end.
func (t *patTranslator) regExp(b *strings.Builder) error {
	for {
		r, ok := t.peek()
		if !ok || r == ')' {
			return nil
		}
		switch r {
		case '|':
			b.WriteRune('|')
			t.i++
		case '(':
			t.i++
			b.WriteString("(?:")
			if err := t.regExp(b); err != nil {
				return err
			}
			if r, ok := t.peek(); !ok || r != ')' {
				return fmt.Errorf("missing ')' for '(' in pattern")
			}
			t.i++
			b.WriteRune(')')
		case '[':
			if err := t.class(b); err != nil {
				return err
			}
		case '\\':
			s, err := t.escape(false)
			if err != nil {
				return err
			}
			b.WriteString(s)
		case '.':
			t.i++
			b.WriteString(`[^\n\r]`)
		case '^', '$':
			t.i++
			b.WriteRune('\\')
			b.WriteRune(r)
		case '*', '+', '?':
			t.i++
			b.WriteRune(r)
		case '{':
			j := t.i + 1
			for j < len(t.src) && (unicode.IsDigit(t.src[j]) || t.src[j] == ',') {
				j++
			}
			if j >= len(t.src) || t.src[j] != '}' || j == t.i+1 {
				return fmt.Errorf("malformed quantifier at offset %d", t.i)
			}
			b.WriteString(string(t.src[t.i : j+1]))
			t.i = j + 1
		case ']', '}':
			return fmt.Errorf("unescaped %q at offset %d", r, t.i)
		default:
			t.i++
			writeLiteral(b, r)
		}
	}
}

// escape translates the escape at t.i; inClass says whether it occurs
// inside a bracket expression.
func (t *patTranslator) escape(inClass bool) (string, error) {
	s, _, err := t.escapeSingle(inClass)
	return s, err
}

// escapeSingle is escape that also reports whether the escape stands for a
// single character (and so may start or end a range).
func (t *patTranslator) escapeSingle(inClass bool) (out string, single bool, err error) {
	out, err = t.escapeRaw(inClass)
	if err != nil {
		return "", false, err
	}
	single = len(out) == 2 && out[0] == '\\' && strings.ContainsRune(`ntr\\|.-^?*+{}()[]`, rune(out[1]))
	return out, single, nil
}

func (t *patTranslator) escapeRaw(inClass bool) (string, error) {
	t.i++ // backslash
	r, ok := t.peek()
	if !ok {
		return "", fmt.Errorf("pattern ends with a backslash")
	}
	t.i++
	switch r {
	case 'n':
		return `\n`, nil
	case 'r':
		return `\r`, nil
	case 't':
		return `\t`, nil
	case '\\', '|', '.', '-', '^', '?', '*', '+', '{', '}', '(', ')', '[', ']':
		return `\` + string(r), nil
	case 'p', 'P':
		if n, ok := t.peek(); !ok || n != '{' {
			return "", fmt.Errorf(`\%c without {name}`, r)
		}
		j := t.i + 1
		for j < len(t.src) && t.src[j] != '}' {
			j++
		}
		if j >= len(t.src) {
			return "", fmt.Errorf(`unterminated \%c{`, r)
		}
		name := string(t.src[t.i+1 : j])
		t.i = j + 1
		var inner string
		if blk, ok := strings.CutPrefix(name, "Is"); ok {
			rng, known := blocks[blk]
			if !known {
				return "", fmt.Errorf(`unknown Unicode block \%c{%s}`, r, name)
			}
			inner = rng
		} else {
			if _, known := unicode.Categories[name]; !known && name != "L" && name != "M" && name != "N" && name != "P" && name != "S" && name != "Z" && name != "C" {
				return "", fmt.Errorf(`unknown Unicode category \%c{%s}`, r, name)
			}
			inner = `\p{` + name + `}`
		}
		if r == 'P' {
			if inClass {
				return "", fmt.Errorf(`\P{%s} inside a character class is not supported`, name)
			}
			return `[^` + inner + `]`, nil
		}
		if inClass {
			return inner, nil
		}
		return `[` + inner + `]`, nil
	}
	if cls, ok := classEscapes[r]; ok {
		if inClass {
			return cls, nil
		}
		return `[` + cls + `]`, nil
	}
	if pos, ok := negatedEscapes[r]; ok {
		if inClass {
			return "", fmt.Errorf(`\%c inside a character class is not supported`, r)
		}
		return `[^` + classEscapes[pos] + `]`, nil
	}
	return "", fmt.Errorf(`unknown escape \%c`, r)
}

// class translates a bracket expression starting at t.i.
func (t *patTranslator) class(b *strings.Builder) error {
	start := t.i
	t.i++ // [
	b.WriteRune('[')
	if r, ok := t.peek(); ok && r == '^' {
		b.WriteRune('^')
		t.i++
	}
	first := true
	for {
		r, ok := t.peek()
		if !ok {
			return fmt.Errorf("unterminated character class at offset %d", start)
		}
		if r == ']' && !first {
			t.i++
			b.WriteRune(']')
			return nil
		}
		first = false
		if r == '-' && t.i+1 < len(t.src) && t.src[t.i+1] == '[' {
			return fmt.Errorf("character class subtraction at offset %d is not supported", t.i)
		}
		var lo string
		single := true
		if r == '\\' {
			s, one, err := t.escapeSingle(true)
			if err != nil {
				return err
			}
			lo, single = s, one
		} else {
			if r == '[' {
				return fmt.Errorf("unescaped '[' inside a character class at offset %d", t.i)
			}
			t.i++
			lo = classLiteral(r)
		}
		// A range "lo-hi" (a '-' followed by ']' is a literal '-').
		if single {
			if n, ok := t.peek(); ok && n == '-' && t.i+1 < len(t.src) && t.src[t.i+1] != ']' && t.src[t.i+1] != '[' {
				t.i++
				h := t.src[t.i]
				var hi string
				if h == '\\' {
					s, one, err := t.escapeSingle(true)
					if err != nil {
						return err
					}
					if !one {
						return fmt.Errorf("character range ends in a class escape at offset %d", t.i)
					}
					hi = s
				} else {
					t.i++
					hi = classLiteral(h)
				}
				b.WriteString(lo + "-" + hi)
				continue
			}
		}
		b.WriteString(lo)
	}
}

func classLiteral(r rune) string {
	switch {
	case r < 0x20 || r == 0x7f:
		return fmt.Sprintf(`\x{%X}`, r)
	case r < 128 && (unicode.IsPunct(r) || unicode.IsSymbol(r)):
		return `\` + string(r)
	}
	return string(r)
}

func writeLiteral(b *strings.Builder, r rune) {
	if strings.ContainsRune(`\.+*?()|[]{}^$`, r) {
		b.WriteRune('\\')
	}
	b.WriteRune(r)
}
