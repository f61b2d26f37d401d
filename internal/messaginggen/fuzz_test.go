package messaginggen_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

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

// FuzzBuildSchema feeds arbitrary schema files through the draft-07
// pipeline ("gen schemas"): no panic, bad input is a *diag.Error naming the
// file, and every schema it accepts gives Go code gofmt can parse.
func FuzzBuildSchema(f *testing.F) {
	files, err := messaginggen.SchemaFiles(filepath.Join("..", "..", "..", "shared", "models", "schemas"))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil && len(b) < 12000 {
			f.Add(b)
		}
	}
	for _, s := range []string{
		`{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"a":{"$ref":"#/definitions/a"}},"definitions":{"a":{"$ref":"#/definitions/a"}}}`,
		`{"type":"object","properties":{"u":{"anyOf":[{"type":"object"},{"$ref":"#"}]}}}`,
		`{"type":"object","properties":{"n":{"type":["integer","null"],"minimum":1}},"oneOf":[{"properties":{"n":false}},{"required":["n"]}]}`,
		`{"$ref":"#/definitions/missing","definitions":{}}`,
		`{"#ref":"#/definitions/x","definitions":{"x":{"type":"object","properties":{"a":{"items":[{"type":"string"}],"additionalItems":true,"type":"array"}}}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		done := make(chan struct{})
		defer close(done)
		go func() {
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				panic(fmt.Sprintf("BuildSchemaData takes over 10s on %q", data))
			}
		}()
		p, err := messaginggen.BuildSchemaData("input.json", "x", data)
		if err != nil {
			var de *diag.Error
			if !errors.As(err, &de) || de.File != "input.json" {
				t.Fatalf("error is not a located *diag.Error: %T %v", err, err)
			}
			return
		}
		if _, err := messaginggen.Emit(p.Package, []string{"input.json"}, []*messaginggen.Action{p.Doc}); err != nil {
			t.Fatalf("accepted input gives invalid Go: %v\ninput: %s", err, data)
		}
	})
}
