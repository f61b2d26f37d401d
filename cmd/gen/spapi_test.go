package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Defect: a bare `gen spapi` in a user's module fell back to
// ../shared/models/spapi and generated/, and wrote 66 packages into a
// sibling directory. Outside spgen's repository it takes no default paths.
func TestSpapiOutsideRepoNeedsInAndOut(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/user\n\ngo 1.26\n"), 0o644)
	// A sibling ../shared with models, as in the report.
	os.MkdirAll(filepath.Join(dir, "..", "shared", "models", "spapi"), 0o755)
	t.Chdir(dir)
	code, _, stderr := run("spapi")
	if code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	for _, want := range []string{"-in is required", "-out is required"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q does not say %q", stderr, want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("wrote into the user's module: %v", entries)
	}
}

// -keep-going generates the models that can be generated, reports every
// one that cannot, and exits non-zero; without it nothing is written.
func TestSpapiKeepGoing(t *testing.T) {
	in := t.TempDir()
	copyFile(t, "../../internal/spapigen/testdata/fixups/halproduces.json", filepath.Join(in, "halproduces.json"))
	copyFile(t, "../../internal/spapigen/testdata/bad/syntax.json", filepath.Join(in, "syntax.json"))
	copyFile(t, "../../internal/spapigen/testdata/bad/badref.json", filepath.Join(in, "badref.json"))

	out := t.TempDir()
	code, _, stderr := run("spapi", "-in", in, "-out", out)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("default run wrote %v", entries)
	}
	if !strings.Contains(stderr, "syntax.json") || !strings.Contains(stderr, "badref.json") {
		t.Errorf("stderr does not name both bad models: %q", stderr)
	}

	code, stdout, stderr := run("spapi", "-in", in, "-out", out, "-keep-going")
	if code != 1 {
		t.Fatalf("-keep-going: exit %d, want 1", code)
	}
	if _, err := os.Stat(filepath.Join(out, "halproduces", "api.go")); err != nil {
		t.Errorf("good model not written: %v", err)
	}
	if !strings.Contains(stderr, "2 of the models failed") || !strings.Contains(stderr, "syntax.json:4:13") || !strings.Contains(stderr, "badref.json: at /paths") {
		t.Errorf("stderr = %q", stderr)
	}
	if !strings.Contains(stdout, "3 models (1 generated, 0 unchanged, 2 failed)") {
		t.Errorf("summary = %q", stdout)
	}
}

// Every subcommand names a missing flag; gen messaging used to print only
// its usage.
func TestMessagingMissingFlagIsNamed(t *testing.T) {
	code, _, stderr := run("messaging", "-package", "x")
	if code != 2 || !strings.Contains(stderr, "-in is required") || !strings.Contains(stderr, "-out is required") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = run("messaging", "validate", "-in", "x.json", "req.json")
	if code != 2 || !strings.Contains(stderr, "-action is required") {
		t.Errorf("validate: exit %d, stderr %q", code, stderr)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// No subcommand falls back to the repository's layout outside it.
func TestNoRepositoryDefaultsOutside(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/user\n\ngo 1.26\n"), 0o644)
	t.Chdir(dir)
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"mwsxml"}, []string{"-xsd is required", "-out is required"}},
		{[]string{"schemas"}, []string{"-in is required", "-out is required"}},
		{[]string{"sandbox"}, []string{"-in is required"}},
	} {
		code, _, stderr := run(c.args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", c.args, code, stderr)
		}
		for _, w := range c.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%v: stderr %q does not say %q", c.args, stderr, w)
			}
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("wrote into the user's module: %v", entries)
	}
}
