package spapitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"golang.org/x/sync/errgroup"

	"github.com/spgen/spgen/internal/diag"
	"github.com/spgen/spgen/internal/spapimodel"
)

// Model is one SP-API model as the sandbox serves it.
type Model struct {
	// File is the model file relative to the models directory.
	File string
	// Doc is the OpenAPI 3 document the generated client was made from
	// (overlays and the generator's fix-ups applied); requests are
	// validated against it.
	Doc *openapi3.T
	// Patches are the reasons of the overlays (models/overlays) applied.
	Patches []string
	// Corrections are the sandbox case corrections applied
	// (spapitest/corrections), which the generator never sees.
	Corrections []Correction
	// Operations in path and method order.
	Operations []*Operation
}

// Cases returns the model's static sandbox cases in operation order.
func (m *Model) Cases() []*Case {
	var out []*Case
	for _, op := range m.Operations {
		out = append(out, op.Cases...)
	}
	return out
}

// Operation is one operation of a model.
type Operation struct {
	// ID is the operationId as the generated client names it.
	ID string
	// Method (upper case) and Path (template).
	Method, Path string
	// Spec is the operation in Model.Doc.
	Spec *openapi3.Operation
	// BodyParam is the Swagger 2.0 name of the body parameter ("" when
	// the operation takes no body); cases name the body by it.
	BodyParam string
	// Cases are the operation's static sandbox cases, ordered by status
	// code and index.
	Cases []*Case
	// Rate (requests per second) and Burst are the operation's usage plan,
	// from its model's Usage Plan table or Amazon's rate table
	// ([RateTableFile]); zero when neither gives one.
	Rate  float64
	Burst int

	model    *Model
	pathItem *openapi3.PathItem
	params   []*param
	route    *route
	order    []*Case // cases in matching order
}

// Model returns the model the operation belongs to.
func (o *Operation) Model() *Model { return o.model }

// Parameters returns the operation's path, query and header parameters
// in the document's order.
func (o *Operation) Parameters() []*openapi3.Parameter {
	var out []*openapi3.Parameter
	for _, p := range o.params {
		if p.spec != nil {
			out = append(out, p.spec)
		}
	}
	return out
}

type paramIn int

const (
	inPath paramIn = iota
	inQuery
	inHeader
	inBody
)

type param struct {
	name   string
	in     paramIn
	spec   *openapi3.Parameter // nil for the body
	greedy bool                // x-amazon-spds-greedy-path-parameter: the value may hold '/'
}

func (o *Operation) param(name string) *param {
	for _, p := range o.params {
		if p.name == name {
			return p
		}
	}
	return nil
}

// loadCache keeps loaded model sets by directory and filter: loading all 66
// models takes a moment and the result is immutable, so every sandbox in a
// test binary shares one load.
var loadCache sync.Map // string → *loadResult

type loadResult struct {
	once    sync.Once
	models  []*Model
	skipped []Skip
	err     error
}

// Load reads the models under dir (a model file, or a directory walked for
// *.json), applies the overlays of package models and the generator's
// fix-ups, and collects every operation's static sandbox cases. only, when
// not empty, restricts the set to the model files with those base names
// (e.g. "ordersV0.json"). A malformed model or case is a *diag.Error naming
// the file and the JSON pointer. Results are cached per (dir, only): the
// returned models are shared and must not be modified.
func Load(dir string, only ...string) ([]*Model, error) {
	ms, _, err := LoadWithSkips(dir, only...)
	return ms, err
}

// LoadWithSkips is [Load] that also returns the JSON files of the
// directory it skipped because they are not Swagger 2.0 models (a JSON
// Schema or an OpenAPI 3 document next to the models), each with the
// reason. A file named by only, or given as dir, that is not a model is an
// error instead.
func LoadWithSkips(dir string, only ...string) ([]*Model, []Skip, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil, err
	}
	filter := append([]string(nil), only...)
	sort.Strings(filter)
	key := abs + "\x00" + strings.Join(filter, "\x00")
	v, _ := loadCache.LoadOrStore(key, &loadResult{})
	r := v.(*loadResult)
	r.once.Do(func() { r.models, r.skipped, r.err = load(abs, filter) })
	return r.models, r.skipped, r.err
}

func load(dir string, only []string) ([]*Model, []Skip, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, nil, err
	}
	root := dir
	var paths []string
	if info.IsDir() {
		err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(d.Name(), ".json") {
				paths = append(paths, p)
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	} else {
		root = filepath.Dir(dir)
		paths = []string{dir}
	}
	sort.Strings(paths)
	var rates spapimodel.RateTable
	if file := findUp(root, RateTableFile, false); file != "" {
		if rates, err = spapimodel.ReadRateTable(file); err != nil {
			return nil, nil, err
		}
	}
	want := map[string]bool{}
	for _, o := range only {
		want[o] = true
	}
	var selected []string
	missing := maps.Clone(want)
	for _, p := range paths {
		if len(want) > 0 && !want[filepath.Base(p)] {
			continue
		}
		delete(missing, filepath.Base(p))
		selected = append(selected, p)
	}
	// Models load independently; their order in the result is the
	// sorted path order whatever order they finish in.
	// When several fail, the first in path order is reported.
	out := make([]*Model, len(selected))
	skips := make([]string, len(selected))
	errs := make([]error, len(selected))
	named := !info.IsDir() || len(want) > 0
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, p := range selected {
		g.Go(func() error {
			rel, _ := filepath.Rel(root, p)
			rel = filepath.ToSlash(rel)
			data, err := os.ReadFile(p)
			if err == nil {
				if why := notSwagger(data); why != "" {
					if named {
						errs[i] = fmt.Errorf("spapitest: %s is %s, not an SP-API model", rel, why)
					}
					skips[i] = why
					return nil
				}
				out[i], err = loadModel(rel, data, rates)
			}
			errs[i] = err
			return nil
		})
	}
	_ = g.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, nil, err
		}
	}
	var models []*Model
	var skipped []Skip
	for i, p := range selected {
		if skips[i] != "" {
			rel, _ := filepath.Rel(root, p)
			skipped = append(skipped, Skip{File: filepath.ToSlash(rel), Reason: skips[i]})
			continue
		}
		models = append(models, out[i])
	}
	if len(missing) > 0 {
		return nil, nil, fmt.Errorf("spapitest: no model files %s under %s", strings.Join(sortedKeys(missing), ", "), dir)
	}
	if len(models) == 0 {
		return nil, nil, fmt.Errorf("spapitest: no Swagger 2.0 *.json model files under %s (%d other JSON files skipped)", dir, len(skipped))
	}
	return models, skipped, nil
}

var methods = []string{"get", "put", "post", "delete", "options", "head", "patch"}

// RateTableFile is where the sandbox looks for Amazon's SDK rate table
// (rate-limits.yml), relative to the models directory or one of its
// parents; it gives the usage plans of operations whose model has no
// Usage Plan table.
const RateTableFile = "ratelimits/rate-limits.yml"

// loadModel builds one Model from a model file's contents; rates fills in
// the usage plans the model lacks.
func loadModel(rel string, data []byte, rates spapimodel.RateTable) (*Model, error) {
	// The generator's own front end (overlays, fix-ups, conversion), run
	// once: the sandbox validates against exactly what the clients were
	// made from, and reads the cases from the same patched model.
	sm, err := spapimodel.Load(spapimodel.Input{Rel: rel, Data: data, Rates: rates})
	if err != nil {
		return nil, err
	}
	doc, patched := sm.OpenAPI, sm.Applied.Data
	var reasons []string
	for _, p := range sm.Applied.Patches {
		reasons = append(reasons, p.Reason)
	}
	if err := resolveRefs(doc); err != nil {
		return nil, &diag.Error{File: rel, Msg: "resolving $refs of the converted document", Err: err}
	}
	dec := json.NewDecoder(bytes.NewReader(patched))
	dec.UseNumber()
	var root map[string]any
	if err := dec.Decode(&root); err != nil {
		return nil, &diag.Error{File: rel, Msg: "invalid JSON", Err: err}
	}
	corrections, err := Corrections(baseName(rel))
	if err != nil {
		return nil, err
	}
	if err := applyCorrections(baseName(rel), root, corrections); err != nil {
		return nil, err
	}
	m := &Model{File: rel, Doc: doc, Patches: reasons, Corrections: corrections}
	rawPaths, _ := root["paths"].(map[string]any)
	for _, path := range sortedKeys(rawPaths) {
		item, _ := rawPaths[path].(map[string]any)
		pi := doc.Paths.Value(path)
		if pi == nil {
			return nil, diag.At(rel, diag.JSONPointer("paths", path), "path is missing from the converted document")
		}
		for _, method := range methods {
			rawOp, ok := item[method].(map[string]any)
			if !ok {
				continue
			}
			ptr := diag.JSONPointer("paths", path, method)
			spec := pi.GetOperation(strings.ToUpper(method))
			if spec == nil {
				return nil, diag.At(rel, ptr, "operation is missing from the converted document")
			}
			op := &Operation{ID: spec.OperationID, Method: strings.ToUpper(method), Path: path,
				Spec: spec, model: m, pathItem: pi}
			if meta := sm.Operation(spec.OperationID); meta != nil {
				op.Rate, op.Burst = meta.Rate, meta.Burst
			}
			if err := op.collectParams(rel, root, item, rawOp, ptr); err != nil {
				return nil, err
			}
			if op.Cases, err = parseCases(rel, op, rawOp, ptr); err != nil {
				return nil, err
			}
			for _, c := range op.Cases {
				for _, cor := range corrections {
					if cor.Operation == rawOp["operationId"] && cor.Status == c.Status && cor.Case == c.Index {
						c.Corrections = append(c.Corrections, cor.Reason)
					}
				}
			}
			op.order = op.sortCases()
			m.Operations = append(m.Operations, op)
		}
	}
	return m, nil
}

// collectParams lists the operation's parameters: path, query and header
// parameters from the OpenAPI 3 document, the body parameter's name and
// the greedy path parameters from the Swagger 2.0 model.
func (o *Operation) collectParams(file string, root, rawItem, rawOp map[string]any, ptr string) error {
	seen := map[string]bool{}
	add := func(ps openapi3.Parameters) {
		for _, ref := range ps {
			p := ref.Value
			if p == nil || seen[p.In+"\x00"+p.Name] {
				continue
			}
			seen[p.In+"\x00"+p.Name] = true
			var in paramIn
			switch p.In {
			case openapi3.ParameterInPath:
				in = inPath
			case openapi3.ParameterInQuery:
				in = inQuery
			case openapi3.ParameterInHeader:
				in = inHeader
			default:
				continue
			}
			o.params = append(o.params, &param{name: p.Name, in: in, spec: p})
		}
	}
	add(o.Spec.Parameters)
	add(o.pathItem.Parameters)

	rawParams := func(v any) []any { l, _ := v.([]any); return l }
	for _, raw := range append(rawParams(rawOp["parameters"]), rawParams(rawItem["parameters"])...) {
		p, _ := raw.(map[string]any)
		if ref, ok := p["$ref"].(string); ok {
			name := strings.TrimPrefix(ref, "#/parameters/")
			shared, _ := root["parameters"].(map[string]any)
			if p, ok = shared[name].(map[string]any); !ok {
				return diag.At(file, ptr+"/parameters", "parameter $ref %q does not resolve", ref)
			}
		}
		name, _ := p["name"].(string)
		switch p["in"] {
		case "body":
			if o.BodyParam == "" {
				o.BodyParam = name
				o.params = append(o.params, &param{name: name, in: inBody})
			}
		case "path":
			if g, _ := p["x-amazon-spds-greedy-path-parameter"].(bool); g {
				if q := o.param(name); q != nil && q.in == inPath {
					q.greedy = true
				}
			}
		}
	}
	return nil
}

// resolveRefs makes sure every $ref of doc has its Value: the validator
// follows values, not references.
func resolveRefs(doc *openapi3.T) error {
	return openapi3.NewLoader().ResolveRefsIn(doc, nil)
}

// responseContentType returns the media type the operation declares for
// status (the first one, sorted), or "" when it declares no body.
func (o *Operation) responseContentType(status int) string {
	if o.Spec.Responses == nil {
		return ""
	}
	r := o.Spec.Responses.Status(status)
	if r == nil || r.Value == nil || len(r.Value.Content) == 0 {
		return ""
	}
	// openapi2conv also turns the keys of a response's Swagger 2.0
	// "examples" into media types, and some models key their examples by
	// a description ("Successful Response"): prefer a JSON media type.
	keys := sortedKeys(r.Value.Content)
	for _, k := range keys {
		if strings.Contains(k, "json") {
			return k
		}
	}
	return keys[0]
}

// errorContentType is the media type error bodies are sent with: the
// operation's declared one for status, else its 400's, else JSON.
func (o *Operation) errorContentType(status int) string {
	for _, s := range []int{status, http.StatusBadRequest} {
		if ct := o.responseContentType(s); ct != "" {
			return ct
		}
	}
	return "application/json"
}
