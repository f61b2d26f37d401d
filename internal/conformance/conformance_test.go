package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spgen/spgen/internal/emit"
)

var modelsDir = flag.String("models", "../../../shared/models/spapi", "Amazon's SP-API models")

// reportPath is CONFORMANCE.md at the project root.
const reportPath = "../../" + ReportFile

// TestConformance replays every case, requires each to pass, checks that
// the suite saw exactly the cases a plain walk over the model files counts,
// and that the committed CONFORMANCE.md is what this run writes (-update
// rewrites it).
func TestConformance(t *testing.T) {
	rep, err := Run(context.Background(), Options{Models: *modelsDir})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rep.Results {
		if r.Err != nil {
			t.Errorf("%s: %v", r.Case.ID(), r.Err)
		}
	}
	if want := countCases(t, *modelsDir); len(rep.Results) != want {
		t.Errorf("the suite replayed %d cases, the model files hold %d", len(rep.Results), want)
	}
	if len(rep.Models) != len(clients) {
		t.Errorf("%d models, %d generated client packages", len(rep.Models), len(clients))
	}
	t.Log(rep.Summary())
	got := rep.Markdown()
	if !bytes.HasSuffix(got, []byte("\n"+rep.Summary()+"\n")) {
		t.Errorf("the report does not end with the summary line")
	}
	if *update {
		if err := emit.WriteFiles("../..", emit.Files{ReportFile: got}); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(reportPath)
	if err != nil {
		t.Fatalf("%v (run make conformance)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: run make conformance (or go test ./internal/conformance -run TestConformance -update)", ReportFile)
	}
}

// countCases counts paths.*.*.responses.*.x-amzn-api-sandbox.static[]
// entries with nothing but encoding/json.
func countCases(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var model struct {
			Paths map[string]map[string]json.RawMessage `json:"paths"`
		}
		if err := json.Unmarshal(data, &model); err != nil {
			return err
		}
		for _, item := range model.Paths {
			for _, raw := range item {
				var op struct {
					Responses map[string]struct {
						Sandbox struct {
							Static []json.RawMessage `json:"static"`
						} `json:"x-amzn-api-sandbox"`
					} `json:"responses"`
				}
				if json.Unmarshal(raw, &op) != nil {
					continue // "parameters" and extensions
				}
				for _, r := range op.Responses {
					n += len(r.Sandbox.Static)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
