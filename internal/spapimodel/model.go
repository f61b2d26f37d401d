package spapimodel

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/spgen/spgen/internal/diag"
	"github.com/spgen/spgen/models"
)

// Input is one model file to load and what to load it with.
type Input struct {
	// Rel is the file's path relative to the model root (used in messages;
	// its base name selects the overlay); Data its contents.
	Rel  string
	Data []byte
	// Restricted lists the model's restricted operations (models/restricted.json).
	Restricted map[string]models.RestrictedOperation `json:"restricted,omitempty"`
	// Deprecations are the reasons and replacements of the model's
	// deprecated operations (models/deprecations.json).
	Deprecations map[string]models.Deprecation `json:"deprecations,omitempty"`
	// Rates is Amazon's SDK rate table, for operations whose model has no
	// Usage Plan (nil: none).
	Rates RateTable `json:"rates,omitempty"`
	// NoOverlays leaves models/overlays out.
	NoOverlays bool `json:"noOverlays,omitempty"`
	// Overlays, when set, replaces the embedded models/overlays (tests).
	Overlays fs.FS `json:"-"`
}

// Model is a loaded model: the Swagger 2.0 document after the fix-ups, the
// OpenAPI 3 document converted from it, the metadata of every operation and
// what loading it noticed.
type Model struct {
	Swagger    *openapi2.T
	OpenAPI    *openapi3.T
	Operations []*Operation
	Report     *Report
	// Applied says which overlay patches were applied.
	Applied *models.Applied
}

// OperationAt returns the metadata of the operation at method (any case)
// and path template, or nil.
func (m *Model) OperationAt(method, path string) *Operation {
	for _, op := range m.Operations {
		if op.Path == path && strings.EqualFold(op.Method, method) {
			return op
		}
	}
	return nil
}

// Operation returns the metadata of the operation with the given ID, or nil.
func (m *Model) Operation(id string) *Operation {
	for _, op := range m.Operations {
		if op.ID == id {
			return op
		}
	}
	return nil
}

// Load reads, patches, fixes up, converts and annotates one model: every
// step before code generation, done once. Bad input is a *diag.Error naming
// the file and the place in it; an error in a part of the model an overlay
// patched names the patch. Load never panics: a panic inside kin-openapi is
// recovered and reported as an error naming the file.
func Load(in Input) (m *Model, err error) {
	defer func() {
		if p := recover(); p != nil {
			m, err = nil, &diag.Error{File: in.Rel, Msg: "loading the model failed (recovered panic)", Err: fmt.Errorf("%v\n%s", p, FirstFrames(debug.Stack()))}
		}
	}()
	return load(in)
}

// load is Load without the panic recovery (the fuzz target calls it).
func load(in Input) (m *Model, err error) {
	rep := &Report{File: in.Rel}
	applied := &models.Applied{Data: in.Data}
	if !in.NoOverlays {
		if in.Overlays != nil {
			applied, err = models.ApplyOverlayFS(in.Overlays, filepath.Base(in.Rel), in.Data)
		} else {
			applied, err = models.ApplyOverlay(filepath.Base(in.Rel), in.Data)
		}
		if err != nil {
			return nil, &diag.Error{File: in.Rel, Msg: "applying overlay", Err: err}
		}
	}
	for _, w := range applied.Warnings {
		rep.Warnf("%s", w)
	}
	for _, p := range applied.Patches {
		rep.Notef("overlay: %s", p.Reason)
	}
	m, err = passes(in, applied.Data, rep)
	if err != nil {
		return nil, BlameOverlay(in.Rel, err, applied)
	}
	m.Applied = applied
	return m, nil
}

// passes loads the (patched) model and runs the fix-ups, the conversion and
// the metadata pass.
func passes(in Input, data []byte, rep *Report) (*Model, error) {
	doc2, err := loadModel(in.Rel, data)
	if err != nil {
		return nil, err
	}
	for _, f := range swaggerFixes {
		f.fix(doc2, rep)
	}
	doc3, err := convert(in.Rel, doc2)
	if err != nil {
		if derr := diagnose(in.Rel, data); derr != nil {
			return nil, derr
		}
		return nil, err
	}
	return &Model{Swagger: doc2, OpenAPI: doc3, Operations: operations(doc3, in, rep), Report: rep}, nil
}

// FirstFrames keeps a recovered panic's report short.
func FirstFrames(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	if len(lines) > 24 {
		lines = lines[:24]
	}
	return strings.Join(lines, "\n")
}
