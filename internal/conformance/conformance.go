// Package conformance replays every static x-amzn-api-sandbox case of every
// SP-API model through the generated clients against the offline sandbox
// (package spapitest) and reports, per model, which cases pass.
//
// A case passes when, calling the generated typed client's method for the
// operation (the surface users call: it returns the success body or an
// error) with the case's parameters and body (required parameters and body
// properties the case leaves out filled with schema-valid values):
//   - the request carries the operation's *spapi.Operation in its context;
//   - the sandbox answered it from this very case (it accepted the request:
//     a success case's request also passed validation against the model),
//     with the status the case is filed under;
//   - for a success status, the method returned the decoded body with no
//     member broken or unknown to the model (spapi.Mismatch), and
//     re-encoding it keeps every field of the case's response JSON, values
//     equal (nothing dropped or renamed);
//   - for an error status, the method returned an *spapi.Error with that
//     status carrying the case's error codes.
//
// The client packages are listed in clients_gen.go, generated from
// generated/ by Registry and golden-tested (TestRegistry -update).
package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/spgen/spgen/spapi"
	"github.com/spgen/spgen/spapitest"
)

// validationOptions are the schema options the sandbox validates with.
var validationOptions = spapitest.ValidationOptions()

// client is one generated package (see clients_gen.go).
type client struct {
	model, pkg string
	operations func() []*spapi.Operation
	new        func(server string, doer *http.Client) (any, error)
}

// Options configure Run.
type Options struct {
	// Models is the directory of Amazon's models (../shared/models/spapi).
	Models string
	// Only restricts the run to these model file base names.
	Only []string
}

// Result is the outcome of one case.
type Result struct {
	Case *spapitest.Case
	// Package is the generated package that served the case.
	Package string
	// Err says why the case failed; nil when it passed.
	Err error
	// Default names the case the sandbox answers the same request with
	// when the request does not name its case (see spapitest.CaseHeader);
	// empty when that is this case.
	Default string
}

// Report is the outcome of a run.
type Report struct {
	Models  []*spapitest.Model
	Results []Result
	// Packages maps a model file to its generated package.
	Packages map[string]string
}

// Passed and Failed count the results.
func (r *Report) Passed() int { return r.count(true) }

// Failed counts the failed cases.
func (r *Report) Failed() int { return r.count(false) }

func (r *Report) count(ok bool) int {
	n := 0
	for _, res := range r.Results {
		if (res.Err == nil) == ok {
			n++
		}
	}
	return n
}

// Run starts a sandbox on the models and replays every case.
func Run(ctx context.Context, opts Options) (*Report, error) {
	sb, err := spapitest.New(spapitest.Models(opts.Models), spapitest.Only(opts.Only...))
	if err != nil {
		return nil, err
	}
	sb.Start()
	defer sb.Close()
	byModel := map[string]*client{}
	for i := range clients {
		byModel[clients[i].model] = &clients[i]
	}
	rep := &Report{Models: sb.Models(), Packages: map[string]string{}}
	for _, m := range sb.Models() {
		cl := byModel[m.File]
		if cl != nil {
			rep.Packages[m.File] = cl.pkg
		}
		for _, c := range m.Cases() {
			res := Result{Case: c}
			if cl == nil {
				res.Err = fmt.Errorf("no generated client package for %s", m.File)
			} else {
				res.Package = cl.pkg
				res.Default, res.Err = runCase(ctx, sb.URL, sb.Transport(), cl, c)
			}
			rep.Results = append(rep.Results, res)
		}
	}
	return rep, nil
}

// runCase replays one case; a nil error means it passed. It also returns
// the case the sandbox would have answered without naming this one.
// The sandbox is at server, reached through base.
func runCase(ctx context.Context, server string, base http.RoundTripper, cl *client, c *spapitest.Case) (string, error) {
	var meta *spapi.Operation
	for _, o := range cl.operations() {
		if o.Method == c.Method && o.Path == c.Path {
			meta = o
		}
	}
	if meta == nil {
		return "", fmt.Errorf("package %s has no operation %s %s", cl.pkg, c.Method, c.Path)
	}
	var carried *spapi.Operation
	doer := &http.Client{Transport: roundTripFunc(func(req *http.Request) (*http.Response, error) {
		carried, _ = spapi.OperationFromContext(req.Context())
		// Name the case: some cases match the same requests as others.
		req.Header.Set(spapitest.CaseHeader, c.ID())
		return base.RoundTrip(req)
	})}
	cli, err := cl.new(server, doer)
	if err != nil {
		return "", fmt.Errorf("creating the client: %w", err)
	}
	method, err := findMethod(reflect.ValueOf(cli), meta.ID)
	if err != nil {
		return "", err
	}
	args, err := buildArgs(ctx, method.Type(), c)
	if err != nil {
		return "", err
	}
	var md spapi.ResponseMetadata
	out := method.Call(append(args, reflect.ValueOf(spapi.WithMetadata(&md))))
	callErr, _ := out[1].Interface().(error)
	if md.StatusCode == 0 {
		return "", fmt.Errorf("client: no response: %w", callErr)
	}
	if carried != meta {
		return "", fmt.Errorf("the request's context carries operation %v, want %s.%s", opName(carried), meta.API, meta.ID)
	}
	return md.Header.Get(spapitest.DefaultCaseHeader), checkResponse(c, md, out[0], callErr)
}

func opName(o *spapi.Operation) string {
	if o == nil {
		return "none"
	}
	return o.API + "." + o.ID
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// findMethod returns the typed client's method for the operation. Go names
// drop the operationId's non-alphanumerics and change its case, so the
// match ignores both.
func findMethod(cli reflect.Value, opID string) (reflect.Value, error) {
	want := fold(opID)
	t := cli.Type()
	for i := range t.NumMethod() {
		name := t.Method(i).Name
		if fold(name) == want {
			return cli.Method(i), nil
		}
	}
	return reflect.Value{}, fmt.Errorf("the typed client has no method for %s", opID)
}

func fold(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// buildArgs turns the case into the method's arguments: the context, the
// path parameters in path order, the params struct and the typed body.
//
// A success case's request must be valid, and so must the request of a case
// describing what befalls a valid request (429, 5xx: the sandbox validates
// every request first), so the required query and header parameters and
// body properties it leaves out are filled. A case of a rejection
// (spapitest.IsRejection: 400, 401, 403, 404, 413, 415, 422) is sent as
// written (path parameters aside, without which there is no URL): many are
// deliberately bad requests, and filling in what they leave out would make
// them good ones.
func buildArgs(ctx context.Context, mt reflect.Type, c *spapitest.Case) ([]reflect.Value, error) {
	op := c.Op()
	fill := !spapitest.IsRejection(c.Status)
	args := []reflect.Value{reflect.ValueOf(ctx)}
	byName := map[string]*openapi3.Parameter{}
	for _, p := range op.Parameters() {
		byName[p.Name] = p
	}
	pathNames := pathParams(c.Path)
	last := mt.NumIn()
	if mt.IsVariadic() {
		last--
	}
	i := 1
	for _, name := range pathNames {
		if i >= last {
			return nil, fmt.Errorf("the method takes fewer path arguments than %s has", c.Path)
		}
		raw, ok := c.Params[name]
		if !ok {
			v, err := fillParam(byName[name])
			if err != nil {
				return nil, fmt.Errorf("path parameter %q: %w", name, err)
			}
			raw = v
		}
		v, err := decodeArg(mt.In(i), raw)
		if err != nil {
			return nil, fmt.Errorf("path parameter %q: %w", name, err)
		}
		args = append(args, v)
		i++
	}
	if i < last && isParamsStruct(mt.In(i)) {
		obj := map[string]json.RawMessage{}
		for _, p := range op.Parameters() {
			if p.In != openapi3.ParameterInQuery && p.In != openapi3.ParameterInHeader {
				continue
			}
			if raw, ok := c.Params[p.Name]; ok {
				obj[p.Name] = raw
				continue
			}
			if !p.Required || !fill {
				continue
			}
			raw, err := fillParam(p)
			if err != nil {
				return nil, fmt.Errorf("%s parameter %q: %w", p.In, p.Name, err)
			}
			obj[p.Name] = raw
		}
		b, _ := json.Marshal(obj)
		pv := reflect.New(mt.In(i).Elem())
		if err := strictDecode(b, pv.Interface()); err != nil {
			return nil, fmt.Errorf("the case's parameters do not fit the params struct: %w", err)
		}
		args = append(args, pv)
		i++
	}
	if i < last {
		body, err := caseBody(c, fill)
		if err != nil {
			return nil, err
		}
		bv := reflect.New(mt.In(i))
		if err := strictDecode(body, bv.Interface()); err != nil {
			return nil, fmt.Errorf("the case's body does not fit the typed request body %s: %w", mt.In(i), err)
		}
		args = append(args, bv.Elem())
		i++
	}
	if i != last {
		return nil, fmt.Errorf("the method takes %d arguments before its options, the case supplies %d", last, i)
	}
	return args, nil
}

// caseBody returns the case's body with the required properties it leaves
// out filled, or a generated body when the case gives none. Without fill
// it returns the case's body as is, or "{}" (the typed body's zero value
// then supplies what the type requires).
func caseBody(c *spapitest.Case, fill bool) ([]byte, error) {
	op := c.Op()
	var schema *openapi3.Schema
	if rb := op.Spec.RequestBody; rb != nil && rb.Value != nil {
		for _, ct := range []string{"application/json"} {
			if mt := rb.Value.Content.Get(ct); mt != nil && mt.Schema != nil {
				schema = mt.Schema.Value
			}
		}
	}
	raw, ok := c.Params[op.BodyParam]
	if !fill {
		if !ok {
			return []byte("{}"), nil
		}
		return raw, nil
	}
	if !ok {
		v, err := sample(schema)
		if err != nil {
			return nil, fmt.Errorf("body: %w", err)
		}
		return json.Marshal(v)
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	if schema != nil {
		v = fillValue(v, schema, 0)
	}
	return json.Marshal(v)
}

// fillParam returns a schema-valid value for a parameter a case omits.
func fillParam(p *openapi3.Parameter) (json.RawMessage, error) {
	if p == nil || p.Schema == nil || p.Schema.Value == nil {
		return json.Marshal(fillerText)
	}
	v, err := sample(p.Schema.Value)
	if err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

func pathParams(path string) []string {
	var out []string
	for _, seg := range strings.Split(path, "/") {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			out = append(out, seg[1:len(seg)-1])
		}
	}
	return out
}

func isParamsStruct(t reflect.Type) bool {
	return t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct && strings.HasSuffix(t.Elem().Name(), "Params")
}

// decodeArg converts a case value to a path argument's type; a JSON number
// or boolean given for a string parameter is taken as its text.
func decodeArg(t reflect.Type, raw json.RawMessage) (reflect.Value, error) {
	v := reflect.New(t)
	err := json.Unmarshal(raw, v.Interface())
	if err == nil {
		return v.Elem(), nil
	}
	if t.Kind() == reflect.String && len(raw) > 0 && raw[0] != '"' && raw[0] != '{' && raw[0] != '[' {
		v.Elem().SetString(string(raw))
		return v.Elem(), nil
	}
	return reflect.Value{}, err
}

// strictDecode decodes JSON into v, refusing fields v's type lacks: a case
// field the typed request cannot carry would otherwise vanish silently.
func strictDecode(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// checkResponse verifies what the typed method returned (body, err) and
// the response's metadata against the case.
func checkResponse(c *spapitest.Case, md spapi.ResponseMetadata, body reflect.Value, err error) error {
	if got := md.Header.Get(spapitest.CaseHeader); got != c.ID() {
		if got == "" {
			return fmt.Errorf("the sandbox rejected the request: HTTP %d: %v", md.StatusCode, err)
		}
		return fmt.Errorf("the sandbox answered case %q instead", got)
	}
	if md.StatusCode != c.Status {
		return fmt.Errorf("status %d, want %d", md.StatusCode, c.Status)
	}
	if c.Status >= 300 {
		var se *spapi.Error
		if !errors.As(err, &se) {
			return fmt.Errorf("the method returned %v, want an *spapi.Error", err)
		}
		if se.StatusCode != c.Status {
			return fmt.Errorf("spapi.Error has status %d, want %d", se.StatusCode, c.Status)
		}
		if want := errorCodes(c.Response); len(want) > 0 {
			var got []string
			for _, d := range se.Errors {
				got = append(got, d.Code)
			}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				return fmt.Errorf("spapi.Error carries the codes %q, the case %q", got, want)
			}
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("client: %w", err)
	}
	if len(md.Mismatches) > 0 {
		return fmt.Errorf("the response breaks the typed %d body: %v", c.Status, md.Mismatches)
	}
	if len(c.Response) == 0 || c.Status == http.StatusNoContent {
		return nil
	}
	if _, ok := body.Interface().(*spapi.ResponseMetadata); ok {
		return fmt.Errorf("the typed method returns no %d body (the model gives %d no JSON schema), so the case's body stays undecoded", c.Status, c.Status)
	}
	got, err := spapi.EncodeJSON(body.Interface())
	if err != nil {
		return fmt.Errorf("re-encoding the typed response: %w", err)
	}
	if m := covers("$", decode(c.Response), decode(got)); m != "" {
		return fmt.Errorf("re-encoding the typed %d response loses data: %s", c.Status, m)
	}
	return nil
}

// errorCodes returns the codes of a case's errors[] (array or object).
func errorCodes(resp json.RawMessage) []string {
	var body struct {
		Errors json.RawMessage `json:"errors"`
	}
	if json.Unmarshal(resp, &body) != nil || len(body.Errors) == 0 {
		return nil
	}
	var list []struct {
		Code json.RawMessage `json:"code"`
	}
	if json.Unmarshal(body.Errors, &list) != nil {
		var one struct {
			Code json.RawMessage `json:"code"`
		}
		if json.Unmarshal(body.Errors, &one) != nil {
			return nil
		}
		list = append(list, one)
	}
	var out []string
	for _, e := range list {
		var s string
		if json.Unmarshal(e.Code, &s) != nil {
			s = string(e.Code)
		}
		out = append(out, s)
	}
	return out
}

func decode(b []byte) any {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil
	}
	return v
}

// covers reports where got lacks something want has: objects key by key
// (a null in want matches an absent key), arrays element by element with
// equal lengths, scalars by value (numbers numerically). "" means got
// keeps all of want.
func covers(at string, want, got any) string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s is %s, the case has an object", at, kind(got))
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			gv, ok := g[k]
			if w[k] == nil && (!ok || gv == nil) {
				continue
			}
			if !ok {
				return fmt.Sprintf("%s.%s is dropped", at, k)
			}
			if m := covers(at+"."+k, w[k], gv); m != "" {
				return m
			}
		}
		return ""
	case []any:
		g, ok := got.([]any)
		if !ok {
			return fmt.Sprintf("%s is %s, the case has an array", at, kind(got))
		}
		if len(g) != len(w) {
			return fmt.Sprintf("%s has %d elements, the case %d", at, len(g), len(w))
		}
		for i := range w {
			if m := covers(fmt.Sprintf("%s[%d]", at, i), w[i], g[i]); m != "" {
				return m
			}
		}
		return ""
	case json.Number:
		if g, ok := got.(json.Number); ok {
			a, err1 := strconv.ParseFloat(string(w), 64)
			b, err2 := strconv.ParseFloat(string(g), 64)
			if err1 == nil && err2 == nil && a == b {
				return ""
			}
		}
		return fmt.Sprintf("%s is %s, the case has %s", at, kind(got), w)
	default:
		if want != got {
			return fmt.Sprintf("%s is %s, the case has %s", at, kind(got), kind(want))
		}
		return ""
	}
}

func kind(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return fmt.Sprintf("an array of %d", len(x))
	case string:
		return strconv.Quote(x)
	default:
		return fmt.Sprint(x)
	}
}
