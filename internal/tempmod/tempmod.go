// Package tempmod creates throw-away Go modules for tests that must build
// code outside this repository's module: generated packages written into a
// temporary directory, or a small program whose dependencies are
// inspected. The module requires this repository through a replace
// directive and shares its go.sum, so that builds run offline against the
// module cache. It touches only the temporary directories it creates and
// runs the go command found on PATH.
package tempmod

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Root returns the repository root (the directory of its go.mod).
func Root(tb testing.TB) string {
	tb.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		tb.Fatal("tempmod: cannot locate the repository")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// New creates a module named module in a new temporary directory, with
// github.com/spgen/spgen replaced by this checkout, and returns its path.
func New(tb testing.TB, module string) string {
	tb.Helper()
	root := Root(tb)
	mod := tb.TempDir()
	gomod := "module " + module + "\n\ngo 1.26\n\nrequire github.com/spgen/spgen v0.0.0\n\nreplace github.com/spgen/spgen => " + root + "\n"
	WriteFile(tb, filepath.Join(mod, "go.mod"), []byte(gomod))
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		tb.Fatal(err)
	}
	WriteFile(tb, filepath.Join(mod, "go.sum"), sum)
	return mod
}

// WriteFile writes data to path, creating its directory.
func WriteFile(tb testing.TB, path string, data []byte) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		tb.Fatal(err)
	}
}

// Command returns the go command with args, to run in dir: offline
// (GOPROXY=off), with this toolchain, outside any workspace. extraEnv
// entries are appended to the environment.
func Command(tb testing.TB, dir string, extraEnv []string, args ...string) *exec.Cmd {
	tb.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		tb.Fatalf("the go tool is required: %v", err)
	}
	cmd := exec.Command(gobin, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local", "GOPROXY=off"), extraEnv...)
	return cmd
}

// Go runs the go command in dir and returns its combined output; a
// failure fails the test with that output.
func Go(tb testing.TB, dir string, args ...string) []byte {
	tb.Helper()
	out, err := Command(tb, dir, nil, args...).CombinedOutput()
	if err != nil {
		tb.Fatalf("go %v: %v\n%s", args, err, out)
	}
	return out
}
