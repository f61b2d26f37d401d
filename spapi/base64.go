package spapi

import (
	"encoding/base64"
	"encoding/json"
)

// Base64 is the type generated clients use for `format: byte` values. The
// models declare such fields base64, but some of Amazon's own examples hold
// plain text in them; Base64 keeps the text exactly as received so that
// decoding never fails and re-encoding loses nothing. [Base64.Bytes] decodes
// it when it is base64.
type Base64 struct {
	text string
}

// NewBase64 returns the standard base64 encoding of b.
func NewBase64(b []byte) Base64 { return Base64{text: base64.StdEncoding.EncodeToString(b)} }

// Base64Text returns a Base64 holding s verbatim.
func Base64Text(s string) Base64 { return Base64{text: s} }

// String returns the text as received.
func (b Base64) String() string { return b.text }

// Bytes decodes the text as standard (or, failing that, URL-safe or
// unpadded) base64.
func (b Base64) Bytes() ([]byte, error) {
	var firstErr error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		out, err := enc.DecodeString(b.text)
		if err == nil {
			return out, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, firstErr
}

// MarshalText implements encoding.TextMarshaler.
func (b Base64) MarshalText() ([]byte, error) { return []byte(b.text), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (b *Base64) UnmarshalText(t []byte) error { b.text = string(t); return nil }

// MarshalJSON implements json.Marshaler.
func (b Base64) MarshalJSON() ([]byte, error) { return json.Marshal(b.text) }

// UnmarshalJSON implements json.Unmarshaler; null leaves the value empty.
func (b *Base64) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		return nil
	}
	return json.Unmarshal(data, &b.text)
}
