package main

import (
	"os"
	"path/filepath"

	"golang.org/x/mod/modfile"
)

// spgenModule is the module path of spgen's own repository.
const spgenModule = "github.com/spgen/spgen"

// inSpgenRepo reports whether dir lies inside spgen's own repository (the
// nearest go.mod above it declares spgen's module). Only there do the
// subcommands default to the repository's layout (../shared for Amazon's
// inputs, generated/ and mwsxml/ for the output); anywhere else they take
// no default paths, so that a bare `gen spapi` in a user's module can never
// write into a sibling directory.
func inSpgenRepo(dir string) bool {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil {
			return modfile.ModulePath(data) == spgenModule
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return false
		}
		dir = parent
	}
}

// repoDefault returns def inside spgen's repository and "" elsewhere.
func repoDefault(def string) string {
	if inSpgenRepo(".") {
		return def
	}
	return ""
}
