// Package messaginggen is the generator behind "gen messaging": it turns the
// per-action JSON Schemas of the Selling Partner Messaging API into Go
// request structs with generated Validate methods.
//
// The pipeline, one pass each:
//
//	load       getMessagingActionsForOrder responses (schema at
//	           _embedded.actions[]._embedded.schema or ….schema.payload) or
//	           bare schema files → one schema per action, with its location
//	normalise  actionschema.Normalize: the named quirk fixes, shared with the
//	           runtime (HAL "_links", "required": [])
//	check      the normalised schema must compile under jsonschema/v5 as
//	           draft-04, the reference validator the generated code is tested
//	           against
//	IR         Type/Struct/Field with the constraints, refusing keywords it
//	           cannot check rather than dropping them
//	name       Go identifiers via internal/naming
//	emit       jennifer: types, UnmarshalJSON, Validate, embedded schema
//
// Every bad input is a *diag.Error naming the file and a JSON pointer, with
// line:column when the pointer can be found in the file.
package messaginggen

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/spgen/spgen/internal/diag"
	"github.com/spgen/spgen/internal/emit"
	"github.com/spgen/spgen/internal/naming"
	"github.com/spgen/spgen/spapi/messaging/actionschema"
)

// Config is one generation run.
type Config struct {
	// Inputs are getMessagingActionsForOrder responses or schema files.
	Inputs []string
	// Package is the Go package name of the output.
	Package string
}

// Source is one action schema as found in an input file.
type Source struct {
	// File is the input path as given.
	File string
	// Action is the action's name; Title its title, if any.
	Action, Title string
	// Schema is the schema as served (not normalised).
	Schema any
	// Pointer is the schema's JSON pointer in File.
	Pointer string

	data []byte
}

// Generate runs the whole pipeline and returns the files of the output
// package. Nothing is written.
func Generate(cfg Config) (emit.Files, error) {
	if len(cfg.Inputs) == 0 {
		return nil, errors.New("no input files")
	}
	if !isIdent(cfg.Package) {
		return nil, fmt.Errorf("package name %q is not a Go identifier", cfg.Package)
	}
	var sources []Source
	for _, in := range cfg.Inputs {
		srcs, err := Load(in)
		if err != nil {
			return nil, err
		}
		sources = append(sources, srcs...)
	}
	sources, err := dedupe(sources)
	if err != nil {
		return nil, err
	}
	actions, err := Build(sources)
	if err != nil {
		return nil, err
	}
	var bases []string
	seen := map[string]bool{}
	for _, in := range cfg.Inputs {
		b := filepath.Base(in)
		if !seen[b] {
			seen[b] = true
			bases = append(bases, b)
		}
	}
	return Emit(cfg.Package, bases, actions)
}

// Emit renders the package for actions; sources names the input files in
// the package documentation.
func Emit(pkg string, sources []string, actions []*Action) (emit.Files, error) {
	return emitPackage(pkg, sources, actions)
}

func isIdent(s string) bool {
	return token.IsIdentifier(s) && s != "_"
}

// Load reads one input file: a getMessagingActionsForOrder response (every
// action in it) or a bare JSON Schema (one action, named by its "name"
// member or else by the file name).
func Load(file string) ([]Source, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, &diag.Error{File: file, Msg: "cannot read input", Err: err}
	}
	return LoadData(file, data)
}

// LoadData is Load for the contents data of file.
func LoadData(file string, data []byte) ([]Source, error) {
	doc, err := actionschema.DecodeInstance(data)
	if err != nil {
		de := &diag.Error{File: file, Msg: "not valid JSON", Err: err}
		var se *json.SyntaxError
		var ute *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			de.Line, de.Column = diag.LineCol(data, se.Offset-1)
		case errors.As(err, &ute):
			de.Line, de.Column = diag.LineCol(data, ute.Offset)
		case len(data) == 0 || strings.TrimSpace(string(data)) == "":
			de.Msg = "empty file"
		}
		return nil, de
	}
	if actionschema.IsActionsResponse(doc) {
		acts, err := actionschema.ActionsFromResponse(doc)
		if err != nil {
			var de *actionschema.DocError
			if errors.As(err, &de) {
				return nil, located(file, data, de.Pointer, de.Msg, de.Err)
			}
			return nil, &diag.Error{File: file, Err: err}
		}
		if len(acts) == 0 {
			return nil, located(file, data, "/_embedded/actions", "the response offers no actions", nil)
		}
		out := make([]Source, len(acts))
		for i, a := range acts {
			out[i] = Source{File: file, Action: a.Name, Title: a.Title, Schema: a.Schema, Pointer: a.Pointer, data: data}
		}
		return out, nil
	}
	m, ok := doc.(map[string]any)
	if !ok {
		return nil, located(file, data, "", "neither a getMessagingActionsForOrder response nor a JSON Schema object", nil)
	}
	name, _ := m["name"].(string)
	if name == "" {
		base := filepath.Base(file)
		for _, ext := range []string{".json", ".schema"} {
			base = strings.TrimSuffix(base, ext)
		}
		name = base
	}
	return []Source{{File: file, Action: name, Schema: doc, Pointer: "", data: data}}, nil
}

// located builds a diag.Error at a JSON pointer of file, adding the line
// and column when the pointer can be found in data.
func located(file string, data []byte, ptr, msg string, err error) *diag.Error {
	de := &diag.Error{File: file, Pointer: ptr, Msg: msg, Err: err}
	if ptr == "" {
		de.Pointer = ""
	}
	// A pointer to a member that is missing cannot be found; fall back to
	// its closest existing parent for the position.
	for p := ptr; ; {
		if off, ok := locate(data, p); ok {
			de.Line, de.Column = diag.LineCol(data, int64(off))
			break
		}
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return de
}

// dedupe drops repeated actions whose schemas are the same, and reports
// repeated actions whose schemas differ.
func dedupe(sources []Source) ([]Source, error) {
	type seen struct {
		src Source
		fp  string
	}
	byName := map[string]seen{}
	var out []Source
	for _, s := range sources {
		fp, err := actionschema.Fingerprint(s.Schema)
		if err != nil {
			return nil, located(s.File, s.data, s.Pointer, "schema cannot be encoded", err)
		}
		if prev, ok := byName[s.Action]; ok {
			if prev.fp == fp {
				continue
			}
			return nil, located(s.File, s.data, s.Pointer,
				fmt.Sprintf("action %q has a different schema than in %s at %s", s.Action, prev.src.File, prev.src.Pointer), nil)
		}
		byName[s.Action] = seen{s, fp}
		out = append(out, s)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Action < out[j].Action })
	return out, nil
}

// Build normalises, checks and converts every source into the IR, in the
// order given.
func Build(sources []Source) ([]*Action, error) {
	b := &builder{}
	roots := make([]string, len(sources))
	for i, s := range sources {
		roots[i] = b.types.Unique(naming.Exported(s.Action) + "Request")
	}
	var out []*Action
	for i, s := range sources {
		norm, fixes := actionschema.Normalize(s.Schema)
		a, err := b.buildAction(s.Action, s.Title, norm, roots[i])
		if err != nil {
			var se *schemaError
			if errors.As(err, &se) {
				return nil, located(s.File, s.data, s.Pointer+se.ptr, se.msg, nil)
			}
			return nil, located(s.File, s.data, s.Pointer, err.Error(), nil)
		}
		if _, err := actionschema.Compile(s.Action, s.Schema); err != nil {
			ptr := s.Pointer
			var ve *jsonschema.ValidationError
			if errors.As(err, &ve) {
				ptr += deepestInstance(ve)
			}
			return nil, located(s.File, s.data, ptr, "schema is not valid draft-04 after normalisation", err)
		}
		a.Fingerprint, _ = actionschema.Fingerprint(s.Schema)
		pretty, err := json.MarshalIndent(norm, "", "  ")
		if err != nil {
			return nil, located(s.File, s.data, s.Pointer, "schema cannot be encoded", err)
		}
		a.Schema = append(pretty, '\n')
		a.Fixes = fixes
		a.File = filepath.Base(s.File)
		a.Pointer = s.Pointer
		if a.Pointer == "" {
			a.Pointer = "the root"
		}
		out = append(out, a)
	}
	return out, nil
}

// deepestInstance returns the instance location of the first leaf of a
// meta-schema validation error: the position in the schema that is wrong.
func deepestInstance(ve *jsonschema.ValidationError) string {
	for len(ve.Causes) > 0 {
		ve = ve.Causes[0]
	}
	return ve.InstanceLocation
}
