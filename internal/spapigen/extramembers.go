package spapigen

import (
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"

	"github.com/spgen/spgen/internal/spapimodel"
)

// extraMemberProperty is the synthetic property that becomes each object
// type's Extra field (its JSON name is never used: the field is
// json:"-").
const extraMemberProperty = "x-spgen-extra-members"

// extraMembers gives every object schema with properties (and no
// additionalProperties of its own, which oapi-codegen keeps already) the
// property that oapi-codegen renders as
//
//	Extra spapi.Extra `json:"-"`
//
// (ExtraMembers where the model has a member named extra; the runtime
// finds the field by its type, not its name).
// The typed methods' decoding keeps in it the members a response has and
// the model lacks, and the clients' request encoding writes them again
// (spapi.EncodeJSON): one mechanism for every type, instead of members
// vanishing silently.
func extraMembers(doc *openapi3.T, r *spapimodel.Report) {
	n := 0
	eachSchema(doc, func(s *openapi3.Schema) {
		if len(s.Properties) == 0 || s.AdditionalProperties.Schema != nil || (s.AdditionalProperties.Has != nil && *s.AdditionalProperties.Has) ||
			(s.Type != nil && !s.Type.Is("object")) {
			return
		}
		if _, done := s.Properties[extraMemberProperty]; done {
			return
		}
		goName := "Extra"
		for name := range s.Properties {
			if codegen.SchemaNameToTypeName(name) == goName {
				goName = "ExtraMembers" // the model has a member named extra
			}
		}
		extra := openapi3.NewObjectSchema()
		extra.Description = "holds the members received that the model lacks, re-encoded when the value is sent (see spapi.Extra)."
		extra.Extensions = map[string]any{
			"x-go-type":            "spapi.Extra",
			"x-go-name":            goName,
			"x-go-json-ignore":     true,
			extSkipOptionalPointer: true,
		}
		s.Properties[extraMemberProperty] = openapi3.NewSchemaRef("", extra)
		n++
	})
	if n > 0 {
		r.Notef("extra-members: %d object types keep the members the model lacks (Extra)", n)
	}
}
