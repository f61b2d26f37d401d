package messaginggen

import (
	"bytes"
	"fmt"
	"path"
	"strings"

	"github.com/dave/jennifer/jen"
)

// documentDocFile is doc.go of a package generated from one schema file.
func documentDocFile(pkg string, a *Action) string {
	var b strings.Builder
	b.WriteString("// " + header + "\n\n")
	fmt.Fprintf(&b, "// Package %s holds the Go types of the JSON Schema %s, generated\n", pkg, a.File)
	b.WriteString("// by \"gen schemas\". The document type is [" + a.Root.Name + "].\n")
	b.WriteString("//\n")
	b.WriteString("// Every type has a generated, reflection-free Validate method checking the\n")
	b.WriteString("// schema's constraints, and an UnmarshalJSON that reports wrong JSON types and\n")
	b.WriteString("// missing required properties the same way (*actionschema.ValidationError,\n")
	b.WriteString("// each violation with its JSON pointer and keyword). Members a schema allows\n")
	b.WriteString("// but does not describe are kept and written back, so decoding and encoding a\n")
	b.WriteString("// document loses nothing. The package touches no I/O.\n")
	fmt.Fprintf(&b, "package %s\n", pkg)
	return b.String()
}

// indexFile renders the output's root package: one entry per schema, so
// tools and tests can reach every document type by the schema's path.
func indexFile(importPath string, pkgs []*SchemaPackage) ([]byte, error) {
	pkgName := path.Base(importPath)
	if !isIdent(pkgName) {
		return nil, fmt.Errorf("import path %q does not end in a Go package name", importPath)
	}
	f := jen.NewFile(pkgName)
	f.HeaderComment(header)
	f.PackageComment("Package " + pkgName + " indexes the document types \"gen schemas\" generated from Amazon's")
	f.PackageComment("JSON Schemas (notification payloads, report documents, the JSON listings feed),")
	f.PackageComment("one package per schema file below this directory. It touches no I/O.")
	f.ImportName(pkgRuntime, "actionschema")
	var entries []jen.Code
	for _, p := range pkgs {
		ip := importPath + "/" + p.Dir
		f.ImportName(ip, p.Package)
		entries = append(entries, jen.Values(jen.Dict{
			jen.Id("Path"):    jen.Lit(strings.TrimSuffix(path.Join(path.Dir(p.Dir), p.Doc.File), ".json")),
			jen.Id("Package"): jen.Lit(ip),
			jen.Id("New"):     jen.Func().Params().Qual(pkgRuntime, "Document").Block(jen.Return(jen.New(jen.Qual(ip, p.Doc.Root.Name)))),
		}))
	}
	f.Comment("Entry is one generated document type.")
	f.Type().Id("Entry").Struct(
		jen.Comment("Path is the schema file's path below the input directory, without \".json\"."),
		jen.Id("Path").String(),
		jen.Comment("Package is the import path of the generated package."),
		jen.Id("Package").String(),
		jen.Comment("New returns a new, empty document of the type."),
		jen.Id("New").Func().Params().Qual(pkgRuntime, "Document"),
	)
	f.Line()
	f.Comment("Entries returns every generated document type, sorted by Path.")
	f.Func().Id("Entries").Params().Index().Id("Entry").Block(
		jen.Return(jen.Index().Id("Entry").Values(entries...)),
	)
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
