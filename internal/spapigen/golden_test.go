package spapigen

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spgen/spgen/internal/emit"
	"github.com/spgen/spgen/internal/spapimodel"
)

// TestGoldenModels regenerates every SP-API model into a temporary
// directory and requires the result to be byte-for-byte the committed
// generated/ tree. With -update it regenerates generated/ instead.
func TestGoldenModels(t *testing.T) {
	golden := "../../generated"
	if *update {
		if _, err := Run(context.Background(), Options{In: sharedModels, Out: golden, RateLimits: sharedRateLimits, Force: true, Prune: true}); err != nil {
			t.Fatal(err)
		}
		return
	}
	tmp := t.TempDir()
	res, err := Run(context.Background(), Options{In: sharedModels, Out: tmp, RateLimits: sharedRateLimits, Force: true, CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Reports) != 66 || res.Generated != 66 {
		t.Fatalf("generated %d of %d models, want 66 of 66", res.Generated, len(res.Reports))
	}
	// 300 rates from the models' Usage Plans, 64 from rate-limits.yml; 6
	// operations have neither (reported as warnings).
	if res.Operations != 370 || res.Planned != 300 || res.FromTable != 64 {
		t.Errorf("operations %d, usage plans %d, from rate-limits.yml %d; want 370, 300 and 64", res.Operations, res.Planned, res.FromTable)
	}
	entries, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			want, _ := os.ReadFile(filepath.Join(golden, e.Name()))
			got, _ := os.ReadFile(filepath.Join(tmp, e.Name()))
			if string(want) != string(got) {
				t.Errorf("generated/%s differs from a fresh generation (run go test ./internal/spapigen -run TestGolden -update)", e.Name())
			}
			continue
		}
		files := readFiles(t, filepath.Join(tmp, e.Name()))
		if ok, diff := emit.Equal(filepath.Join(golden, e.Name()), files); !ok {
			t.Errorf("generated/%s differs from a fresh generation: %s (run go test ./internal/spapigen -run TestGolden -update)", e.Name(), diff)
		}
	}
}

// TestGoldenFixups generates each fix-up fixture (testdata/fixups/*.json,
// small project-written models naming one quirk each) into
// fixtures/<package>/, where hand-written tests exercise the generated
// client against loopback servers.
func TestGoldenFixups(t *testing.T) {
	fixtures, _ := filepath.Glob("testdata/fixups/*.json")
	if len(fixtures) == 0 {
		t.Fatal("no fixtures")
	}
	for _, path := range fixtures {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			m := Model{Path: path, Package: strings.TrimSuffix(filepath.Base(path), ".json"), Input: spapimodel.Input{Rel: filepath.Base(path), Data: data}}
			files, _, err := generateInProcess(m)
			if err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join("fixtures", m.Package)
			if *update {
				if err := emit.WriteFiles(dir, files); err != nil {
					t.Fatal(err)
				}
				return
			}
			for _, name := range files.Names() {
				want, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatalf("%v (run with -update)", err)
				}
				if string(want) != string(files[name]) {
					t.Errorf("%s/%s differs from a fresh generation (run with -update)", dir, name)
				}
			}
		})
	}
}

func readFiles(t *testing.T, dir string) emit.Files {
	t.Helper()
	files := emit.Files{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = b
	}
	return files
}
