package spapigen

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"testing"

	"github.com/spgen/spgen/internal/manifest"
)

// undocumented lists the exported names of the package in dir that go doc
// would show without a doc comment: types, functions, methods, constants
// and variables (a name in a documented group counts as documented).
func undocumented(t *testing.T, dir string) (names []string, total int) {
	t.Helper()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, dir, func(fi os.FileInfo) bool { return filepath.Ext(fi.Name()) == ".go" }, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		d := doc.New(p, "x", 0)
		check := func(name, text string) {
			total++
			if text == "" {
				names = append(names, name)
			}
		}
		values := func(vs []*doc.Value) {
			for _, v := range vs {
				for _, n := range v.Names {
					if !ast.IsExported(n) {
						continue
					}
					text := v.Doc
					if text == "" {
						// A spec's own comment documents it too.
						for _, s := range v.Decl.Specs {
							if vs, ok := s.(*ast.ValueSpec); ok && vs.Doc != nil {
								for _, id := range vs.Names {
									if id.Name == n {
										text = vs.Doc.Text()
									}
								}
							}
						}
					}
					check(n, text)
				}
			}
		}
		values(d.Consts)
		values(d.Vars)
		for _, f := range d.Funcs {
			check(f.Name, f.Doc)
		}
		for _, ty := range d.Types {
			check(ty.Name, ty.Doc)
			values(ty.Consts)
			values(ty.Vars)
			for _, f := range ty.Funcs {
				check(f.Name, f.Doc)
			}
			for _, m := range ty.Methods {
				check(ty.Name+"."+m.Name, m.Doc)
			}
		}
	}
	return names, total
}

// Every exported name of every generated SP-API package has a doc comment
// (go doc shows none bare).
func TestGeneratedDocComments(t *testing.T) {
	m, err := manifest.Read("../../generated")
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Packages) != 66 {
		t.Fatalf("manifest lists %d packages", len(m.Packages))
	}
	all, missing := 0, 0
	for _, p := range m.Packages {
		names, total := undocumented(t, filepath.Join("../../generated", p.Package))
		all += total
		missing += len(names)
		if len(names) > 0 {
			t.Errorf("generated/%s: %d of %d exported names without a doc comment, e.g. %v", p.Package, len(names), total, names[:min(5, len(names))])
		}
	}
	t.Logf("%d exported names, %d without a doc comment", all, missing)
}
