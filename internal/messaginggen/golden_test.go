package messaginggen_test

import (
	"flag"
	"path/filepath"
	"testing"

	"github.com/spgen/spgen/internal/emit"
	"github.com/spgen/spgen/internal/messaginggen"
)

var update = flag.Bool("update", false, "rewrite the golden output directories")

// goldens are the committed outputs of gen messaging: the shared fixture
// (as `make generate` produces it) and the project's kitchen-sink schema.
var goldens = []struct {
	in, pkg, dir string
}{
	{fixtureResponse, "messagingactions", filepath.Join("..", "..", "generated", "messagingactions")},
	{kitchenSinkFile, "kitchensink", "kitchensink"},
}

// TestGolden regenerates each output in memory and requires it to be
// byte-identical to the committed directory (run with -update to rewrite).
func TestGolden(t *testing.T) {
	for _, g := range goldens {
		t.Run(g.pkg, func(t *testing.T) {
			files, err := messaginggen.Generate(messaginggen.Config{Inputs: []string{g.in}, Package: g.pkg})
			if err != nil {
				t.Fatal(err)
			}
			if *update {
				if err := emit.WriteDir(g.dir, files); err != nil {
					t.Fatal(err)
				}
			}
			if ok, diff := emit.Equal(g.dir, files); !ok {
				t.Fatalf("%s is stale (%s); run go test ./internal/messaginggen -run TestGolden -update", g.dir, diff)
			}
			// Generation is deterministic.
			again, err := messaginggen.Generate(messaginggen.Config{Inputs: []string{g.in}, Package: g.pkg})
			if err != nil {
				t.Fatal(err)
			}
			for name, b := range files {
				if string(again[name]) != string(b) {
					t.Fatalf("%s differs between two runs", name)
				}
			}
		})
	}
}
