package messaginggen

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/spgen/spgen/internal/diag"
	"github.com/spgen/spgen/spapi/messaging/actionschema"
)

// ValidateFile checks the JSON request in requestFile against the schema of
// action found in input (a getMessagingActionsForOrder response or a schema
// file). The schema goes through the same load, normalisation and checks as
// for generation, and is then compiled by jsonschema/v5, the reference the
// generated Validate methods agree with. It returns nil when the request is
// valid, a *actionschema.ValidationError listing every violation when it is
// not, and a *diag.Error when an input cannot be used.
func ValidateFile(input, action, requestFile string) error {
	sources, err := Load(input)
	if err != nil {
		return err
	}
	var src *Source
	var names []string
	for i := range sources {
		names = append(names, sources[i].Action)
		if sources[i].Action == action {
			src = &sources[i]
		}
	}
	if src == nil {
		sort.Strings(names)
		return &diag.Error{File: input, Msg: fmt.Sprintf("no action %q (offered: %s)", action, strings.Join(names, ", "))}
	}
	if _, err := Build([]Source{*src}); err != nil {
		return err
	}
	compiled, err := actionschema.Compile(src.Action, src.Schema)
	if err != nil {
		return located(src.File, src.data, src.Pointer, "schema does not compile", err)
	}
	data, err := os.ReadFile(requestFile)
	if err != nil {
		return &diag.Error{File: requestFile, Msg: "cannot read request", Err: err}
	}
	inst, err := actionschema.DecodeInstance(data)
	if err != nil {
		de := &diag.Error{File: requestFile, Msg: "request is not valid JSON", Err: err}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			de.Line, de.Column = diag.LineCol(data, se.Offset-1)
		}
		return de
	}
	return compiled.Validate(inst)
}
