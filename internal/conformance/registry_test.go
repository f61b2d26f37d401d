package conformance

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/spgen/spgen/internal/emit"
)

var update = flag.Bool("update", false, "rewrite clients_gen.go from ../../generated")

// TestRegistry regenerates clients_gen.go from the generated packages and
// compares it with the committed file; -update rewrites it.
func TestRegistry(t *testing.T) {
	got, err := Registry("../../generated")
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := emit.WriteFiles(".", emit.Files{RegistryFile: got}); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(RegistryFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: run go test ./internal/conformance -run TestRegistry -update", RegistryFile)
	}
}
