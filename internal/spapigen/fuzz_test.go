package spapigen

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/spgen/spgen/internal/diag"
	"github.com/spgen/spgen/internal/spapimodel"
)

// TestGenerateModelSurvivesFuzzCorpus runs the whole pipeline, code
// generation included, over the kept fuzz corpus.
func TestGenerateModelSurvivesFuzzCorpus(t *testing.T) {
	paths, _ := filepath.Glob("../spapimodel/testdata/fuzz/FuzzFrontEnd/*")
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		data := corpusBytes(t, raw)
		_, _, err = generateInProcess(Model{Package: "corpus", Input: spapimodel.Input{Rel: "corpus.json", Data: data}})
		var de *diag.Error
		if err != nil && (!errors.As(err, &de) || de.File != "corpus.json") {
			t.Errorf("%s: error does not name the file: %v", p, err)
		}
	}
}
