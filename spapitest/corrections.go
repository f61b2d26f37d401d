package spapitest

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strconv"

	"github.com/spgen/spgen/models"
)

// correctionFiles are the sandbox case corrections, one file per model file
// (corrections/<model file name>).
//
//go:embed corrections/*.json
var correctionFiles embed.FS

// Correction fixes one of Amazon's x-amzn-api-sandbox cases that
// contradicts its own model: where only a sandbox case disagrees with the
// model (an enum value the model's examples never use, a malformed case),
// the case is corrected here rather than the model widened. Corrections
// are applied by the sandbox (and so by the conformance suite, which
// replays the sandbox's cases) after the model overlays; the generator
// never sees them.
type Correction struct {
	// Operation is the case's operationId as the model spells it; Status
	// the response code it is filed under; Case its index in the static
	// array.
	Operation string `json:"operation"`
	Status    int    `json:"status"`
	Case      int    `json:"case"`
	// Reason says what the case gets wrong and why the correction is
	// right, citing the model.
	Reason string `json:"reason"`
	// Merge is an RFC 7386 JSON merge patch of the case object
	// ({"request": {"parameters": ...}, "response": ...}). Applying it to
	// an already corrected case changes nothing.
	Merge json.RawMessage `json:"merge"`
}

// ID names the corrected case like [Case.ID] ("<file> <op> <status> #<i>").
func (c Correction) ID(file string) string {
	return fmt.Sprintf("%s %s %d #%d", file, c.Operation, c.Status, c.Case)
}

type correctionsFile struct {
	Corrections []Correction `json:"corrections"`
}

// Corrections returns the case corrections for the model file with base
// name file (e.g. "sellerWallet_2024-03-01.json"), in the order applied.
func Corrections(file string) ([]Correction, error) {
	raw, err := correctionFiles.ReadFile("corrections/" + file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var cf correctionsFile
	if err := json.Unmarshal(raw, &cf); err != nil {
		return nil, fmt.Errorf("spapitest/corrections/%s: %w", file, err)
	}
	for i, c := range cf.Corrections {
		if c.Operation == "" || c.Reason == "" || len(c.Merge) == 0 {
			return nil, fmt.Errorf("spapitest/corrections/%s: correction %d needs an operation, a reason and a merge patch", file, i)
		}
	}
	return cf.Corrections, nil
}

// CorrectionFiles lists the model files that have case corrections.
func CorrectionFiles() []string {
	entries, _ := correctionFiles.ReadDir("corrections")
	out := make([]string, 0, len(entries))
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// applyCorrections applies cs to the cases of the decoded model root. A
// correction naming a case the model does not have is an error: a stale
// correction must not pass unnoticed.
func applyCorrections(file string, root map[string]any, cs []Correction) error {
	for i, c := range cs {
		list, idx, err := findCase(root, c)
		if err != nil {
			return fmt.Errorf("spapitest/corrections/%s: correction %d (%s): %w", file, i, c.ID(file), err)
		}
		patch := decodeJSON(c.Merge)
		if _, ok := patch.(map[string]any); !ok {
			return fmt.Errorf("spapitest/corrections/%s: correction %d (%s): the merge patch must be a JSON object", file, i, c.ID(file))
		}
		list[idx] = models.MergePatch(list[idx], patch)
	}
	return nil
}

// findCase returns the static case list holding the case c names, and its
// index.
func findCase(root map[string]any, c Correction) ([]any, int, error) {
	paths, _ := root["paths"].(map[string]any)
	found := 0
	var list []any
	for _, path := range sortedKeys(paths) {
		item, _ := paths[path].(map[string]any)
		for _, method := range methods {
			op, ok := item[method].(map[string]any)
			if !ok || op["operationId"] != c.Operation {
				continue
			}
			found++
			responses, _ := op["responses"].(map[string]any)
			resp, _ := responses[strconv.Itoa(c.Status)].(map[string]any)
			sb, _ := resp["x-amzn-api-sandbox"].(map[string]any)
			list, _ = sb["static"].([]any)
		}
	}
	switch {
	case found == 0:
		return nil, 0, errors.New("the model has no operation " + c.Operation)
	case found > 1:
		return nil, 0, fmt.Errorf("the model has %d operations named %s", found, c.Operation)
	case c.Case < 0 || c.Case >= len(list):
		return nil, 0, fmt.Errorf("%s has %d static cases under %d, no #%d", c.Operation, len(list), c.Status, c.Case)
	}
	if _, ok := list[c.Case].(map[string]any); !ok {
		return nil, 0, errors.New("the case is not an object")
	}
	return list, c.Case, nil
}
