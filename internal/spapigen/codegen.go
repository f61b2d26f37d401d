package spapigen

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/spgen/spgen/internal/diag"
	"github.com/spgen/spgen/internal/emit"
	"github.com/spgen/spgen/internal/naming"
	"github.com/spgen/spgen/models"
	"github.com/spgen/spgen/templates"
)

// Model is one input model to generate.
type Model struct {
	// Path is the file to read; Rel is its path relative to the input root
	// (used in messages and doc comments).
	Path, Rel string
	// Package is the Go package name (and output directory name).
	Package string
	// Data is the file's contents.
	Data []byte
	// Restricted lists the model's restricted operations (see models/restricted.json).
	Restricted map[string]models.RestrictedOperation
	// Rates is Amazon's SDK rate table, for operations whose model has no
	// Usage Plan (nil: none).
	Rates RateTable `json:"rates,omitempty"`
	// NoOverlays leaves models/overlays out (gen spapi -no-overlays).
	NoOverlays bool
	// Overlays, when set, replaces the embedded models/overlays (tests).
	Overlays fs.FS `json:"-"`
}

// runtimeImport is the spapi runtime package generated code depends on.
const runtimeImport = "github.com/spgen/spgen/spapi"

// GenerateModel runs the whole pipeline for one model and returns the files
// of its package: doc.go and api.go. It never panics: a panic inside
// kin-openapi or oapi-codegen is recovered and reported as an error naming
// the model file.
func GenerateModel(m Model) (files emit.Files, rep *Report, err error) {
	rep = &Report{File: m.Rel}
	defer func() {
		if p := recover(); p != nil {
			err = &diag.Error{File: m.Rel, Msg: "generator failed on this model (recovered panic)", Err: fmt.Errorf("%v\n%s", p, firstFrames(debug.Stack()))}
		}
	}()
	doc3, doc2, applied, err := frontEnd(m, rep)
	if err != nil {
		return nil, rep, err
	}
	code, err := codegen.Generate(doc3, codegenConfig(m.Package))
	if err != nil {
		return nil, rep, blameOverlay(m.Rel, &diag.Error{File: m.Rel, Msg: "oapi-codegen", Err: err}, applied)
	}
	api, err := tidyGo(m.Package+"/api.go", []byte(code))
	if err != nil {
		return nil, rep, blameOverlay(m.Rel, &diag.Error{File: m.Rel, Msg: "generated code does not compile", Err: err}, applied)
	}
	docSrc, err := format.Source(packageDoc(m, doc2))
	if err != nil {
		return nil, rep, &diag.Error{File: m.Rel, Msg: "package doc", Err: err}
	}
	return emit.Files{"api.go": api, "doc.go": docSrc}, rep, nil
}

// OpenAPI3 runs the generator's front end on one model file (rel is its path
// relative to the model root, data its contents): overlays, load, every
// fix-up, conversion and operation metadata. The result is exactly the
// document the client is generated from, so that a server validating
// requests against it (spapitest) agrees with the generated clients.
func OpenAPI3(rel string, data []byte) (*openapi3.T, *Report, error) {
	rep := &Report{File: rel}
	restricted, err := models.LoadRestricted()
	if err != nil {
		return nil, rep, err
	}
	m := Model{Rel: rel, Data: data, Package: naming.PackageName(rel), Restricted: restricted[filepath.Base(rel)]}
	doc, _, _, err := frontEnd(m, rep)
	return doc, rep, err
}

// frontEnd reads, patches, fixes up, converts and annotates a model: every
// pass before code generation. An error in a part of the model an overlay
// patched names the overlay's patch.
func frontEnd(m Model, rep *Report) (*openapi3.T, *openapi2.T, *models.Applied, error) {
	applied := &models.Applied{Data: m.Data}
	if !m.NoOverlays {
		var err error
		if m.Overlays != nil {
			applied, err = models.ApplyOverlayFS(m.Overlays, filepath.Base(m.Rel), m.Data)
		} else {
			applied, err = models.ApplyOverlay(filepath.Base(m.Rel), m.Data)
		}
		if err != nil {
			return nil, nil, nil, &diag.Error{File: m.Rel, Msg: "applying overlay", Err: err}
		}
	}
	for _, w := range applied.Warnings {
		rep.warnf("%s", w)
	}
	for _, p := range applied.Patches {
		rep.notef("overlay: %s", p.Reason)
	}
	doc3, doc2, err := passes(m, applied.Data, rep)
	if err != nil {
		return nil, nil, nil, blameOverlay(m.Rel, err, applied)
	}
	return doc3, doc2, applied, nil
}

// passes loads the (patched) model and runs the fix-ups, the conversion and
// the metadata pass.
func passes(m Model, data []byte, rep *Report) (*openapi3.T, *openapi2.T, error) {
	doc2, err := loadModel(m.Rel, data)
	if err != nil {
		return nil, nil, err
	}
	for _, f := range swaggerFixes {
		f.fix(doc2, rep)
	}
	doc3, err := convert(m.Rel, doc2)
	if err != nil {
		if derr := diagnose(m.Rel, data); derr != nil {
			return nil, nil, derr
		}
		return nil, nil, err
	}
	for _, f := range openAPIFixes {
		f.fix(doc3, rep)
	}
	annotateOperations(doc3, m, rep)
	return doc3, doc2, nil
}

// convert runs openapi2conv and normalises its output for oapi-codegen:
// the converter leaves empty, non-nil allOf/anyOf/oneOf slices, which
// oapi-codegen reads as compositions (and indexes out of range on).
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

func codegenConfig(pkg string) codegen.Configuration {
	cfg := codegen.Configuration{
		PackageName: pkg,
		Generate:    codegen.GenerateOptions{Models: true, Client: true},
		OutputOptions: codegen.OutputOptions{
			// spgen formats itself (tidyGo): goimports is half of
			// oapi-codegen's run time and resolves imports we already know.
			SkipFmt: true,
			// Amazon's <OperationId>Response schemas keep their names; the
			// client's wrappers are <OperationId>HTTPResponse.
			ResponseTypeSuffix:        "HTTPResponse",
			ResolveTypeNameCollisions: true,
			UserTemplates:             templates.All(),
			TypeMapping: &codegen.TypeMapping{
				String: codegen.FormatMapping{Formats: map[string]codegen.SimpleTypeSpec{
					"date-time": {Type: "spapi.DateTime"},
					"byte":      {Type: "spapi.Base64"},
				}},
				// Numbers are float64, with or without format: float32
				// cannot hold what the API sends (10.49999998929 in
				// catalogItems, 3.4645669256 in easyShip).
				Number: codegen.FormatMapping{
					Default: codegen.SimpleTypeSpec{Type: "float64"},
					Formats: map[string]codegen.SimpleTypeSpec{"float": {Type: "float64"}},
				},
			},
		},
		// Enum constants are always <Type><Value> (TransactionStatusValueSuccess):
		// a model gaining a second enum must not rename the first one's constants.
		Compatibility:     codegen.CompatibilityOptions{AlwaysPrefixEnumValues: true},
		AdditionalImports: []codegen.AdditionalImport{{Package: runtimeImport}},
	}
	return cfg.UpdateDefaults()
}

// tidyGo removes the imports a generated file does not use and gofmts it.
func tidyGo(name string, src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	var unused []*ast.ImportSpec
	for _, imp := range f.Imports {
		if (imp.Name == nil || imp.Name.Name != "_") && !usesImport(f, imp) {
			unused = append(unused, imp)
		}
	}
	for _, imp := range unused {
		path, _ := strconv.Unquote(imp.Path.Value)
		if imp.Name != nil {
			astutil.DeleteNamedImport(fset, f, imp.Name.Name, path)
		} else {
			astutil.DeleteImport(fset, f, path)
		}
	}
	ast.SortImports(fset, f)
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// usesImport reports whether f refers to the package imp imports.
func usesImport(f *ast.File, imp *ast.ImportSpec) bool {
	path, _ := strconv.Unquote(imp.Path.Value)
	name := importName(path)
	if imp.Name != nil {
		name = imp.Name.Name
	}
	used := false
	ast.Inspect(f, func(n ast.Node) bool {
		if used {
			return false
		}
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if id, ok := sel.X.(*ast.Ident); ok && id.Name == name && id.Obj == nil {
			used = true
		}
		return true
	})
	return used
}

// importName is the package name an import path declares by convention.
func importName(path string) string {
	base := filepath.Base(path)
	if len(base) > 1 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" {
		base = filepath.Base(filepath.Dir(path))
	}
	return strings.ReplaceAll(base, "-", "_")
}

// packageDoc renders doc.go: the generated-code header, the input
// fingerprint (read back to skip unchanged models) and the package comment
// from the model's title and description.
func packageDoc(m Model, doc *openapi2.T) []byte {
	var b bytes.Buffer
	b.WriteString("// Code generated by spgen from " + filepath.ToSlash(m.Rel) + ". DO NOT EDIT.\n\n")
	title := strings.TrimSpace(doc.Info.Title)
	if title == "" {
		title = m.Package
	}
	fmt.Fprintf(&b, "// Package %s is a typed client for the %s", m.Package, title)
	if v := strings.TrimSpace(doc.Info.Version); v != "" {
		fmt.Fprintf(&b, " (version %s)", v)
	}
	b.WriteString(", generated from the Selling Partner API model " + filepath.Base(m.Rel) + ".\n")
	if d := strings.TrimSpace(doc.Info.Description); d != "" {
		b.WriteString("//\n")
		for _, line := range strings.Split(d, "\n") {
			line = strings.TrimRight(line, " \t\r")
			if line == "" {
				b.WriteString("//\n")
				continue
			}
			b.WriteString("// " + line + "\n")
		}
	}
	b.WriteString(`//
// Use [NewClientWithResponses] with an *http.Client from the spapi runtime
// (spapi.New) to get authentication, rate limits and retries; [Operations]
// lists each operation's metadata (rate, burst, restricted data, paging).
`)
	b.WriteString("package " + m.Package + "\n")
	return b.Bytes()
}

// firstFrames keeps a recovered panic's report short.
func firstFrames(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	if len(lines) > 24 {
		lines = lines[:24]
	}
	return strings.Join(lines, "\n")
}
