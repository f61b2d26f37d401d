package xsd

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/spgen/spgen/internal/diag"
)

// fuzzFS is the mini schema set; the fuzzer replaces its root document.
func fuzzFS(t testing.TB) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, name := range []string{"base.xsd", "a.xsd", "b.xsd", "ext.xsd"} {
		data, err := os.ReadFile(filepath.Join("testdata", "mini", name))
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: data}
	}
	return fsys
}

// FuzzLoad feeds arbitrary root documents to the front end: it must never
// panic, and every failure must be a *diag.Error naming a file (and a
// line for anything found inside a document).
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*", "amzn-envelope.xsd"))
	more, _ := filepath.Glob(filepath.Join("testdata", "bad", "*", "*.xsd"))
	for _, p := range append(seeds, more...) {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, name := range []string{"amzn-header.xsd", "OrderFulfillment.xsd", "ProcessingReport.xsd"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "xsd", "mws", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	fsys := fuzzFS(f)
	f.Fuzz(func(t *testing.T, root []byte) {
		m := fstest.MapFS{"root.xsd": &fstest.MapFile{Data: root}}
		for k, v := range fsys {
			m[k] = v
		}
		s, err := LoadFS(m, "root.xsd")
		if err != nil {
			var de *diag.Error
			if !errors.As(err, &de) || de.File == "" {
				t.Fatalf("error %v (%T) is not a *diag.Error with a file", err, err)
			}
			if de.Err == nil && de.Line == 0 {
				t.Fatalf("error %v has no line", err)
			}
			return
		}
		if len(s.Files) == 0 || s.Files[0].Name != "root.xsd" {
			t.Fatalf("loaded %v", s.Files)
		}
	})
}

// FuzzTranslatePattern: any pattern either translates into a Go regexp
// that compiles or is rejected with an error; never a panic.
func FuzzTranslatePattern(f *testing.F) {
	for _, p := range []string{`\d{3}-\d{7}-\d{7}`, `[\p{IsBasicLatin}\p{IsLatin-1Supplement}]*`, `[^@]+@[^@\.]+(\.[^@\.]+)+`,
		`[\w\._\-\+]+@([\w_\-]+\.)+\w+`, `((([0-9]*\s)?[0-9]+/[0-9]+)|([0-9]*\.[0-9]+))`, `[a-z-[aeiou]]`, `a{2,3}|b*`, `\P{Lu}.`} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p string) {
		re, err := TranslatePattern(p)
		if err == nil && re == "" {
			t.Fatal("empty translation without error")
		}
	})
}
