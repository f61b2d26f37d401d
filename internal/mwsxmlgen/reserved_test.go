package mwsxmlgen

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestReservedNames keeps the generator's reserved list in step with the
// hand-written part of package mwsxml: every exported package-level name
// declared there is reserved, so no generated type can ever take it (the
// golden test would only notice once the schemas produced such a name).
func TestReservedNames(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(goldenDir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, p := range paths {
		if strings.HasSuffix(p, "_gen.go") || strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			var names []string
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					names = append(names, d.Name.Name)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						names = append(names, s.Name.Name)
					case *ast.ValueSpec:
						for _, n := range s.Names {
							names = append(names, n.Name)
						}
					}
				}
			}
			for _, n := range names {
				if ast.IsExported(n) && !slices.Contains(reserved, n) {
					t.Errorf("%s declares %s, which is not in the generator's reserved names", filepath.Base(p), n)
				}
			}
		}
	}
}
