package spapigen

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/spgen/spgen/internal/diag"
)

// FuzzGenerateModel feeds arbitrary bytes through the whole pipeline: it must
// return files or an error naming the file, and never panic.
func FuzzGenerateModel(f *testing.F) {
	for _, pattern := range []string{"testdata/fixups/*.json", "testdata/bad/*.json"} {
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
		files, _, err := generateInProcess(Model{Rel: "fuzz.json", Package: "fuzz", Data: data})
		if err != nil {
			var de *diag.Error
			if !errors.As(err, &de) || de.File != "fuzz.json" {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if len(files["api.go"]) == 0 || len(files["doc.go"]) == 0 {
			t.Fatal("no error and no files")
		}
	})
}
