package spapigen

import (
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/spgen/spgen/internal/spapimodel"
)

// eachSchema calls fn once for every schema reachable from doc's
// components and operations (properties, items, additionalProperties and
// composition parts included).
func eachSchema(doc *openapi3.T, fn func(*openapi3.Schema)) {
	seen := map[*openapi3.Schema]bool{}
	var walk func(ref *openapi3.SchemaRef)
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		fn(s)
		for _, name := range spapimodel.SortedKeys(s.Properties) {
			walk(s.Properties[name])
		}
		for _, part := range append(append(append([]*openapi3.SchemaRef{}, s.AllOf...), s.AnyOf...), s.OneOf...) {
			walk(part)
		}
		walk(s.Items)
		walk(s.AdditionalProperties.Schema)
	}
	if doc.Components != nil {
		for _, name := range spapimodel.SortedKeys(doc.Components.Schemas) {
			walk(doc.Components.Schemas[name])
		}
	}
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for _, method := range spapimodel.SortedKeys(item.Operations()) {
			op := item.Operations()[method]
			for _, p := range op.Parameters {
				if p != nil && p.Value != nil {
					walk(p.Value.Schema)
				}
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				for _, mt := range spapimodel.SortedKeys(op.RequestBody.Value.Content) {
					walk(op.RequestBody.Value.Content[mt].Schema)
				}
			}
			for _, code := range spapimodel.SortedKeys(op.Responses.Map()) {
				if resp := op.Responses.Value(code); resp != nil && resp.Value != nil {
					for _, mt := range spapimodel.SortedKeys(resp.Value.Content) {
						walk(resp.Value.Content[mt].Schema)
					}
				}
			}
		}
	}
}
