package main

import (
	"os"
	"path/filepath"

	"golang.org/x/mod/modfile"
)

// spgenModule is the module path of spgen's own repository.
const spgenModule = "github.com/spgen/spgen"

// spgenRoot returns the root of spgen's own repository when dir lies inside
// it (the nearest go.mod above dir declares spgen's module), else "". Only
// there do the subcommands default to the repository's layout (../shared
// for Amazon's inputs, generated/ and mwsxml/ for the output); anywhere else
// they take no default paths, so that a bare `gen spapi` in a user's module
// can never write into a sibling directory.
func spgenRoot(dir string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil {
			if modfile.ModulePath(data) == spgenModule {
				return dir
			}
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// repoDefault returns def, a path relative to the root of spgen's
// repository, when the working directory lies inside the repository, and ""
// elsewhere. The result is relative to the working directory when it can be.
func repoDefault(def string) string {
	root := spgenRoot(".")
	if root == "" {
		return ""
	}
	p := filepath.Join(root, def)
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, p); err == nil {
			return rel
		}
	}
	return p
}
