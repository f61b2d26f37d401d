// Package manifest reads and writes the manifest gen spapi leaves in its
// output directory: which packages it generated, from which models. It
// touches only that one file, so that prune, the conformance suite and
// users' tools read what was generated without importing the generator.
package manifest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// File is the file gen spapi writes into its output directory: the
// packages it generated and the models they came from. Prune reads it to
// know which directories are its own; the conformance suite reads it to
// know which packages to replay.
const File = "spgen-manifest.json"

// Manifest lists what one output directory holds.
type Manifest struct {
	// Generator names the generator and its version.
	Generator string `json:"generator"`
	// Packages are sorted by package name.
	Packages []Package `json:"packages"`
}

// Package is one generated package.
type Package struct {
	// Package is the directory and Go package name.
	Package string `json:"package"`
	// Model is the model file's path relative to the input root, and
	// SHA256 the hash of its contents.
	Model  string `json:"model"`
	SHA256 string `json:"sha256"`
	// Operations is the number of operations the package serves.
	Operations int `json:"operations"`
}

// Read reads dir's manifest; a directory without one has an empty
// manifest.
func Read(dir string) (*Manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, File))
	if errors.Is(err, fs.ErrNotExist) {
		return &Manifest{}, nil
	}
	if err != nil {
		return nil, err
	}
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, File), err)
	}
	return &m, nil
}

// Write writes dir's manifest atomically.
func Write(dir string, m *Manifest) error {
	sort.Slice(m.Packages, func(i, j int) bool { return m.Packages[i].Package < m.Packages[j].Package })
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp := filepath.Join(dir, File+".tmp")
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, File))
}
