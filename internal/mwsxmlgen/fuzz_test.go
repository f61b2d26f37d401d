package mwsxmlgen

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/spgen/spgen/internal/diag"
	"github.com/spgen/spgen/internal/xsd"
)

// FuzzGenerate runs the whole generator on arbitrary root schemas (next to
// the mini schema set): no panic, bad input fails with a *diag.Error, and
// whatever loads generates Go that gofmt accepts.
func FuzzGenerate(f *testing.F) {
	mini := filepath.Join("..", "xsd", "testdata", "mini")
	fsys := fstest.MapFS{}
	for _, name := range []string{"base.xsd", "a.xsd", "b.xsd", "ext.xsd"} {
		data, err := os.ReadFile(filepath.Join(mini, name))
		if err != nil {
			f.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: data}
	}
	for _, p := range []string{filepath.Join(mini, "amzn-envelope.xsd"), filepath.Join("testdata", "features", "amzn-envelope.xsd")} {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, root []byte) {
		m := fstest.MapFS{"root.xsd": &fstest.MapFile{Data: root}}
		for k, v := range fsys {
			m[k] = v
		}
		done := make(chan error, 1)
		go func() {
			s, err := xsd.LoadFS(m, "root.xsd")
			if err != nil {
				done <- nil // the front end's own fuzz target checks its errors
				return
			}
			_, _, err = GenerateSchema(s)
			done <- err
		}()
		select {
		case err := <-done:
			if err != nil {
				var de *diag.Error
				if !errors.As(err, &de) || de.File == "" {
					t.Fatalf("generation failed without a located error: %v", err)
				}
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("generation did not finish in 5s")
		}
	})
}
