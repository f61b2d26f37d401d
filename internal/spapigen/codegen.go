package spapigen

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/spgen/spgen/internal/diag"
	"github.com/spgen/spgen/internal/emit"
	"github.com/spgen/spgen/internal/naming"
	"github.com/spgen/spgen/internal/spapimodel"
	"github.com/spgen/spgen/templates"
)

// Model is one input model to generate: the front end's input, the file it
// was read from and the Go package it becomes.
type Model struct {
	// Path is the file to read (Rel, in Input, is its path relative to the
	// input root, used in messages and doc comments).
	Path string
	// Package is the Go package name (and output directory name).
	Package string
	spapimodel.Input
}

// Report is what generating one model noticed without failing.
type Report = spapimodel.Report

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
			err = &diag.Error{File: m.Rel, Msg: "generator failed on this model (recovered panic)", Err: fmt.Errorf("%v\n%s", p, spapimodel.FirstFrames(debug.Stack()))}
		}
	}()
	sm, err := spapimodel.Load(m.Input)
	if err != nil {
		return nil, rep, err
	}
	rep = sm.Report
	for _, f := range openAPIFixes {
		f.fix(sm.OpenAPI, rep)
	}
	code, err := generate(sm, m.Package)
	if err != nil {
		return nil, rep, spapimodel.BlameOverlay(m.Rel, &diag.Error{File: m.Rel, Msg: "oapi-codegen", Err: err}, sm.Applied)
	}
	api, err := tidyGo(m.Package+"/api.go", []byte(code))
	if err != nil {
		return nil, rep, spapimodel.BlameOverlay(m.Rel, &diag.Error{File: m.Rel, Msg: "generated code does not compile", Err: err}, sm.Applied)
	}
	docSrc, err := format.Source(packageDoc(m, sm.Swagger))
	if err != nil {
		return nil, rep, &diag.Error{File: m.Rel, Msg: "package doc", Err: err}
	}
	return emit.Files{"api.go": api, "doc.go": docSrc}, rep, nil
}

// generate runs oapi-codegen with spgen's templates. The templates read
// each operation's metadata through the spgenOperation template function,
// typed values from the front end, not Go source assembled here.
func generate(sm *spapimodel.Model, pkg string) (string, error) {
	codegen.TemplateFunctions["spgenOperation"] = func(method, path string) (*spapimodel.Operation, error) {
		if op := sm.OperationAt(method, path); op != nil {
			return op, nil
		}
		return nil, fmt.Errorf("no metadata for %s %s", method, path)
	}
	defer delete(codegen.TemplateFunctions, "spgenOperation")
	for name, fn := range typedFuncs(sm) {
		codegen.TemplateFunctions[name] = fn
		defer delete(codegen.TemplateFunctions, name)
	}
	return codegen.Generate(sm.OpenAPI, codegenConfig(pkg))
}

func codegenConfig(pkg string) codegen.Configuration {
	cfg := codegen.Configuration{
		PackageName: pkg,
		Generate:    codegen.GenerateOptions{Models: true, Client: true},
		OutputOptions: codegen.OutputOptions{
			// spgen formats itself (tidyGo): goimports is half of
			// oapi-codegen's run time and resolves imports we already know.
			SkipFmt: true,
			// Amazon's <OperationId>Response schemas keep their names:
			// oapi-codegen still names its response wrappers (which
			// spgen's templates do not generate) and resolves clashes
			// against them, so they are <OperationId>HTTPResponse.
			ResponseTypeSuffix: "HTTPResponse",
			// The typed client (templates/typed.tmpl) is Client; the
			// untyped HTTP layer it stands on is RawClient.
			ClientTypeName:            "RawClient",
			ResolveTypeNameCollisions: true,
			// One initialism rule for every generator: internal/naming's
			// list (AmazonOrderId → AmazonOrderID, as in mwsxml).
			NameNormalizer:        string(codegen.NameNormalizerFunctionToCamelCaseWithInitialisms),
			AdditionalInitialisms: naming.Initialisms(),
			UserTemplates:         templates.All(),
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
// Use [New] with the spapi runtime (spapi.New) for a typed client with
// authentication, rate limits and retries: one method per operation
// returning its success body or an *spapi.Error; [Client.Raw] reaches the
// HTTP layer underneath. [Operations] lists each operation's metadata
// (rate, burst, restricted data, paging).
`)
	b.WriteString("package " + m.Package + "\n")
	return b.Bytes()
}
