package messaginggen

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/spgen/spgen/internal/diag"
	"github.com/spgen/spgen/internal/emit"
	"github.com/spgen/spgen/internal/naming"
	"github.com/spgen/spgen/spapi/messaging/actionschema"
)

// SchemasConfig is one "gen schemas" run: every draft-07 schema file under
// In becomes one Go package under the output directory, at the same
// relative directory (notifications/anyofferchangednotification, ...), and
// the output's root package indexes them all.
type SchemasConfig struct {
	// In is the directory walked for *.json schema files; files named
	// *.example.json are instances, not schemas, and are skipped.
	In string
	// ImportPath is the Go import path of the output directory.
	ImportPath string
}

// SchemaPackage is the IR of one schema file.
type SchemaPackage struct {
	// Dir is the package's directory relative to the output, slash-separated.
	Dir string
	// Package is the Go package name.
	Package string
	// Doc is the built schema; Doc.Root is the document type.
	Doc *Action
}

// GenerateSchemas runs the pipeline over every schema file under cfg.In and
// returns the files of the output tree. Nothing is written.
func GenerateSchemas(cfg SchemasConfig) (emit.Files, error) {
	files, err := SchemaFiles(cfg.In)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, &diag.Error{File: cfg.In, Msg: "no *.json schema files"}
	}
	var pkgs []*SchemaPackage
	for _, f := range files {
		rel, _ := filepath.Rel(cfg.In, f)
		p, err := BuildSchemaFile(f, filepath.ToSlash(filepath.Dir(rel)))
		if err != nil {
			return nil, err
		}
		pkgs = append(pkgs, p)
	}
	out := emit.Files{}
	for _, p := range pkgs {
		if p.Doc.Root == nil {
			return nil, fmt.Errorf("%s: no root type", p.Doc.File)
		}
		fs, err := emitPackage(p.Package, []string{p.Doc.File}, []*Action{p.Doc})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.Doc.File, err)
		}
		for name, b := range fs {
			out[path.Join(p.Dir, name)] = b
		}
	}
	idx, err := indexFile(cfg.ImportPath, pkgs)
	if err != nil {
		return nil, err
	}
	out["index.go"] = idx
	if err := emit.Format(emit.Files{"index.go": out["index.go"]}); err != nil {
		return nil, err
	}
	return out, nil
}

// SchemaFiles lists the schema files under dir, sorted.
func SchemaFiles(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".json") && !strings.HasSuffix(p, ".example.json") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, &diag.Error{File: dir, Msg: "cannot read schema directory", Err: err}
	}
	sort.Strings(files)
	return files, nil
}

// BuildSchemaFile loads, normalises, checks and builds one schema file;
// dir is its package directory relative to the output.
func BuildSchemaFile(file, dir string) (*SchemaPackage, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, &diag.Error{File: file, Msg: "cannot read input", Err: err}
	}
	return BuildSchemaData(file, dir, data)
}

// BuildSchemaData is BuildSchemaFile for the contents data of file.
func BuildSchemaData(file, dir string, data []byte) (*SchemaPackage, error) {
	srcs, err := LoadData(file, data)
	if err != nil {
		return nil, err
	}
	if len(srcs) != 1 || srcs[0].Pointer != "" {
		return nil, located(file, data, "", "not a JSON Schema file", nil)
	}
	base := strings.TrimSuffix(filepath.Base(file), ".json")
	name := naming.Exported(base)
	if name == "" {
		name = "Document"
	}
	norm, fixes := actionschema.NormalizeDocument(srcs[0].Schema)
	b := &builder{draft07: true}
	b.types.Reserve(name)
	a, err := b.buildAction(base, "", norm, name)
	if err != nil {
		var se *schemaError
		if errors.As(err, &se) {
			return nil, located(file, data, se.ptr, se.msg, nil)
		}
		return nil, located(file, data, "", err.Error(), nil)
	}
	compiled, err := actionschema.CompileDocument(base, norm)
	if err != nil {
		ptr := ""
		var ve *jsonschema.ValidationError
		if errors.As(err, &ve) {
			ptr = deepestInstance(ve)
		}
		return nil, located(file, data, ptr, "schema does not compile as draft-07", err)
	}
	a.Fingerprint = compiled.Fingerprint
	canon, err := actionschema.Canonical(norm)
	if err != nil {
		return nil, located(file, data, "", "schema cannot be encoded", err)
	}
	a.Schema = append(canon, '\n')
	a.Fixes = fixes
	a.File = filepath.Base(file)
	a.Pointer = "the root"
	a.Document = true
	return &SchemaPackage{Dir: path.Join(dir, naming.PackageName(a.File)), Package: naming.PackageName(a.File), Doc: a}, nil
}
