package actionschema

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Action is one messaging action offered for an order, as listed by a
// getMessagingActionsForOrder response.
type Action struct {
	// Name is the action's name, e.g. "confirmCustomizationDetails".
	Name string
	// Title is the action's human-readable title, when given.
	Title string
	// Href is the path (with query) of the action's operation for this
	// order, from the response's links.
	Href string
	// Schema is the action's JSON Schema exactly as served (objects are
	// map[string]any, numbers json.Number).
	Schema any
	// Pointer is the JSON pointer of Schema within the response: either
	// ".../_embedded/schema" (the documented real response) or
	// ".../_embedded/schema/payload" (the shape the Swagger model declares).
	Pointer string
}

// DocError is a getMessagingActionsForOrder response that cannot be used:
// either not JSON (Offset is the byte offset of the syntax error) or not of
// the expected shape (Pointer says where).
type DocError struct {
	Pointer string
	Offset  int64
	Msg     string
	Err     error
}

func (e *DocError) Error() string {
	var b strings.Builder
	if e.Pointer != "" {
		b.WriteString("at " + e.Pointer + ": ")
	} else if e.Offset > 0 {
		b.WriteString("at offset " + strconv.FormatInt(e.Offset, 10) + ": ")
	}
	b.WriteString(e.Msg)
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

func (e *DocError) Unwrap() error { return e.Err }

// ParseActionsResponse decodes a getMessagingActionsForOrder response body
// and returns its actions in document order.
func ParseActionsResponse(data []byte) ([]Action, error) {
	doc, err := DecodeInstance(data)
	if err != nil {
		de := &DocError{Msg: "not valid JSON", Err: err}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			de.Offset = se.Offset
		}
		return nil, de
	}
	return ActionsFromResponse(doc)
}

// IsActionsResponse reports whether doc looks like a getMessagingActionsForOrder
// response (an object with "_embedded" or "_links") rather than a bare schema.
func IsActionsResponse(doc any) bool {
	m, ok := doc.(map[string]any)
	if !ok {
		return false
	}
	_, e := m["_embedded"]
	_, l := m["_links"]
	_, t := m["type"]
	_, p := m["properties"]
	return (e || l) && !t && !p
}

// ActionsFromResponse extracts the actions of a decoded response.
func ActionsFromResponse(doc any) ([]Action, error) {
	root, ok := doc.(map[string]any)
	if !ok {
		return nil, &DocError{Pointer: "", Msg: "response is not a JSON object"}
	}
	if errs, ok := root["errors"].([]any); ok && len(errs) > 0 {
		return nil, &DocError{Pointer: "/errors", Msg: "response reports errors: " + describeErrors(errs)}
	}
	links := map[string]string{}
	if l, ok := root["_links"].(map[string]any); ok {
		if list, ok := l["actions"].([]any); ok {
			for _, e := range list {
				if lo, ok := e.(map[string]any); ok {
					name, _ := lo["name"].(string)
					href, _ := lo["href"].(string)
					if name != "" && href != "" {
						links[name] = href
					}
				}
			}
		}
	}
	emb, ok := root["_embedded"].(map[string]any)
	if !ok {
		return nil, &DocError{Pointer: "/_embedded", Msg: "missing object \"_embedded\" (the actions with their schemas)"}
	}
	list, ok := emb["actions"].([]any)
	if !ok {
		return nil, &DocError{Pointer: "/_embedded/actions", Msg: "missing array \"actions\""}
	}
	var out []Action
	seen := map[string]string{}
	for i, e := range list {
		ptr := "/_embedded/actions/" + strconv.Itoa(i)
		a, err := actionFrom(e, ptr)
		if err != nil {
			return nil, err
		}
		if prev, dup := seen[a.Name]; dup {
			return nil, &DocError{Pointer: ptr, Msg: fmt.Sprintf("action %q listed twice (first at %s)", a.Name, prev)}
		}
		seen[a.Name] = ptr
		if a.Href == "" {
			a.Href = links[a.Name]
		}
		out = append(out, a)
	}
	return out, nil
}

func actionFrom(v any, ptr string) (Action, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return Action{}, &DocError{Pointer: ptr, Msg: "action is not an object"}
	}
	var a Action
	a.Name, _ = m["name"].(string)
	a.Title, _ = m["title"].(string)
	if p, ok := m["payload"].(map[string]any); ok && a.Name == "" {
		a.Name, _ = p["name"].(string)
	}
	if l, ok := m["_links"].(map[string]any); ok {
		if self, ok := l["self"].(map[string]any); ok {
			a.Href, _ = self["href"].(string)
			if a.Name == "" {
				a.Name, _ = self["name"].(string)
			}
		}
	}
	emb, ok := m["_embedded"].(map[string]any)
	if !ok {
		return Action{}, &DocError{Pointer: ptr + "/_embedded", Msg: "action has no embedded schema (missing object \"_embedded\")"}
	}
	sch, ok := emb["schema"].(map[string]any)
	if !ok {
		return Action{}, &DocError{Pointer: ptr + "/_embedded/schema", Msg: "action has no embedded schema object"}
	}
	a.Pointer = ptr + "/_embedded/schema"
	if payload, ok := sch["payload"].(map[string]any); ok && !isSchemaLike(sch) {
		// The Swagger model's GetSchemaResponse: {"_links": ..., "payload": <schema>}.
		sch = payload
		a.Pointer += "/payload"
	}
	a.Schema = sch
	if a.Name == "" {
		a.Name, _ = sch["name"].(string)
	}
	if a.Name == "" {
		return Action{}, &DocError{Pointer: ptr + "/name", Msg: "action has no name"}
	}
	return a, nil
}

func isSchemaLike(m map[string]any) bool {
	for _, k := range []string{"type", "properties", "$schema", "required", "items", "enum"} {
		if _, ok := m[k]; ok {
			return true
		}
	}
	return false
}

func describeErrors(errs []any) string {
	var parts []string
	for _, e := range errs {
		if m, ok := e.(map[string]any); ok {
			code, _ := m["code"].(string)
			msg, _ := m["message"].(string)
			parts = append(parts, code+": "+msg)
		}
	}
	return strings.Join(parts, "; ")
}
