package spapimodel

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/spgen/spgen/internal/diag"
)

// FuzzFrontEnd feeds arbitrary bytes through every pass before code
// generation (load, overlays, fix-ups, conversion, metadata) without the
// panic recovery Load wraps around it: each input must give a
// document or an error naming the file, and never panic or hang.
func FuzzFrontEnd(f *testing.F) {
	for _, pattern := range []string{"../spapigen/testdata/fixups/*.json", "../spapigen/testdata/bad/*.json"} {
		paths, _ := filepath.Glob(pattern)
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := load(Input{Rel: "fuzz.json", Data: data})
		if err != nil {
			var de *diag.Error
			if !errors.As(err, &de) || de.File != "fuzz.json" {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if m == nil || m.OpenAPI == nil {
			t.Fatal("no error and no document")
		}
	})
}
