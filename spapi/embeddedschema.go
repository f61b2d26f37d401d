package spapi

import (
	"bytes"
	"encoding/json"
	"errors"
)

// EmbeddedSchema is the JSON Schema a messaging or solicitation action
// embeds under _embedded.schema. Amazon's responses carry it in one of two
// shapes: the schema document itself (as the documented real responses do),
// or the model's GetSchemaResponse wrapper with the schema under "payload".
// EmbeddedSchema keeps exactly the bytes it was decoded from, re-encodes
// them unchanged, and gives the schema document in either shape, ready for
// a validator.
type EmbeddedSchema struct {
	raw json.RawMessage
}

// NewEmbeddedSchema returns an EmbeddedSchema holding a copy of raw.
func NewEmbeddedSchema(raw []byte) EmbeddedSchema {
	return EmbeddedSchema{raw: bytes.Clone(raw)}
}

// UnmarshalJSON keeps the value as received; it must be a JSON object.
func (s *EmbeddedSchema) UnmarshalJSON(b []byte) error {
	t := bytes.TrimSpace(b)
	if len(t) == 0 || t[0] != '{' {
		if bytes.Equal(t, []byte("null")) {
			s.raw = nil
			return nil
		}
		return errors.New("spapi: embedded schema is not a JSON object")
	}
	s.raw = bytes.Clone(t)
	return nil
}

// MarshalJSON returns the bytes the value was decoded from (null when empty).
func (s EmbeddedSchema) MarshalJSON() ([]byte, error) {
	if len(s.raw) == 0 {
		return []byte("null"), nil
	}
	return s.raw, nil
}

// Raw returns the value exactly as received.
func (s EmbeddedSchema) Raw() json.RawMessage { return s.raw }

// IsZero reports whether no schema was received.
func (s EmbeddedSchema) IsZero() bool { return len(s.raw) == 0 }

// Wrapped reports whether the value is the model's GetSchemaResponse shape
// (the schema under "payload") rather than the schema document itself.
func (s EmbeddedSchema) Wrapped() bool {
	_, ok := s.wrapped()
	return ok
}

// Document returns the JSON Schema document in either shape: the value
// itself, or its "payload" member when the value is the model's wrapper.
func (s EmbeddedSchema) Document() json.RawMessage {
	if p, ok := s.wrapped(); ok {
		return p
	}
	return s.raw
}

// wrapped returns the payload of a GetSchemaResponse-shaped value: an object
// whose "payload" is an object and which has none of the keywords a schema
// document has at its root.
func (s EmbeddedSchema) wrapped() (json.RawMessage, bool) {
	if len(s.raw) == 0 {
		return nil, false
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(s.raw, &top) != nil {
		return nil, false
	}
	payload, ok := top["payload"]
	if !ok || len(bytes.TrimSpace(payload)) == 0 || bytes.TrimSpace(payload)[0] != '{' {
		return nil, false
	}
	for _, k := range []string{"$schema", "type", "properties", "required", "definitions"} {
		if _, ok := top[k]; ok {
			return nil, false
		}
	}
	return payload, true
}
