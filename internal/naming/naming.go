// Package naming turns names from JSON, JSON Schema and XSD documents into Go
// identifiers the way Go code spells them: exported camel case with the
// common initialisms upper-cased (ID, URL, HTTP, ...), Go keywords avoided
// and collisions resolved deterministically.
//
// All three generators use it, so a name is spelled the same way wherever it
// comes from. It is pure: no I/O, no global state beyond constant tables.
package naming

import (
	"go/token"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// initialisms are the words Go style writes in one case, as in golint's list
// plus the ones the SP-API and MWS models use often.
var initialisms = map[string]bool{
	"ACL": true, "API": true, "ASCII": true, "ASIN": true, "CPU": true, "CSS": true,
	"DNS": true, "EOF": true, "FBA": true, "GUID": true, "HTML": true, "HTTP": true,
	"HTTPS": true, "ID": true, "IP": true, "JSON": true, "LHS": true, "MD5": true,
	"QPS": true, "RAM": true, "RHS": true, "RPC": true, "SKU": true, "SLA": true,
	"SMTP": true, "SQL": true, "SSH": true, "TCP": true, "TLS": true, "TTL": true,
	"UDP": true, "UI": true, "UID": true, "UPC": true, "URI": true, "URL": true,
	"UTF8": true, "UUID": true, "VAT": true, "VM": true, "XML": true, "XMPP": true,
	"XSRF": true, "XSS": true,
}

// Initialisms returns the initialisms, sorted: the one list every spgen
// generator names Go identifiers by (the SP-API generator passes it to
// oapi-codegen as its additional initialisms).
func Initialisms() []string {
	out := make([]string, 0, len(initialisms))
	for w := range initialisms {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}

// Words splits s into words at non-alphanumeric characters and at case
// changes: "rawMessageBody" → [raw Message Body], "HTTPServer" → [HTTP
// Server], "order_item-id" → [order item id], "ASINList" → [ASIN List].
func Words(s string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, string(cur))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		if len(cur) > 0 {
			prev := cur[len(cur)-1]
			switch {
			case unicode.IsUpper(r) && unicode.IsLower(prev):
				flush()
			case unicode.IsUpper(r) && unicode.IsUpper(prev) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
				// "HTTPServer": the S starts a new word.
				flush()
			case unicode.IsDigit(r) != unicode.IsDigit(prev) && unicode.IsDigit(prev) && unicode.IsLetter(r) && unicode.IsUpper(r):
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return words
}

// Exported returns s as an exported Go identifier: "rawMessageBody" →
// "RawMessageBody", "id" → "ID", "fileName" → "FileName", "order-id" →
// "OrderID", "3PL" → "X3PL". An empty or symbol-only s gives "X".
func Exported(s string) string {
	words := Words(s)
	var b strings.Builder
	for _, w := range words {
		up := strings.ToUpper(w)
		if initialisms[up] {
			b.WriteString(up)
			continue
		}
		rs := []rune(w)
		b.WriteRune(unicode.ToUpper(rs[0]))
		b.WriteString(string(rs[1:]))
	}
	out := b.String()
	if out == "" {
		return "X"
	}
	if r := []rune(out)[0]; !unicode.IsLetter(r) {
		out = "X" + out
	}
	return out
}

// Unexported returns s as an unexported Go identifier that is not a keyword:
// "OrderID" → "orderID", "type" → "type_", "URL" → "url".
func Unexported(s string) string {
	e := Exported(s)
	words := Words(e)
	if len(words) == 0 {
		return "x"
	}
	first := words[0]
	var out string
	if initialisms[strings.ToUpper(first)] || strings.ToUpper(first) == first {
		out = strings.ToLower(first) + e[len(first):]
	} else {
		rs := []rune(e)
		out = string(unicode.ToLower(rs[0])) + string(rs[1:])
	}
	if token.IsKeyword(out) {
		out += "_"
	}
	return out
}

// PackageName returns a Go package name for a file base name: lower case
// letters and digits only, starting with a letter. "ordersV0.json" →
// "ordersv0", "orders_2026-01-01.json" → "orders20260101".
func PackageName(file string) string {
	base := file
	if i := strings.LastIndexByte(base, '/'); i >= 0 {
		base = base[i+1:]
	}
	if i := strings.LastIndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	var b strings.Builder
	for _, r := range strings.ToLower(base) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	out := b.String()
	if out == "" || !unicode.IsLetter(rune(out[0])) {
		out = "p" + out
	}
	if token.IsKeyword(out) {
		out += "pkg"
	}
	return out
}

// Set hands out unique names: the first request for a name gets it as is,
// later requests for the same name get a numeric suffix (Name2, Name3, ...).
// The order of requests decides who gets the plain name, so callers must ask
// in a deterministic order.
type Set struct {
	used map[string]bool
}

// Reserve marks names as taken without handing them out.
func (s *Set) Reserve(names ...string) {
	if s.used == nil {
		s.used = map[string]bool{}
	}
	for _, n := range names {
		s.used[n] = true
	}
}

// Taken reports whether name has been handed out or reserved.
func (s *Set) Taken(name string) bool { return s.used[name] }

// Unique returns name, or name with the smallest numeric suffix ≥ 2 that is
// still free, and marks the result as taken.
func (s *Set) Unique(name string) string {
	if s.used == nil {
		s.used = map[string]bool{}
	}
	if !s.used[name] {
		s.used[name] = true
		return name
	}
	for i := 2; ; i++ {
		n := name + strconv.Itoa(i)
		if !s.used[n] {
			s.used[n] = true
			return n
		}
	}
}
