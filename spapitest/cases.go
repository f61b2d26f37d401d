package spapitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/spgen/spgen/internal/diag"
)

// Case is one static request/response pair of a model's
// x-amzn-api-sandbox extension
// (paths.<path>.<method>.responses.<status>.x-amzn-api-sandbox.static[i]).
type Case struct {
	// Model is the model file, relative to the models directory
	// (e.g. "orders-api-model/ordersV0.json").
	Model string
	// Operation is the operationId as the generated client names it
	// (after the generator's renaming of duplicate IDs).
	Operation string
	// Method (upper case) and Path (template) locate the operation.
	Method, Path string
	// Status is the response code the case is filed under, Index its
	// position in the static array.
	Status, Index int
	// Pointer is the case's JSON pointer in the (overlaid) model file.
	Pointer string
	// Params are the request parameters the case matches on, by name as
	// in the model (the body parameter under its Swagger 2.0 name), each
	// as JSON. Parameters the case leaves out are wildcards.
	Params map[string]json.RawMessage
	// Wildcards are the parameters the case names without a value (Amazon
	// writes `"body": {}` for "any body"); they match anything.
	Wildcards []string
	// Response is the case's response body, nil when it has none.
	Response json.RawMessage
	// Headers are the case's response headers.
	Headers map[string]string
	// Corrections are the reasons of the sandbox case corrections applied
	// to the case (see [Correction]).
	Corrections []string

	op     *Operation
	values map[string]any // Params decoded (numbers as json.Number)
}

// ID names the case uniquely among all models, e.g.
// "ordersV0.json getOrder 200 #0". The sandbox sends it in the
// X-Sandbox-Case header of every response it answers from a case.
func (c *Case) ID() string {
	return fmt.Sprintf("%s %s %d #%d", baseName(c.Model), c.Operation, c.Status, c.Index)
}

// CaseHeader names a case (see [Case.ID]). The sandbox sets it on every
// response it answers from a case; responses not taken from a case (a
// failed validation, no matching case) do not carry it.
//
// A request may carry it too, to pick one of several cases that all match
// its parameters: Amazon's models hold cases no request can tell apart
// (getAccount files the same parameterless request under 200 and 400).
// The named case must still match the request; if it does not, the
// sandbox answers as if the header were absent.
const CaseHeader = "X-Sandbox-Case"

// DefaultCaseHeader is set on a response answered from the case a request
// picked with [CaseHeader] when, without the header, another case would
// have answered; it names that other case.
const DefaultCaseHeader = "X-Sandbox-Default-Case"

// Op returns the operation the case belongs to.
func (c *Case) Op() *Operation { return c.op }

// specificity measures how much a case constrains: one per path, query
// or header parameter, and for the body one per object key, array element
// and scalar it names, plus one for naming a body at all. The sandbox
// answers with the most specific matching case, so {"resources": []}
// wins over {} for a request whose resources are empty.
func (c *Case) specificity() int {
	n := 0
	for name, v := range c.values {
		if p := c.op.param(name); p != nil && p.in == inBody {
			n += 1 + nodes(v)
			continue
		}
		n++
	}
	return n
}

func nodes(v any) int {
	switch x := v.(type) {
	case map[string]any:
		n := 0
		for _, e := range x {
			n += 1 + nodes(e)
		}
		return n
	case []any:
		n := 0
		for _, e := range x {
			n += 1 + nodes(e)
		}
		return n
	default:
		return 0
	}
}

// parseCases reads the static cases of one operation from the model's
// generic JSON. op.params must be set. Every error names the file and the
// JSON pointer of what is wrong.
func parseCases(file string, op *Operation, rawOp map[string]any, opPtr string) ([]*Case, error) {
	responses, _ := rawOp["responses"].(map[string]any)
	var out []*Case
	for _, code := range sortedKeys(responses) {
		resp, ok := responses[code].(map[string]any)
		if !ok {
			continue
		}
		ext, ok := resp["x-amzn-api-sandbox"]
		if !ok {
			continue
		}
		extPtr := diag.JSONPointer(append(splitPointer(opPtr), "responses", code, "x-amzn-api-sandbox")...)
		sb, ok := ext.(map[string]any)
		if !ok {
			return nil, diag.At(file, extPtr, "x-amzn-api-sandbox must be an object")
		}
		raw, ok := sb["static"]
		if !ok {
			continue
		}
		list, ok := raw.([]any)
		if !ok {
			return nil, diag.At(file, extPtr+"/static", "static must be an array of cases")
		}
		status, err := strconv.Atoi(code)
		if err != nil || status < 100 || status > 599 {
			return nil, diag.At(file, extPtr, "sandbox cases filed under %q, which is not an HTTP status code", code)
		}
		for i, item := range list {
			ptr := fmt.Sprintf("%s/static/%d", extPtr, i)
			c, err := parseCase(file, ptr, op, item)
			if err != nil {
				return nil, err
			}
			c.Status, c.Index = status, i
			out = append(out, c)
		}
	}
	return out, nil
}

func parseCase(file, ptr string, op *Operation, item any) (*Case, error) {
	obj, ok := item.(map[string]any)
	if !ok {
		return nil, diag.At(file, ptr, "a sandbox case must be an object")
	}
	c := &Case{Model: file, Operation: op.ID, Method: op.Method, Path: op.Path, Pointer: ptr,
		Params: map[string]json.RawMessage{}, op: op, values: map[string]any{}}
	for _, k := range sortedKeys(obj) {
		switch k {
		case "request", "response", "responseHeaders":
		default:
			return nil, diag.At(file, ptr+"/"+escapePointer(k), "unknown key %q in a sandbox case (want request, response, responseHeaders)", k)
		}
	}
	if req, ok := obj["request"]; ok {
		reqObj, ok := req.(map[string]any)
		if !ok {
			return nil, diag.At(file, ptr+"/request", "request must be an object")
		}
		for _, k := range sortedKeys(reqObj) {
			if k != "parameters" {
				return nil, diag.At(file, ptr+"/request/"+escapePointer(k), "unknown key %q in a sandbox request (want parameters)", k)
			}
		}
		if params, ok := reqObj["parameters"]; ok {
			pm, ok := params.(map[string]any)
			if !ok {
				return nil, diag.At(file, ptr+"/request/parameters", "parameters must be an object")
			}
			for _, name := range sortedKeys(pm) {
				pptr := ptr + "/request/parameters/" + escapePointer(name)
				entry, ok := pm[name].(map[string]any)
				if !ok {
					return nil, diag.At(file, pptr, "parameter %q must be an object {\"value\": ...}", name)
				}
				if len(entry) == 0 {
					c.Wildcards = append(c.Wildcards, name)
					continue
				}
				v, ok := entry["value"]
				if !ok || len(entry) != 1 {
					return nil, diag.At(file, pptr, "parameter %q must be {\"value\": ...}; it has the keys %s", name, strings.Join(sortedKeys(entry), ", "))
				}
				p := op.param(name)
				if p == nil && name == "body" && op.BodyParam != "" {
					// Amazon's cases call the body "body" whatever the
					// model names the body parameter.
					p = op.param(op.BodyParam)
				}
				if p == nil {
					return nil, diag.At(file, pptr, "the case names parameter %q, which %s %s does not have", name, op.Method, op.Path)
				}
				if _, dup := c.Params[p.name]; dup {
					return nil, diag.At(file, pptr, "the case names the body twice (as %q and as %q)", name, p.name)
				}
				c.Params[p.name] = encodeJSON(v)
				c.values[p.name] = v
			}
		}
	}
	if resp, ok := obj["response"]; ok {
		c.Response = encodeJSON(resp)
	}
	if hdrs, ok := obj["responseHeaders"]; ok {
		hm, ok := hdrs.(map[string]any)
		if !ok {
			return nil, diag.At(file, ptr+"/responseHeaders", "responseHeaders must be an object")
		}
		c.Headers = map[string]string{}
		for _, name := range sortedKeys(hm) {
			entry, _ := hm[name].(map[string]any)
			v, ok := entry["value"]
			if !ok {
				return nil, diag.At(file, ptr+"/responseHeaders/"+escapePointer(name), "response header %q must be {\"value\": ...}", name)
			}
			s, ok := v.(string)
			if !ok {
				s = string(encodeJSON(v))
			}
			c.Headers[name] = s
		}
	}
	return c, nil
}

// decodeJSON decodes b keeping numbers as json.Number.
func decodeJSON(b []byte) any {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil
	}
	return v
}

// encodeJSON re-encodes a value decoded with UseNumber; numbers keep their
// text.
func encodeJSON(v any) json.RawMessage {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return json.RawMessage("null")
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func escapePointer(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}

func splitPointer(ptr string) []string {
	if ptr == "" || ptr == "/" {
		return nil
	}
	parts := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	for i, p := range parts {
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(p, "~1", "/"), "~0", "~")
	}
	return parts
}

func baseName(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}
