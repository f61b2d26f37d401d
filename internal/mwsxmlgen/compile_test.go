package mwsxmlgen

import (
	"path/filepath"
	"testing"

	"github.com/spgen/spgen/internal/tempmod"
)

// TestGeneratedPackagesBuild generates packages from project-written
// schemas into temporary modules, with nothing of package mwsxml's
// hand-written files next to them (generated code imports the runtime
// package xsdrt and nothing else of ours), then runs go vet and go test
// there: the generator's output compiles on its own, is vet clean and
// behaves as testdata/features/features_test.go.txt expects for inputs
// other than Amazon's.
func TestGeneratedPackagesBuild(t *testing.T) {
	for _, c := range []struct{ name, dir, test string }{
		{"features", filepath.Join("testdata", "features"), filepath.Join("testdata", "features", "features_test.go.txt")},
		{"mini", filepath.Join("..", "xsd", "testdata", "mini"), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			files, _, err := Generate(c.dir)
			if err != nil {
				t.Fatal(err)
			}
			mod := tempmod.New(t, "example.com/gen")
			pkg := filepath.Join(mod, "mwsxml")
			if err := Write(pkg, files); err != nil {
				t.Fatal(err)
			}
			if c.test != "" {
				copyFile(t, c.test, filepath.Join(pkg, c.name+"_test.go"))
			}
			// The split layout of the same schemas, beside it.
			split, _, err := GenerateSplit(c.dir, "example.com/gen/split")
			if err != nil {
				t.Fatal(err)
			}
			if err := WriteSplit(filepath.Join(mod, "split"), split); err != nil {
				t.Fatal(err)
			}
			tempmod.Go(t, mod, "vet", "./...")
			tempmod.Go(t, mod, "test", "-count=1", "./...")
		})
	}
}
