package spapigen

import (
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"

	"github.com/spgen/spgen/internal/spapimodel"
)

// An openAPIFix repairs the converted OpenAPI 3 document.
type openAPIFix struct {
	name string
	fix  func(doc *openapi3.T, r *spapimodel.Report)
}

var openAPIFixes = []openAPIFix{
	// An inline schema (typically a property's enum: Transaction.status)
	// gets the Go type name <Parent><Property>, which collides with a
	// component of that name (TransactionStatus in five models,
	// PackageStatus in externalFulfillmentShipments). The inline type is
	// renamed <Parent><Property>Value.
	{"inline-type-names", inlineTypeNames},
}

func inlineTypeNames(doc *openapi3.T, r *spapimodel.Report) {
	if doc.Components == nil {
		return
	}
	components := map[string]bool{}
	for name := range doc.Components.Schemas {
		components[codegen.SchemaNameToTypeName(name)] = true
	}
	for _, name := range spapimodel.SortedKeys(doc.Components.Schemas) {
		ref := doc.Components.Schemas[name]
		if ref.Value == nil {
			continue
		}
		parent := codegen.SchemaNameToTypeName(name)
		for _, prop := range spapimodel.SortedKeys(ref.Value.Properties) {
			p := ref.Value.Properties[prop]
			if p.Ref != "" || p.Value == nil || !needsOwnType(p.Value) {
				continue
			}
			candidate := parent + codegen.ToCamelCase(prop)
			if !components[candidate] {
				continue
			}
			renamed := candidate + "Value"
			for i := 2; components[renamed]; i++ {
				renamed = fmt.Sprintf("%sValue%d", candidate, i)
			}
			if p.Value.Extensions == nil {
				p.Value.Extensions = map[string]any{}
			}
			p.Value.Extensions["x-go-type-name"] = renamed
			components[renamed] = true
			r.Notef("inline type of %s.%s would be named %s like a schema of the model; named it %s", name, prop, candidate, renamed)
		}
	}
}

// needsOwnType reports whether oapi-codegen declares a named type for an
// inline property schema.
func needsOwnType(s *openapi3.Schema) bool {
	return len(s.Enum) > 0 || (s.Type.Is("object") && len(s.Properties) > 0) || len(s.AllOf) > 0 || len(s.OneOf) > 0 || len(s.AnyOf) > 0
}
