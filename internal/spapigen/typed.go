package spapigen

import (
	"go/token"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"

	"github.com/spgen/spgen/internal/spapimodel"
)

// The typed client (templates/typed.tmpl) needs, per operation, which
// response is the success body and, for paging operations, how to reach
// the next page's token and the page's items. These template functions
// compute that as typed values from oapi-codegen's operation definitions
// and the front end's metadata; the template renders them.

// typedFuncs returns the template functions of the typed client for sm.
func typedFuncs(sm *spapimodel.Model) map[string]any {
	return map[string]any{
		"spgenSuccess": successResponse,
		"spgenBody":    typedBody,
		"spgenPaging": func(op *codegen.OperationDefinition) (*typedPaging, error) {
			return pagingFor(sm, op)
		},
		"spgenPayload": payloadAccessor(),
	}
}

// typedPayload is the accessor of a success body in Amazon's
// {payload, errors} envelope: Type's GetPayload returns its Field, never
// nil (Object: a pointer to an empty Elem when absent).
type typedPayload struct {
	Type, Field, Elem string
	Object, Pointer   bool
}

// payloadAccessor returns the template function giving, once per success
// body type, the accessor of its payload: for a payload that is a model
// schema (its Go name is what the accessor returns) or a list of one.
func payloadAccessor() func(op *codegen.OperationDefinition) (*typedPayload, error) {
	done := map[string]bool{}
	return func(op *codegen.OperationDefinition) (*typedPayload, error) {
		succ, err := successResponse(op)
		if err != nil || succ == nil {
			return nil, err
		}
		schema := successSchema(op, succ)
		typ := succ.Schema.TypeDecl()
		if schema == nil || schema.Value == nil || done[typ] || !token.IsIdentifier(typ) {
			return nil, nil
		}
		prop, ok := spapimodel.AllProperties(schema.Value)["payload"]
		if !ok || prop.Value == nil {
			return nil, nil
		}
		const components = "#/components/schemas/"
		st := fieldStep(schema.Value, "payload", prop)
		p := &typedPayload{Type: typ, Field: st.Field, Pointer: st.Pointer}
		switch {
		case strings.HasPrefix(prop.Ref, components):
			p.Elem = codegen.SchemaNameToTypeName(strings.TrimPrefix(prop.Ref, components))
			p.Object = !isContainer(prop.Value) && prop.Value.Type.Is("object")
		case prop.Value.Type.Is("array") && prop.Value.Items != nil && strings.HasPrefix(prop.Value.Items.Ref, components):
			p.Elem = "[]" + codegen.SchemaNameToTypeName(strings.TrimPrefix(prop.Value.Items.Ref, components))
		default:
			return nil, nil
		}
		if !p.Object && p.Pointer {
			return nil, nil // a scalar payload behind a pointer: nothing to add
		}
		done[typ] = true
		return p, nil
	}
}

// successResponse is the operation's first 2xx JSON response, or nil when
// its success response has no body (204) or no JSON body.
func successResponse(op *codegen.OperationDefinition) (*codegen.ResponseTypeDefinition, error) {
	tds, err := op.GetResponseTypeDefinitions()
	if err != nil {
		return nil, err
	}
	for i := range tds {
		if strings.HasPrefix(tds[i].ResponseName, "2") && len(tds[i].ResponseName) == 3 {
			return &tds[i], nil
		}
	}
	return nil, nil
}

// typedBody is the request body the typed method takes: the JSON one, or
// nil when the operation has no body. ok is false when it has a body the
// typed client cannot send (no JSON variant).
func typedBody(op *codegen.OperationDefinition) map[string]any {
	if !op.HasBody() {
		return map[string]any{"ok": true}
	}
	for i := range op.Bodies {
		b := &op.Bodies[i]
		if b.IsSupportedByClient() && b.IsJSON() {
			return map[string]any{"ok": true, "body": b, "pointer": !op.BodyRequired}
		}
	}
	return map[string]any{"ok": false}
}

// typedPaging says how the typed client pages an operation.
type typedPaging struct {
	// TokenField is the Go field of the params struct carrying the token
	// (a *string when TokenPointer); TokenOnly operations send it alone.
	TokenField   string
	TokenPointer bool
	TokenOnly    bool
	// TokenChecks are the selector paths from a page that must not be nil
	// for the token to be there, and TokenValue the token's (dereferenced
	// when TokenDeref).
	TokenChecks []string
	TokenValue  string
	TokenDeref  bool
	// Items, when the page holds exactly one array next to the token:
	// ItemChecks, ItemsValue and ItemsDeref reach it, ItemType is its
	// element type.
	ItemChecks []string
	ItemsValue string
	ItemsDeref bool
	ItemType   string
}

// step is one field access on the way to a value; Pointer says the field
// is a pointer (nil means absent).
type step struct {
	Field   string
	Pointer bool
}

// selectors turns steps into the selector paths to nil-check and the final
// selector path.
func selectors(steps []step) (checks []string, value string, deref bool) {
	path := ""
	for i, s := range steps {
		if path != "" {
			path += "."
		}
		path += s.Field
		if s.Pointer {
			if i == len(steps)-1 {
				deref = true
			}
			checks = append(checks, path)
		}
	}
	return checks, path, deref
}

// pagingFor returns the paging of op, or nil when it does not page or the
// token cannot be reached through the generated types.
func pagingFor(sm *spapimodel.Model, op *codegen.OperationDefinition) (*typedPaging, error) {
	m := sm.OperationAt(op.Method, op.Path)
	if m == nil || m.Paging == nil || m.Paging.TokenIn != "query" {
		return nil, nil
	}
	succ, err := successResponse(op)
	if err != nil || succ == nil {
		return nil, err
	}
	p := &typedPaging{TokenOnly: m.Paging.TokenOnly}
	for _, q := range op.QueryParams {
		if q.ParamName == m.Paging.TokenParam {
			p.TokenField, p.TokenPointer = q.GoName(), q.HasOptionalPointer()
		}
	}
	if p.TokenField == "" {
		return nil, nil
	}
	schema := successSchema(op, succ)
	parent := schema
	var tokenSteps []step
	for i, name := range m.Paging.ResponseToken {
		if schema == nil || schema.Value == nil {
			return nil, nil
		}
		prop, ok := spapimodel.AllProperties(schema.Value)[name]
		if !ok {
			return nil, nil
		}
		tokenSteps = append(tokenSteps, fieldStep(schema.Value, name, prop))
		if i < len(m.Paging.ResponseToken)-1 {
			parent = prop
		}
		schema = prop
	}
	if schema == nil || schema.Value == nil || !schema.Value.Type.Is("string") {
		return nil, nil
	}
	p.TokenChecks, p.TokenValue, p.TokenDeref = selectors(tokenSteps)
	// The page's items: the one array beside the token.
	if parent != nil && parent.Value != nil && len(m.Paging.ResponseToken) >= 1 {
		var arrays []string
		props := spapimodel.AllProperties(parent.Value)
		for _, name := range spapimodel.SortedKeys(props) {
			if v := props[name].Value; v != nil && v.Type.Is("array") && v.Items != nil {
				arrays = append(arrays, name)
			}
		}
		if len(arrays) == 1 {
			items := append([]step(nil), tokenSteps[:len(tokenSteps)-1]...)
			items = append(items, fieldStep(parent.Value, arrays[0], props[arrays[0]]))
			// Items that are a model schema have its Go name; inline item
			// types have none a signature could use.
			if ref := props[arrays[0]].Value.Items.Ref; strings.HasPrefix(ref, "#/components/schemas/") {
				p.ItemChecks, p.ItemsValue, p.ItemsDeref = selectors(items)
				p.ItemType = codegen.SchemaNameToTypeName(strings.TrimPrefix(ref, "#/components/schemas/"))
			}
		}
	}
	return p, nil
}

// successSchema is the schema of the success response's media type.
func successSchema(op *codegen.OperationDefinition, succ *codegen.ResponseTypeDefinition) *openapi3.SchemaRef {
	r := op.Spec.Responses.Value(succ.ResponseName)
	if r == nil || r.Value == nil {
		return nil
	}
	if mt := r.Value.Content[succ.ContentTypeName]; mt != nil {
		return mt.Schema
	}
	return nil
}

// fieldStep is the access of property name of s as oapi-codegen declares
// it: the field is named by SchemaNameToTypeName and is a pointer unless
// the property is required (and neither nullable nor read-only).
func fieldStep(s *openapi3.Schema, name string, prop *openapi3.SchemaRef) step {
	required := false
	for _, r := range requiredOf(s) {
		if r == name {
			required = true
		}
	}
	ptr := !required || (prop.Value != nil && (prop.Value.Nullable || prop.Value.ReadOnly || prop.Value.WriteOnly))
	// Containers are never pointers (PreferSkipOptionalPointerOnContainerTypes).
	if isContainer(prop.Value) {
		ptr = false
	}
	return step{Field: codegen.SchemaNameToTypeName(name), Pointer: ptr}
}

func requiredOf(s *openapi3.Schema) []string {
	out := append([]string(nil), s.Required...)
	for _, part := range s.AllOf {
		if part.Value != nil {
			out = append(out, requiredOf(part.Value)...)
		}
	}
	return out
}
