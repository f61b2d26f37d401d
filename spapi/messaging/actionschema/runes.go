package actionschema

import "unicode/utf8"

// RuneCount returns the number of runes in s, as JSON Schema counts
// minLength and maxLength (code points; an invalid byte counts as one).
// Generated Validate methods call it so that the counting rule lives in one
// place.
func RuneCount(s string) int { return utf8.RuneCountInString(s) }
