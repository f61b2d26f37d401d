package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// mwsxmlFixtures are the XSD front end's test schemas.
var mwsxmlFixtures = filepath.Join("..", "..", "internal", "xsd", "testdata")

// TestMWSXMLBadInput runs "gen mwsxml" on broken schemas: each must exit
// non-zero, name the file and line, and leave the output directory as it
// was.
func TestMWSXMLBadInput(t *testing.T) {
	cases := map[string]string{
		"missing_include": "amzn-envelope.xsd:3:2: in /schema/include: cannot read include \"amzn-base.xsd\"",
		"unknown_type":    "base.xsd:5:4: in /schema/complexType[@name='Item']/sequence/element[@name='Price']: type: unknown type CurrencyAmount",
		"malformed":       "amzn-envelope.xsd:7:4: malformed XML",
	}
	for dir, want := range cases {
		t.Run(dir, func(t *testing.T) {
			out := t.TempDir()
			keep := map[string]string{"writer.go": "package mwsxml\n", "old_gen.go": "package mwsxml\n"}
			for n, c := range keep {
				if err := os.WriteFile(filepath.Join(out, n), []byte(c), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var stdout, stderr bytes.Buffer
			code := Main([]string{"mwsxml", "-xsd", filepath.Join(mwsxmlFixtures, "bad", dir), "-out", out}, &stdout, &stderr)
			if code == 0 {
				t.Fatalf("exit code 0, stderr %q", stderr.String())
			}
			if !strings.Contains(stderr.String(), want) {
				t.Errorf("stderr %q does not contain %q", stderr.String(), want)
			}
			entries, err := os.ReadDir(out)
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != len(keep) {
				t.Errorf("output directory changed: %v", entries)
			}
			for n, c := range keep {
				if b, err := os.ReadFile(filepath.Join(out, n)); err != nil || string(b) != c {
					t.Errorf("%s changed or removed", n)
				}
			}
		})
	}
}

// TestMWSXMLWrites generates from a small schema set into a directory with
// a hand-written file and a stale generated one.
func TestMWSXMLWrites(t *testing.T) {
	out := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(out, "writer.go"), []byte("package mwsxml\n"), 0o644))
	must(os.WriteFile(filepath.Join(out, "stale_gen.go"), []byte("package mwsxml\n"), 0o644))
	var stdout, stderr bytes.Buffer
	if code := Main([]string{"mwsxml", "-xsd", filepath.Join(mwsxmlFixtures, "mini"), "-out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(out, "writer.go")); err != nil {
		t.Error("hand-written file removed")
	}
	if _, err := os.Stat(filepath.Join(out, "stale_gen.go")); err == nil {
		t.Error("stale generated file kept")
	}
	for _, name := range []string{"amzn_envelope_gen.go", "base_gen.go", "a_gen.go", "b_gen.go", "ext_gen.go", "xsd_builtins_gen.go"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("%s not written", name)
		}
	}
	if !strings.Contains(stdout.String(), "5 schemas") {
		t.Errorf("summary %q", stdout.String())
	}
}

// TestMWSXMLDefaults pins the default flags, run from the repository's
// root, to the Makefile's invocation.
func TestMWSXMLDefaults(t *testing.T) {
	t.Chdir("../..")
	var stdout, stderr bytes.Buffer
	Main([]string{"mwsxml", "-h"}, &stdout, &stderr)
	for _, want := range []string{`-xsd string`, `(default "../shared/xsd/mws")`, `-out string`, `(default "mwsxml")`} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("usage %q lacks %q", stderr.String(), want)
		}
	}
}

// TestMWSXMLSplit generates the split layout: a directory per package,
// and refuses it without the import path its packages need.
func TestMWSXMLSplit(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := Main([]string{"mwsxml", "-xsd", filepath.Join(mwsxmlFixtures, "mini"), "-out", out, "-layout", "split"}, &stdout, &stderr); code == 0 || !strings.Contains(stderr.String(), "-pkgpath") {
		t.Fatalf("split without -pkgpath: exit %d, %s", code, stderr.String())
	}
	stderr.Reset()
	if code := Main([]string{"mwsxml", "-xsd", filepath.Join(mwsxmlFixtures, "mini"), "-out", out, "-layout", "split", "-pkgpath", "example.com/x/amzn"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	dirs, err := os.ReadDir(out)
	if err != nil || len(dirs) < 2 {
		t.Fatalf("split output %v (%v)", dirs, err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			t.Errorf("%s is not a package directory", d.Name())
		}
	}
	if code := Main([]string{"mwsxml", "-xsd", filepath.Join(mwsxmlFixtures, "mini"), "-out", out, "-layout", "tree"}, &stdout, &stderr); code == 0 {
		t.Error("unknown layout accepted")
	}
}
