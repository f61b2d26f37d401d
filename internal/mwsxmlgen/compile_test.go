package mwsxmlgen

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// runtimeFiles are the hand-written files of package mwsxml that generated
// code builds on (they must not refer to generated types).
var runtimeFiles = []string{"values.go", "validate.go", "xmlwrite.go"}

// TestGeneratedPackagesBuild generates packages from project-written
// schemas into temporary modules together with the runtime files, then
// runs go vet and go test there: the generator's output compiles, is vet
// clean and behaves as testdata/features/features_test.go.txt expects for
// inputs other than Amazon's.
func TestGeneratedPackagesBuild(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go tool is required: %v", err)
	}
	for _, c := range []struct{ name, dir, test string }{
		{"features", filepath.Join("testdata", "features"), filepath.Join("testdata", "features", "features_test.go.txt")},
		{"mini", filepath.Join("..", "xsd", "testdata", "mini"), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			files, _, err := Generate(c.dir)
			if err != nil {
				t.Fatal(err)
			}
			mod := t.TempDir()
			pkg := filepath.Join(mod, "mwsxml")
			if err := Write(pkg, files); err != nil {
				t.Fatal(err)
			}
			copyFile := func(src, dst string) {
				data, err := os.ReadFile(src)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(dst, data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, f := range runtimeFiles {
				copyFile(filepath.Join(goldenDir, f), filepath.Join(pkg, f))
			}
			if c.test != "" {
				copyFile(c.test, filepath.Join(pkg, c.name+"_test.go"))
			}
			if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/gen\n\ngo 1.26\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{{"vet", "./..."}, {"test", "-count=1", "./..."}} {
				cmd := exec.Command(gobin, args...)
				cmd.Dir = mod
				cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOTOOLCHAIN=local")
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("go %v: %v\n%s", args, err, out)
				}
			}
		})
	}
}
