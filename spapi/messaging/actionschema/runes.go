package actionschema

import (
	"math/bits"
	"unicode/utf8"
)

// RuneCount returns the number of runes in s, as JSON Schema counts
// minLength and maxLength: code points, with an invalid byte counting as one
// (utf8.RuneCountInString; encoding/json writes each invalid byte as one
// U+FFFD).
func RuneCount(s string) int { return utf8.RuneCountInString(s) }

// runeLowerBound counts the bytes of s that are not UTF-8 continuation
// bytes, eight at a time. Every rune RuneCount counts begins with its own
// such byte (a valid sequence has exactly one; an invalid byte counted alone
// has at most one), so the result never exceeds RuneCount(s), and equals it
// when s is valid UTF-8.
func runeLowerBound(s string) int {
	total, cont := len(s), 0
	for len(s) >= 8 {
		w8 := s[:8]
		w := uint64(w8[0]) | uint64(w8[1])<<8 | uint64(w8[2])<<16 | uint64(w8[3])<<24 |
			uint64(w8[4])<<32 | uint64(w8[5])<<40 | uint64(w8[6])<<48 | uint64(w8[7])<<56
		// A continuation byte is 10xxxxxx: bit 7 set, bit 6 clear.
		cont += bits.OnesCount64(w &^ (w << 1) & 0x8080808080808080)
		s = s[8:]
	}
	for i := 0; i < len(s); i++ {
		if s[i]&0xC0 == 0x80 {
			cont++
		}
	}
	return total - cont
}

// RunesOver reports whether s has more than max runes (as RuneCount counts
// them) and returns the count n it decided on. When a fast lower bound
// already exceeds max, n is that bound, which is the exact count for valid
// UTF-8 (every string decoded from JSON) and a lower bound otherwise; when
// the bound does not decide, n is the exact count. Generated Validate
// methods call it for maxLength.
func RunesOver(s string, max int) (n int, over bool) {
	if len(s) <= max {
		return 0, false // at most one rune per byte
	}
	if lb := runeLowerBound(s); lb > max {
		return lb, true
	}
	n = RuneCount(s)
	return n, n > max
}

// RunesUnder reports whether s has fewer than min runes (as RuneCount
// counts them) and returns the exact count when it does. Generated Validate
// methods call it for minLength.
func RunesUnder(s string, min int) (n int, under bool) {
	if len(s) >= 4*min {
		return 0, false // a rune is at most four bytes
	}
	n = RuneCount(s)
	return n, n < min
}
