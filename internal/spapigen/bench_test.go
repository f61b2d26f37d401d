package spapigen

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
)

// bareLoop is the baseline: a plain kin-openapi + oapi-codegen loop over the
// same model files, one after the other, with oapi-codegen's own formatting
// (goimports). It includes the one JSON round trip without which
// oapi-codegen panics on 61 of the 66 converted models, so that the baseline
// generates code rather than measuring panics; models that still fail
// (duplicate type names) count with the time they took.
func bareLoop(b *testing.B, files []string) time.Duration {
	start := time.Now()
	for _, f := range files {
		bareGenerate(b, f)
	}
	return time.Since(start)
}

// bareGenerate is the bare loop's work on one model file: its generated
// code, or false when oapi-codegen cannot generate it.
func bareGenerate(b *testing.B, file string) (code string, ok bool) {
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	defer func() {
		if recover() != nil {
			code, ok = "", false
		}
	}()
	var d2 openapi2.T
	if err := json.Unmarshal(data, &d2); err != nil {
		b.Fatal(err)
	}
	d3, err := openapi2conv.ToV3(&d2)
	if err != nil {
		return "", false
	}
	raw, _ := json.Marshal(d3)
	if d3, err = openapi3.NewLoader().LoadFromData(raw); err != nil {
		return "", false
	}
	cfg := codegen.Configuration{PackageName: "x", Generate: codegen.GenerateOptions{Models: true, Client: true}}
	code, err = codegen.Generate(d3, cfg.UpdateDefaults())
	return code, err == nil
}

var (
	baselineOnce sync.Once
	baseline     time.Duration
)

func modelFiles(b *testing.B) []string {
	var files []string
	filepath.WalkDir(sharedModels, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".json" {
			files = append(files, p)
		}
		return err
	})
	if len(files) != 66 {
		b.Fatalf("found %d models, want 66", len(files))
	}
	return files
}

func bareBaseline(b *testing.B) time.Duration {
	baselineOnce.Do(func() {
		files := modelFiles(b)
		bareLoop(b, files[:3]) // warm up
		baseline = bareLoop(b, files)
	})
	return baseline
}

// BenchmarkFullRegeneration: every model regenerated (no cache), written to
// disk, as a ratio against the bare loop (target ≤ 0.6 on 2 cores).
func BenchmarkFullRegeneration(b *testing.B) {
	base := bareBaseline(b)
	out := b.TempDir()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := Run(context.Background(), Options{In: sharedModels, Out: out, Force: true, CacheDir: b.TempDir()}); err != nil {
			b.Fatal(err)
		}
	}
	per := time.Since(start) / time.Duration(b.N)
	b.ReportMetric(float64(per)/float64(base), "ratio-vs-bare-loop")
	b.ReportMetric(base.Seconds(), "bare-loop-s")
}

// BenchmarkNoChangeRegeneration: a second run over unchanged models, as a
// ratio against the bare loop (target ≤ 0.1).
func BenchmarkNoChangeRegeneration(b *testing.B) {
	base := bareBaseline(b)
	out, cache := b.TempDir(), b.TempDir()
	if _, err := Run(context.Background(), Options{In: sharedModels, Out: out, CacheDir: cache}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		r, err := Run(context.Background(), Options{In: sharedModels, Out: out, CacheDir: cache})
		if err != nil {
			b.Fatal(err)
		}
		if r.Skipped != 66 {
			b.Fatalf("skipped %d of 66", r.Skipped)
		}
	}
	per := time.Since(start) / time.Duration(b.N)
	b.ReportMetric(float64(per)/float64(base), "ratio-vs-bare-loop")
	b.ReportMetric(base.Seconds(), "bare-loop-s")
}

// bareOutputs is the bare loop's generated code per model file (models it
// cannot generate are left out).
func bareOutputs(b *testing.B, files []string) map[string]string {
	out := map[string]string{}
	for _, f := range files {
		if code, ok := bareGenerate(b, f); ok {
			out[f] = code
		}
	}
	return out
}

// BenchmarkGeneratedSize: generated lines and exported types of spgen's
// output (every Go file of each package), as ratios against plain
// oapi-codegen output of the same models (the bare loop), over the models
// both generate. With SPGEN_BENCH_TREE=<checkout> it measures that tree's
// committed output instead of a fresh generation.
func BenchmarkGeneratedSize(b *testing.B) {
	files := modelFiles(b)
	bare := bareOutputs(b, files)
	ours, _ := ourPackages(b)
	var bareLines, ourLines, bareTypes, ourTypes int
	both := 0
	for f, code := range bare {
		rel, _ := filepath.Rel(sharedModels, f)
		dir, ok := ours[rel]
		if !ok {
			continue
		}
		both++
		bareLines += strings.Count(code, "\n")
		bareTypes += countTypes(code)
		for _, src := range packageSources(b, dir) {
			ourLines += strings.Count(string(src), "\n")
			ourTypes += countTypes(string(src))
		}
	}
	b.ReportMetric(float64(both), "models-both")
	b.ReportMetric(float64(ourLines)/float64(bareLines), "lines-ratio-vs-oapi-codegen")
	b.ReportMetric(float64(ourTypes)/float64(bareTypes), "types-ratio-vs-oapi-codegen")
	b.ReportMetric(float64(ourLines), "spgen-lines")
	b.ReportMetric(float64(bareLines), "oapi-codegen-lines")
	b.ReportMetric(float64(ourTypes), "spgen-types")
	b.ReportMetric(float64(bareTypes), "oapi-codegen-types")
}

// countTypes counts exported type declarations (one per line "type X ..."
// or in a type block).
func countTypes(code string) int {
	n := 0
	inBlock := false
	for _, line := range strings.Split(code, "\n") {
		switch {
		case strings.HasPrefix(line, "type ("):
			inBlock = true
		case inBlock && line == ")":
			inBlock = false
		case strings.HasPrefix(line, "type "):
			if name := strings.Fields(line)[1]; name != "" && unicode.IsUpper(rune(name[0])) {
				n++
			}
		case inBlock && strings.HasPrefix(line, "\t") && len(strings.Fields(line)) > 1:
			if name := strings.Fields(line)[0]; unicode.IsUpper(rune(name[0])) && !strings.HasPrefix(line, "\t\t") {
				n++
			}
		}
	}
	return n
}
