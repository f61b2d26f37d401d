// Package models holds what spgen generates from besides Amazon's own files:
// the lock that pins the upstream models (spapi.lock.json), the list of
// restricted operations the models do not mark (restricted.json) and the
// overlays that patch model contradictions (overlays/). The files are
// embedded so that a downstream `go generate` gets the same behaviour as
// the project's own `make generate`.
package models

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
)

//go:embed restricted.json deprecations.json overlays
var files embed.FS

// Restricted maps a model file's base name to its restricted operations.
type Restricted map[string]map[string]RestrictedOperation

// RestrictedOperation says how to ask for an operation's Restricted Data
// Token.
type RestrictedOperation struct {
	// DataElements are the kinds of PII the RDT request names.
	DataElements []string `json:"dataElements"`
	// SpecificPath is true where Amazon's Tokens API guide requires the
	// restricted resource to name the request's specific path rather than
	// the path template (getReportDocument).
	SpecificPath bool `json:"specificPath,omitempty"`
}

// LoadRestricted returns the embedded list of restricted operations.
func LoadRestricted() (Restricted, error) {
	return loadPerModel[RestrictedOperation]("restricted.json")
}

// loadPerModel reads an embedded file mapping model file names to
// operationIds to a T (a "_comment" member is the file's own note),
// refusing members T does not know.
func loadPerModel[T any](name string) (map[string]map[string]T, error) {
	b, err := files.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("models/%s: %w", name, err)
	}
	out := map[string]map[string]T{}
	for k, v := range raw {
		if k == "_comment" {
			continue
		}
		var ops map[string]T
		dec := json.NewDecoder(bytes.NewReader(v))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&ops); err != nil {
			return nil, fmt.Errorf("models/%s: %s: %w", name, k, err)
		}
		out[k] = ops
	}
	return out, nil
}

// Fingerprint returns the embedded files' contents, for the generator's
// cache key: editing them regenerates every model.
func Fingerprint() []byte {
	b, _ := files.ReadFile("restricted.json")
	d, _ := files.ReadFile("deprecations.json")
	b = append(b, d...)
	entries, _ := files.ReadDir("overlays")
	for _, e := range entries {
		o, _ := files.ReadFile("overlays/" + e.Name())
		b = append(append(b, e.Name()...), o...)
	}
	return b
}

// Deprecations maps a model file's base name to the deprecated operations
// whose reason and replacement spgen knows (the models mark operations
// deprecated without saying why).
type Deprecations map[string]map[string]Deprecation

// Deprecation says why an operation is deprecated and what replaces it.
type Deprecation struct {
	Reason      string `json:"reason"`
	Replacement string `json:"replacement,omitempty"`
}

// LoadDeprecations returns the embedded deprecations.json.
func LoadDeprecations() (Deprecations, error) {
	return loadPerModel[Deprecation]("deprecations.json")
}
