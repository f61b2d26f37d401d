package spapigen

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/spgen/spgen/internal/spapimodel"
)

// extra-members: every object schema with properties gets the Extra
// field, named ExtraMembers where the model has a member that would be
// named Extra; maps, free-form objects and lists get none.
func TestExtraMembersField(t *testing.T) {
	plain := openapi3.NewObjectSchema().WithProperty("id", openapi3.NewStringSchema())
	clash := openapi3.NewObjectSchema().WithProperty("extra", openapi3.NewStringSchema())
	inline := openapi3.NewObjectSchema().WithProperty("link", openapi3.NewObjectSchema().WithProperty("href", openapi3.NewStringSchema()))
	mapOf := openapi3.NewObjectSchema().WithAdditionalProperties(openapi3.NewStringSchema())
	doc := &openapi3.T{Components: &openapi3.Components{Schemas: openapi3.Schemas{
		"Plain": plain.NewRef(), "Clash": clash.NewRef(), "Inline": inline.NewRef(), "Map": mapOf.NewRef(),
		"List": openapi3.NewArraySchema().WithItems(openapi3.NewStringSchema()).NewRef(),
	}}, Paths: openapi3.NewPaths()}
	r := &spapimodel.Report{}
	extraMembers(doc, r)
	goName := func(s *openapi3.Schema) any {
		p, ok := s.Properties[extraMemberProperty]
		if !ok {
			return nil
		}
		if p.Value.Extensions["x-go-type"] != "spapi.Extra" || p.Value.Extensions["x-go-json-ignore"] != true {
			t.Errorf("extra property %+v", p.Value.Extensions)
		}
		return p.Value.Extensions["x-go-name"]
	}
	if goName(plain) != "Extra" || goName(clash) != "ExtraMembers" || goName(inline) != "Extra" || goName(inline.Properties["link"].Value) != "Extra" {
		t.Errorf("names: plain %v, clash %v, inline %v / %v", goName(plain), goName(clash), goName(inline), goName(inline.Properties["link"].Value))
	}
	if goName(mapOf) != nil {
		t.Error("a map got an Extra field")
	}
	if len(r.Notes) != 1 {
		t.Errorf("notes %v", r.Notes)
	}
}
