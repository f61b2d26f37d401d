package spapigen

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/spgen/spgen/internal/diag"
)

// FuzzFrontEnd feeds arbitrary bytes through every pass before code
// generation (load, overlays, fix-ups, conversion, metadata) without the
// panic recovery GenerateModel wraps around it: each input must give a
// document or an error naming the file, and never panic or hang.
func FuzzFrontEnd(f *testing.F) {
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
		doc, _, _, err := frontEnd(Model{Rel: "fuzz.json", Package: "fuzz", Data: data}, &Report{})
		if err != nil {
			var de *diag.Error
			if !errors.As(err, &de) || de.File != "fuzz.json" {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if doc == nil {
			t.Fatal("no error and no document")
		}
	})
}

// TestGenerateModelSurvivesFuzzCorpus runs the whole pipeline, code
// generation included, over the kept fuzz corpus.
func TestGenerateModelSurvivesFuzzCorpus(t *testing.T) {
	paths, _ := filepath.Glob("testdata/fuzz/FuzzFrontEnd/*")
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		data := corpusBytes(t, raw)
		_, _, err = generateInProcess(Model{Rel: "corpus.json", Package: "corpus", Data: data})
		var de *diag.Error
		if err != nil && (!errors.As(err, &de) || de.File != "corpus.json") {
			t.Errorf("%s: error does not name the file: %v", p, err)
		}
	}
}
