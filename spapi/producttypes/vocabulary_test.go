package producttypes

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/spgen/spgen/spapi/messaging/actionschema"
)

func luggage(t *testing.T, amazon bool) *Schema {
	t.Helper()
	data, err := os.ReadFile("testdata/LUGGAGE.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := compile("LUGGAGE", "U1", data, amazon)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func instance(t *testing.T, s string) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

const validLuggage = `{
  "item_name": [{"value": "Spinner Suitcase", "language_tag": "en_US", "marketplace_id": "ATVPDKIKX0DER"},
                {"value": "Maleta giratoria", "language_tag": "es_US", "marketplace_id": "ATVPDKIKX0DER"}],
  "brand": [{"value": "Acme", "language_tag": "en_US"}],
  "bullet_point": [{"value": "a", "language_tag": "en_US"}, {"value": "b", "language_tag": "en_US"}, {"value": "c", "language_tag": "en_US"},
                   {"value": "d", "language_tag": "es_US"}],
  "color": [{"value": "black"}],
  "unknown_editable_hidden_and_enumNames_are_annotations": true
}`

// TestKeywords: each of Amazon's validating keywords rejects an instance
// that the same schema compiled without the vocabulary (a plain 2019-09
// validator) accepts, at the attribute's pointer.
func TestKeywords(t *testing.T) {
	with, without := luggage(t, true), luggage(t, false)
	if err := with.Validate(instance(t, validLuggage)); err != nil {
		t.Fatalf("valid instance: %v", err)
	}
	for _, c := range []struct {
		keyword, ptr, from, to string
	}{
		{"maxUniqueItems", "/item_name", `"language_tag": "es_US", "marketplace_id": "ATVPDKIKX0DER"}]`, `"language_tag": "en_US", "marketplace_id": "ATVPDKIKX0DER"}]`},
		{"maxUniqueItems", "/bullet_point", `{"value": "d", "language_tag": "es_US"}`, `{"value": "d", "language_tag": "en_US"}`},
		{"maxUniqueItems", "/color", `[{"value": "black"}]`, `[{"value": "black"}, {"value": "black"}]`},
		{"maxUtf8ByteLength", "/item_name/1/value", `"Maleta giratoria"`, `"Maleta giratoria de aluminio ñññññññññ"`},
		{"minUtf8ByteLength", "/brand/0/value", `"Acme"`, `"x"`},
	} {
		t.Run(c.keyword+c.ptr, func(t *testing.T) {
			doc := strings.Replace(validLuggage, c.from, c.to, 1)
			if doc == validLuggage {
				t.Fatal("replacement did not apply")
			}
			inst := instance(t, doc)
			if err := without.Validate(inst); err != nil {
				t.Fatalf("a plain validator already rejects it: %v", err)
			}
			err := with.Validate(inst)
			var ve *actionschema.ValidationError
			if !errors.As(err, &ve) || !ve.Has(c.ptr, c.keyword) {
				t.Fatalf("want %s at %s, got %v", c.keyword, c.ptr, err)
			}
		})
	}
	// The item_name value is 36 bytes as ASCII but 1-byte runes stay under
	// maxLength 200 either way: the byte limit, not maxLength, decides.
	if err := with.Validate(instance(t, strings.Replace(validLuggage, `"Spinner Suitcase"`, `"`+strings.Repeat("ü", 21)+`"`, 1))); err == nil {
		t.Fatal("21 two-byte runes (42 bytes) pass maxUtf8ByteLength 40")
	}
}

// TestKeywordSyntax: Amazon's keywords with a wrong type are a compile
// error, checked by the vocabulary's meta-schema.
func TestKeywordSyntax(t *testing.T) {
	for _, kw := range []string{`"maxUtf8ByteLength": "ten"`, `"minUtf8ByteLength": -1`, `"maxUniqueItems": 1.5`, `"selectors": "marketplace_id"`, `"selectors": [1]`} {
		for _, doc := range []string{
			`{"$schema": "` + MetaSchemaURI + `", "type": "object", ` + kw + `}`,
			`{"$schema": "` + MetaSchemaURI + `", "type": "object", "properties": {"a": {"type": "array", "items": {"properties": {"b": {` + kw + `}}}}}}`,
		} {
			if _, err := Compile("X", "1", []byte(doc)); err == nil {
				t.Errorf("%s compiled", doc)
			}
		}
	}
}
