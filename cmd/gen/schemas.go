package main

import (
	"fmt"
	"io"

	"github.com/spgen/spgen/internal/emit"
	"github.com/spgen/spgen/internal/messaginggen"
)

func init() {
	register("schemas", "Amazon's draft-07 JSON Schemas (notifications, reports, listings feed) → typed, validated Go", runSchemas)
}

// runSchemas generates one package per schema file under -in into -out
// (replaced atomically), plus the index package at -out itself.
func runSchemas(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("schemas", stderr)
	in := fs.String("in", repoDefault("../shared/models/schemas"), "directory walked for *.json schema files (*.example.json are skipped; required outside spgen's repository)")
	out := fs.String("out", repoDefault("generated/schemas"), "output directory (replaced atomically; required outside spgen's repository)")
	importPath := fs.String("import", "github.com/spgen/spgen/generated/schemas", "Go import path of -out")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gen schemas: unexpected arguments %q\n", fs.Args())
		return errUsage
	}
	if err := requireFlags("schemas", stderr, flagValue{"in", *in, "a directory of JSON Schema files"},
		flagValue{"out", *out, "the output directory"}); err != nil {
		return err
	}
	files, err := messaginggen.GenerateSchemas(messaginggen.SchemasConfig{In: *in, ImportPath: *importPath})
	if err != nil {
		return err
	}
	if err := emit.WriteDir(*out, files); err != nil {
		return fmt.Errorf("write %s: %w", *out, err)
	}
	fmt.Fprintf(stdout, "gen schemas: %d files under %s\n", len(files), *out)
	return nil
}
