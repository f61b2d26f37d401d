package spapitest

import (
	"errors"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// Error codes the sandbox answers with, as SP-API uses them.
const (
	CodeInvalidInput = "InvalidInput"
	CodeNotFound     = "NotFound"
	CodeUnauthorized = "Unauthorized"
)

// errorBody builds an error response in the shape the operation declares
// for status (falling back to its 400 response): SP-API models mostly use
// {"errors": [{"code", "message", "details"}]}, a few a bare error list or
// a single error object.
func errorBody(op *Operation, status int, code, message, details string) any {
	detail := map[string]any{"code": code, "message": message}
	if details != "" {
		detail["details"] = details
	}
	wrapped := map[string]any{"errors": []any{detail}}
	if op == nil || op.Spec.Responses == nil {
		return wrapped
	}
	for _, s := range []int{status, 400} {
		r := op.Spec.Responses.Status(s)
		if r == nil || r.Value == nil {
			continue
		}
		for _, ct := range sortedKeys(r.Value.Content) {
			mt := r.Value.Content[ct]
			if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
				continue
			}
			return shapeError(mt.Schema.Value, detail)
		}
	}
	return wrapped
}

func shapeError(s *openapi3.Schema, detail map[string]any) any {
	props := properties(s)
	if e, ok := props["errors"]; ok && e.Value != nil {
		if e.Value.Type.Is("array") {
			return map[string]any{"errors": []any{detail}}
		}
		return map[string]any{"errors": detail}
	}
	if s.Type.Is("array") {
		return []any{detail}
	}
	if _, ok := props["code"]; ok {
		return detail
	}
	return map[string]any{"errors": []any{detail}}
}

// properties merges a schema's own properties with those of its allOf.
func properties(s *openapi3.Schema) openapi3.Schemas {
	out := openapi3.Schemas{}
	for _, sub := range s.AllOf {
		if sub.Value != nil {
			for k, v := range properties(sub.Value) {
				out[k] = v
			}
		}
	}
	for k, v := range s.Properties {
		out[k] = v
	}
	return out
}

// validationMessage turns an openapi3filter error into one line naming the
// parameter or body location and the reason, without the schema dumps
// kin-openapi's own messages carry.
func validationMessage(err error) string {
	var re *openapi3filter.RequestError
	if !errors.As(err, &re) {
		return err.Error()
	}
	where := "request"
	switch {
	case re.Parameter != nil:
		where = fmt.Sprintf("%s parameter %q", re.Parameter.In, re.Parameter.Name)
	case re.RequestBody != nil:
		where = "request body"
	}
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		at := ""
		if ptr := se.JSONPointer(); len(ptr) > 0 {
			at = " at /" + strings.Join(ptr, "/")
		}
		reason := se.Reason
		if reason == "" {
			reason = se.Error()
		}
		return fmt.Sprintf("%s%s: %s", where, at, reason)
	}
	reason := re.Reason
	if re.Err != nil {
		if reason != "" {
			reason += ": "
		}
		reason += firstLine(re.Err.Error())
	}
	return fmt.Sprintf("%s: %s", where, reason)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
