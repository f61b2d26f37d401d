package spapimodel

import (
	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/spgen/spgen/internal/diag"
)

// convert runs openapi2conv and normalises its output for its
// readers: the converter leaves empty, non-nil allOf/anyOf/oneOf slices,
// which oapi-codegen reads as compositions (and indexes out of range on).
func convert(file string, doc2 *openapi2.T) (*openapi3.T, error) {
	doc3, err := openapi2conv.ToV3(doc2)
	if err != nil {
		return nil, &diag.Error{File: file, Msg: "converting Swagger 2.0 to OpenAPI 3", Err: err}
	}
	normaliseSchemas(doc3)
	return doc3, nil
}

// normaliseSchemas visits every schema of doc once and sets empty
// composition slices to nil.
func normaliseSchemas(doc *openapi3.T) {
	seen := map[*openapi3.Schema]bool{}
	var schema func(r *openapi3.SchemaRef)
	schema = func(r *openapi3.SchemaRef) {
		if r == nil || r.Value == nil || seen[r.Value] {
			return
		}
		s := r.Value
		seen[s] = true
		for _, list := range []*openapi3.SchemaRefs{&s.AllOf, &s.AnyOf, &s.OneOf} {
			if len(*list) == 0 {
				*list = nil
			}
			for _, x := range *list {
				schema(x)
			}
		}
		for _, p := range s.Properties {
			schema(p)
		}
		schema(s.Items)
		schema(s.Not)
		schema(s.AdditionalProperties.Schema)
	}
	content := func(c openapi3.Content) {
		for _, mt := range c {
			if mt != nil {
				schema(mt.Schema)
			}
		}
	}
	headers := func(h openapi3.Headers) {
		for _, x := range h {
			if x != nil && x.Value != nil {
				schema(x.Value.Schema)
				content(x.Value.Content)
			}
		}
	}
	params := func(ps openapi3.Parameters) {
		for _, p := range ps {
			if p != nil && p.Value != nil {
				schema(p.Value.Schema)
				content(p.Value.Content)
			}
		}
	}
	response := func(r *openapi3.ResponseRef) {
		if r != nil && r.Value != nil {
			content(r.Value.Content)
			headers(r.Value.Headers)
		}
	}
	if c := doc.Components; c != nil {
		for _, s := range c.Schemas {
			schema(s)
		}
		for _, p := range c.Parameters {
			params(openapi3.Parameters{p})
		}
		for _, r := range c.Responses {
			response(r)
		}
		for _, b := range c.RequestBodies {
			if b != nil && b.Value != nil {
				content(b.Value.Content)
			}
		}
		headers(c.Headers)
	}
	if doc.Paths == nil {
		return
	}
	for _, item := range doc.Paths.Map() {
		params(item.Parameters)
		for _, op := range item.Operations() {
			params(op.Parameters)
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				content(op.RequestBody.Value.Content)
			}
			if op.Responses != nil {
				for _, r := range op.Responses.Map() {
					response(r)
				}
			}
		}
	}
}
