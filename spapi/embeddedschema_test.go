package spapi

import (
	"encoding/json"
	"testing"
)

func TestEmbeddedSchemaBothShapes(t *testing.T) {
	doc := `{"$schema":"http://json-schema.org/draft-04/schema#","type":"object","properties":{"text":{"type":"string","maxLength":800}},"required":["text"]}`
	for _, c := range []struct {
		name, in string
		wrapped  bool
	}{
		{"document itself", doc, false},
		{"model wrapper", `{"_links":{"self":{"href":"/x"}},"payload":` + doc + `}`, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			var v struct {
				Schema EmbeddedSchema `json:"schema"`
			}
			if err := json.Unmarshal([]byte(`{"schema":`+c.in+`}`), &v); err != nil {
				t.Fatal(err)
			}
			if v.Schema.Wrapped() != c.wrapped {
				t.Errorf("Wrapped = %v", v.Schema.Wrapped())
			}
			if string(v.Schema.Document()) != doc {
				t.Errorf("Document = %s", v.Schema.Document())
			}
			out, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != `{"schema":`+c.in+`}` {
				t.Errorf("re-encoded %s", out)
			}
		})
	}
	var s EmbeddedSchema
	if err := json.Unmarshal([]byte(`"x"`), &s); err == nil {
		t.Error("a string was accepted as a schema")
	}
}
