package messaginggen_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/spgen/spgen/internal/diag"
	"github.com/spgen/spgen/internal/messaginggen"
)

// FuzzGenerate feeds arbitrary input files through the whole generator:
// it must never panic, must reject bad input with a *diag.Error, and every
// schema it accepts must give Go code that gofmt can parse.
func FuzzGenerate(f *testing.F) {
	for _, p := range []string{fixtureResponse, kitchenSinkFile,
		filepath.Join("..", "..", "..", "shared", "fixtures", "messaging", "getMessagingActionsForOrder.malformed.txt")} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"type":"object","name":"x","properties":{"a":{"type":"array","items":{"type":"array","items":{"type":"number","enum":[1,2.5],"minimum":0.1}}}},"required":["a","b"]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		srcs, err := messaginggen.LoadData("input.json", data)
		if err != nil {
			var de *diag.Error
			if !errors.As(err, &de) || de.File != "input.json" {
				t.Fatalf("load error is not a located *diag.Error: %T %v", err, err)
			}
			return
		}
		actions, err := messaginggen.Build(srcs)
		if err != nil {
			var de *diag.Error
			if !errors.As(err, &de) || de.File != "input.json" {
				t.Fatalf("build error is not a located *diag.Error: %T %v", err, err)
			}
			return
		}
		if _, err := messaginggen.Emit("p", []string{"input.json"}, actions); err != nil {
			t.Fatalf("accepted input gives invalid Go: %v\ninput: %s", err, data)
		}
	})
}
