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
	// Nearly every SP-API response declares the same headers
	// (x-amzn-RequestId, x-amzn-RateLimit-Limit), and oapi-codegen makes a
	// struct per status for them: 3,350 of 7,380 types. The typed client's
	// ResponseMetadata (and *spapi.Error) carry every response header and
	// the request ID, so the declarations are dropped before generation.
	// The sandbox validates against the front end's document, which keeps
	// them.
	{"response-headers", dropResponseHeaders},
}

func dropResponseHeaders(doc *openapi3.T, r *spapimodel.Report) {
	dropped := 0
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, resp := range op.Responses.Map() {
				if resp.Value != nil && len(resp.Value.Headers) > 0 {
					dropped += len(resp.Value.Headers)
					resp.Value.Headers = nil
				}
			}
		}
	}
	if doc.Components != nil {
		for _, resp := range doc.Components.Responses {
			if resp.Value != nil && len(resp.Value.Headers) > 0 {
				dropped += len(resp.Value.Headers)
				resp.Value.Headers = nil
			}
		}
	}
	if dropped > 0 {
		r.Notef("response-headers: %d response header declarations left to ResponseMetadata", dropped)
	}
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
