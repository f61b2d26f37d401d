package spapigen

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spgen/spgen/internal/diag"
	"github.com/spgen/spgen/internal/spapimodel"
)

// Bad models are reported with the file and the place inside it.
func TestBadInputNamesFileAndLocation(t *testing.T) {
	cases := []struct {
		file             string
		line, col        int
		pointer, message string
	}{
		{file: "syntax.json", line: 4, col: 13, message: "invalid JSON"},
		{file: "badref.json", pointer: "/paths/~1things/get/responses/200/schema/$ref", message: `unresolvable $ref "#/definitions/Missing"`},
		{file: "externalref.json", pointer: "/paths/~1things/get/responses/200/schema/$ref", message: "unsupported external $ref"},
		{file: "openapi3.json", pointer: "/swagger", message: "spgen reads Swagger 2.0"},
		// kin-openapi's decoder drops the offset of a type error; the member is found by name and kind.
		{file: "wrongtype.json", pointer: "/paths/~1a/get/operationId", message: "number where the model needs string"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata/bad", c.file))
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = GenerateModel(Model{Package: "bad", Input: spapimodel.Input{Rel: c.file, Data: data}})
			var de *diag.Error
			if !errors.As(err, &de) {
				t.Fatalf("error %v is not a *diag.Error", err)
			}
			if de.File != c.file {
				t.Errorf("file = %q", de.File)
			}
			if c.line != 0 && de.Line != c.line {
				t.Errorf("line = %d, want %d (%v)", de.Line, c.line, err)
			}
			if c.col != 0 && de.Column != c.col {
				t.Errorf("column = %d, want %d (%v)", de.Column, c.col, err)
			}
			if de.Pointer != c.pointer && c.pointer != "" {
				t.Errorf("pointer = %q, want %q", de.Pointer, c.pointer)
			}
			if !strings.Contains(err.Error(), c.message) {
				t.Errorf("error %q does not say %q", err, c.message)
			}
		})
	}
}

// One bad model among good ones: Run fails and leaves the output directory
// exactly as it was.
func TestBadInputLeavesOutputUntouched(t *testing.T) {
	in := t.TempDir()
	good, err := os.ReadFile("testdata/fixups/nocontent.json")
	if err != nil {
		t.Fatal(err)
	}
	bad, _ := os.ReadFile("testdata/bad/badref.json")
	os.WriteFile(filepath.Join(in, "a_good.json"), good, 0o644)
	os.WriteFile(filepath.Join(in, "b_bad.json"), bad, 0o644)
	out := t.TempDir()
	sentinel := filepath.Join(out, "agood", "api.go")
	os.MkdirAll(filepath.Dir(sentinel), 0o755)
	os.WriteFile(sentinel, []byte("old"), 0o644)

	for _, jobs := range []int{1, 2} {
		_, err = Run(context.Background(), Options{In: in, Out: out, Jobs: jobs, Force: true, CacheDir: t.TempDir()})
		if err == nil || !strings.Contains(err.Error(), "b_bad.json") {
			t.Fatalf("jobs=%d: error %v does not name b_bad.json", jobs, err)
		}
		if b, _ := os.ReadFile(sentinel); string(b) != "old" {
			t.Fatalf("jobs=%d: output was modified", jobs)
		}
		entries, _ := os.ReadDir(out)
		if len(entries) != 1 {
			t.Fatalf("jobs=%d: output holds %d entries, want the 1 it had", jobs, len(entries))
		}
	}
}

func TestLockDriftNamesFiles(t *testing.T) {
	in := t.TempDir()
	a, _ := os.ReadFile("testdata/fixups/nocontent.json")
	b, _ := os.ReadFile("testdata/fixups/typenames.json")
	os.WriteFile(filepath.Join(in, "a.json"), a, 0o644)
	os.WriteFile(filepath.Join(in, "b.json"), b, 0o644)
	lock := filepath.Join(t.TempDir(), "lock.json")
	l := &Lock{Repository: "r", Commit: "c", Files: map[string]string{"a.json": sha256Hex(a), "b.json": "0000", "gone.json": "1111"}}
	if err := l.Write(lock); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(in, "new.json"), a, 0o644)
	out := t.TempDir()
	_, err := Run(context.Background(), Options{In: in, Out: out, Lock: lock, Jobs: 1, CacheDir: t.TempDir()})
	var drift *DriftError
	if !errors.As(err, &drift) {
		t.Fatalf("err = %v, want *DriftError", err)
	}
	if strings.Join(drift.Added, ",") != "new.json" || strings.Join(drift.Removed, ",") != "gone.json" || strings.Join(drift.Changed, ",") != "b.json" {
		t.Fatalf("drift = %+v", drift)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Fatal("generated despite drift")
	}
	if _, err := Run(context.Background(), Options{In: in, Out: out, Lock: lock, AcceptDrift: true, Jobs: 1, CacheDir: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	l2, err := ReadLock(lock)
	if err != nil || len(l2.Files) != 3 || l2.Files["b.json"] != sha256Hex(b) || l2.Commit != "c" {
		t.Fatalf("lock after accepting drift: %+v %v", l2, err)
	}
}

func TestPackageNamesCollisionFree(t *testing.T) {
	ms := []*Model{{Input: spapimodel.Input{Rel: "orders-api-model/ordersV0.json"}}, {Input: spapimodel.Input{Rel: "orders-api-model/orders_2026-01-01.json"}}, {Input: spapimodel.Input{Rel: "a/x.json"}}, {Input: spapimodel.Input{Rel: "b/x.json"}}, {Input: spapimodel.Input{Rel: "b/X.json"}}}
	assignPackages(ms)
	want := []string{"ordersv0", "orders20260101", "ax", "bx", "bx2"}
	for i, m := range ms {
		if m.Package != want[i] {
			t.Errorf("%s → %s, want %s", m.Rel, m.Package, want[i])
		}
	}
}

// A model unchanged since the last run (same input, same generator) is not
// regenerated; touching its output makes it regenerate.
func TestUnchangedModelSkipped(t *testing.T) {
	in := t.TempDir()
	a, _ := os.ReadFile("testdata/fixups/nocontent.json")
	os.WriteFile(filepath.Join(in, "a.json"), a, 0o644)
	out, cache := t.TempDir(), t.TempDir()
	opts := Options{In: in, Out: out, Jobs: 1, CacheDir: cache}
	if r, err := Run(context.Background(), opts); err != nil || r.Generated != 1 {
		t.Fatalf("first run: %+v %v", r, err)
	}
	if r, err := Run(context.Background(), opts); err != nil || r.Skipped != 1 || r.Operations != 1 {
		t.Fatalf("second run: %+v %v", r, err)
	}
	os.WriteFile(filepath.Join(out, "a", "api.go"), []byte("package a\n"), 0o644)
	if r, err := Run(context.Background(), opts); err != nil || r.Generated != 1 {
		t.Fatalf("after editing the output: %+v %v", r, err)
	}
}
