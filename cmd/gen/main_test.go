package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spgen/spgen/internal/spapigen"
)

func TestMain(m *testing.M) {
	// gen spapi starts this test binary again as its generation workers.
	spapigen.ServeWorker()
	os.Exit(m.Run())
}

// run invokes the CLI in-process and returns its exit code and output.
func run(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := Main(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestUsage(t *testing.T) {
	if code, _, stderr := run(); code != 2 || !strings.Contains(stderr, "spapi") {
		t.Fatalf("no args: exit %d, %q", code, stderr)
	}
	if code, _, stderr := run("nope"); code != 2 || !strings.Contains(stderr, `unknown subcommand "nope"`) {
		t.Fatalf("unknown: exit %d, %q", code, stderr)
	}
	if code, _, _ := run("spapi", "-no-such-flag"); code != 2 {
		t.Fatalf("bad flag: exit %d", code)
	}
}

func TestSpapiGeneratesOneModel(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := run("spapi", "-in", "../../internal/spapigen/testdata/fixups/halproduces.json", "-out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "spapi: 1 models (1 generated") {
		t.Errorf("stdout = %q", stdout)
	}
	for _, f := range []string{"api.go", "doc.go"} {
		if _, err := os.Stat(filepath.Join(out, "halproduces", f)); err != nil {
			t.Error(err)
		}
	}
}

func TestSpapiBadInputExitsNonZeroAndWritesNothing(t *testing.T) {
	out := t.TempDir()
	code, _, stderr := run("spapi", "-in", "../../internal/spapigen/testdata/bad/syntax.json", "-out", out)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(stderr, "syntax.json:4:13: invalid JSON") {
		t.Errorf("stderr = %q", stderr)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("output written: %v", entries)
	}
}
