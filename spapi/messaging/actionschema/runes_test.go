package actionschema

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// The lower bound never exceeds the count and equals it for valid UTF-8;
// RunesOver and RunesUnder decide exactly as comparing the count would.
func FuzzRunes(f *testing.F) {
	for _, s := range []string{"", "abc", "Bitte bestätigen Sie die Gravur „Anna & Jörg“.", "\xff\x80abcdefgh\xe2\x82", "日本語のテキストです", "\xed\xa0\x80\xc0\xaf12345678", "é"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, limit int) {
		limit = limit % 64
		if limit < 0 {
			limit = -limit
		}
		count := utf8.RuneCountInString(s)
		lb := runeLowerBound(s)
		if lb > count || (utf8.ValidString(s) && lb != count) {
			t.Fatalf("runeLowerBound(%q) = %d, count %d", s, lb, count)
		}
		if _, over := RunesOver(s, limit); over != (count > limit) {
			t.Fatalf("RunesOver(%q, %d) = %v, count %d", s, limit, over, count)
		}
		if n, under := RunesUnder(s, limit); under != (count < limit) || (under && n != count) {
			t.Fatalf("RunesUnder(%q, %d) = %d %v, count %d", s, limit, n, under, count)
		}
	})
}

// BenchmarkRunesOver: a message body over its maxLength, with umlauts and
// typographic quotes, against counting it with utf8.RuneCountInString.
func BenchmarkRunesOver(b *testing.B) {
	s := strings.Repeat("Bitte bestätigen Sie die Gravur „Anna & Jörg“. ", 17)
	b.Run("RunesOver", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			RunesOver(s, 800)
		}
	})
	b.Run("RuneCountInString", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			_ = utf8.RuneCountInString(s) > 800
		}
	})
}
