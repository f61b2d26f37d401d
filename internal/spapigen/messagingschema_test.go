package spapigen

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"testing"

	"github.com/spgen/spgen/generated/messaging"
)

// Defect: decoding a real getMessagingActionsForOrder response into the
// generated types and encoding it again dropped each action's JSON Schema
// ($schema, type, properties): the model types _embedded.schema as its
// GetSchemaResponse wrapper. The messaging overlay makes it
// spapi.EmbeddedSchema, which keeps the schema whole in either shape.
func TestMessagingActionsKeepTheirSchemas(t *testing.T) {
	raw, err := os.ReadFile("../../../shared/fixtures/messaging/getMessagingActionsForOrder.json")
	if err != nil {
		t.Fatal(err)
	}
	var typed messaging.GetMessagingActionsForOrderResponse
	if err := json.Unmarshal(raw, &typed); err != nil {
		t.Fatal(err)
	}
	if typed.UnderscoreEmbedded == nil || len(typed.UnderscoreEmbedded.Actions) != 3 {
		t.Fatalf("decoded %+v", typed.UnderscoreEmbedded)
	}
	for i, a := range typed.UnderscoreEmbedded.Actions {
		if a.UnderscoreEmbedded == nil || a.UnderscoreEmbedded.Schema == nil {
			t.Fatalf("action %d has no schema", i)
		}
		var doc map[string]any
		if err := json.Unmarshal(a.UnderscoreEmbedded.Schema.Document(), &doc); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"$schema", "type", "properties"} {
			if _, ok := doc[k]; !ok {
				t.Errorf("action %d schema lost %q", i, k)
			}
		}
	}
	again, err := json.Marshal(typed)
	if err != nil {
		t.Fatal(err)
	}
	schemas := func(b []byte) []any {
		var v struct {
			Embedded struct {
				Actions []struct {
					Embedded struct {
						Schema any `json:"schema"`
					} `json:"_embedded"`
				} `json:"actions"`
			} `json:"_embedded"`
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		var out []any
		for _, a := range v.Embedded.Actions {
			out = append(out, a.Embedded.Schema)
		}
		return out
	}
	if !reflect.DeepEqual(schemas(raw), schemas(again)) {
		t.Error("re-encoding changed the action schemas")
	}
}
