package mws

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"sort"
	"strings"
)

// Signature Version 2 constants, sent with every request.
const (
	SignatureVersion = "2"
	SignatureMethod  = "HmacSHA256"
)

// Encode percent-encodes s as Signature Version 2 requires (RFC 3986):
// the unreserved characters A-Z, a-z, 0-9, '-', '_', '.' and '~' are kept,
// every other byte of the UTF-8 text is written %XX with upper-case hex,
// so a space is %20 (never '+') and '*' is %2A.
func Encode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// CanonicalQuery is the canonicalized query string of params: names
// sorted by byte order, each name=value encoded with Encode, joined by
// '&'. The Signature parameter itself is left out.
func CanonicalQuery(params map[string]string) string {
	names := make([]string, 0, len(params))
	for k := range params {
		if k != "Signature" {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	for i, k := range names {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(Encode(k))
		b.WriteByte('=')
		b.WriteString(Encode(params[k]))
	}
	return b.String()
}

// StringToSign is "POST\n<host in lower case>\n<path>\n<canonical query>";
// an empty path is "/".
func StringToSign(method, host, path string, params map[string]string) string {
	if path == "" {
		path = "/"
	}
	return method + "\n" + strings.ToLower(host) + "\n" + path + "\n" + CanonicalQuery(params)
}

// Sign returns the base64 HMAC-SHA256 of stringToSign under secret.
func Sign(secret []byte, stringToSign string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(stringToSign))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}
