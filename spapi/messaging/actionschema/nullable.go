package actionschema

import (
	"bytes"
	"encoding/json"
)

// Nullable is the Go type generated for a schema whose "type" lists "null"
// beside a scalar type: Valid is false for JSON null, and V holds the value
// otherwise. An optional property of such a schema is a *Nullable, so that
// absent (nil), null and a value stay three different things.
type Nullable[T any] struct {
	// V is the value when Valid.
	V T
	// Valid is false when the JSON value was null.
	Valid bool
}

// MarshalJSON writes null or the value.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if !n.Valid {
		return []byte("null"), nil
	}
	return json.Marshal(n.V)
}

// IsNull reports whether raw, one JSON value, is null.
func IsNull(raw []byte) bool {
	return bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}
