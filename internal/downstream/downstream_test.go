//go:build !race

// The recipe builds and tests a whole module; it runs once, in the plain
// (not -race) pass of make test.

package downstream

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"
)

const (
	spgenModule = "github.com/spgen/spgen"
	repo        = "../.."
	shared      = "../../../shared"
)

// step is one part of the README's recipe: commands to run, or a file to
// write.
type step struct {
	kind string // "init", "generate": shell commands; "file": a file
	path string // for "file": the file's path in the module
	body string
}

var marker = regexp.MustCompile("(?m)^<!-- downstream:(\\w+)(?: (\\S+))? -->\\n```\\w*\\n")

// recipe returns the README's downstream steps in order.
func recipe(t *testing.T) []step {
	readme, err := os.ReadFile(filepath.Join(repo, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var steps []step
	for _, m := range marker.FindAllSubmatchIndex(readme, -1) {
		rest := readme[m[1]:]
		end := bytes.Index(rest, []byte("\n```"))
		if end < 0 {
			t.Fatalf("README: unterminated block after %s", readme[m[0]:m[1]])
		}
		s := step{kind: string(readme[m[2]:m[3]]), body: string(rest[:end+1])}
		if m[4] >= 0 {
			s.path = string(readme[m[4]:m[5]])
		}
		steps = append(steps, s)
	}
	if len(steps) < 4 {
		t.Fatalf("README has %d downstream steps", len(steps))
	}
	return steps
}

// TestREADMERecipeInAFreshModule follows the README in a new module: two
// models generated, then build, vet and a test against spapitest.
func TestREADMERecipeInAFreshModule(t *testing.T) {
	top := t.TempDir()
	proxy := filepath.Join(top, "proxy")
	version := serveWorkingTree(t, proxy)
	// Amazon's repository as the README's cp line expects it beside the module.
	abs, err := filepath.Abs(filepath.Join(shared, "models", "spapi"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(top, "selling-partner-api-models"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(abs, filepath.Join(top, "selling-partner-api-models", "models")); err != nil {
		t.Fatal(err)
	}
	shop := filepath.Join(top, "shop")
	if err := os.Mkdir(shop, 0o755); err != nil {
		t.Fatal(err)
	}
	// This tree as spgen; everything else from the module cache or, for
	// what it lacks, the module proxy the machine is set up with.
	upstream, err := exec.Command("go", "env", "GOPROXY").Output()
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(),
		"GOPROXY=file://"+filepath.ToSlash(proxy)+","+strings.TrimSpace(string(upstream)),
		"GONOSUMDB="+spgenModule, "GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local")
	for _, s := range recipe(t) {
		switch s.kind {
		case "file":
			p := filepath.Join(shop, filepath.FromSlash(s.path))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(s.body), 0o644); err != nil {
				t.Fatal(err)
			}
		default:
			for _, line := range strings.Split(s.body, "\n") {
				if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
					continue
				}
				start := time.Now()
				cmd := exec.Command("sh", "-c", line)
				cmd.Dir, cmd.Env = shop, env
				out, err := cmd.CombinedOutput()
				t.Logf("$ %s (%.1fs)\n%s", line, time.Since(start).Seconds(), out)
				if err != nil {
					t.Fatalf("README step %q failed: %v\n%s", line, err, out)
				}
			}
		}
	}
	for _, pkg := range []string{"ordersv0", "sellers"} {
		if _, err := os.Stat(filepath.Join(shop, "amazon", pkg, "api.go")); err != nil {
			t.Errorf("model not generated: %v", err)
		}
	}
	// The generator's dependencies stay out of the module's build.
	run := func(args ...string) string {
		cmd := exec.Command("go", args...)
		cmd.Dir, cmd.Env = shop, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	deps := run("list", "-deps", "./amazon/...")
	for _, bad := range []string{"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen", "github.com/getkin/kin-openapi", "gopkg.in/yaml", "go.yaml.in/yaml", "golang.org/x/tools", "github.com/dave/jennifer"} {
		if strings.Contains(deps, bad) {
			t.Errorf("the module's packages depend on %s", bad)
		}
	}
	mods := strings.Count(run("list", "-m", "all"), "\n")
	t.Logf("downstream module: go list -m all lists %d modules", mods)
	gomod, err := os.ReadFile(filepath.Join(shop, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(gomod), "require github.com/spgen/spgen "+version+"\n") && !strings.Contains(string(gomod), "\tgithub.com/spgen/spgen "+version) {
		t.Errorf("go.mod does not require spgen %s:\n%s", version, gomod)
	}
}

// modules are spgen's modules: the root (runtime, generated code) and the
// generator's, by directory relative to the repository and module path.
var modules = []struct{ dir, path string }{
	{".", spgenModule},
	{"cmd/gen", spgenModule + "/cmd/gen"},
	{"internal/spapigen", spgenModule + "/internal/spapigen"},
	{"internal/messaginggen", spgenModule + "/internal/messaginggen"},
	{"internal/mwsxmlgen", spgenModule + "/internal/mwsxmlgen"},
}

// placeholder is the version spgen's modules require each other at in the
// repository (go.work resolves it); a release names a real version.
const placeholder = "v0.0.0-00010101000000-000000000000"

// serveWorkingTree writes a GOPROXY directory (the module proxy protocol
// over file://) that serves this working tree's modules as a release would
// publish them: each at one version named after the tree's contents (the
// module cache keeps a version once fetched, so changed contents need a new
// one), requiring each other at that version. It returns the version.
func serveWorkingTree(t *testing.T, dir string) string {
	t.Helper()
	root, err := filepath.Abs(repo)
	if err != nil {
		t.Fatal(err)
	}
	// The zips' contents do not depend on the version they are made for.
	zips := make([][]byte, len(modules))
	h := sha256.New()
	for i, m := range modules {
		var zbuf bytes.Buffer
		if err := modzip.CreateFromDir(&zbuf, module.Version{Path: m.path, Version: "v0.0.0"}, filepath.Join(root, m.dir)); err != nil {
			t.Fatalf("zipping %s: %v", m.dir, err)
		}
		zips[i] = zbuf.Bytes()
		h.Write(zips[i])
	}
	version := "v0.1.0-dev.h" + hex.EncodeToString(h.Sum(nil)[:6])
	for i, m := range modules {
		gomod, err := os.ReadFile(filepath.Join(root, m.dir, "go.mod"))
		if err != nil {
			t.Fatal(err)
		}
		gomod = bytes.ReplaceAll(gomod, []byte(placeholder), []byte(version))
		zipped := rezip(t, zips[i], m.path, version, gomod)
		vdir := filepath.Join(dir, m.path, "@v")
		if err := os.MkdirAll(vdir, 0o755); err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{
			"list":            []byte(version + "\n"),
			version + ".info": []byte(fmt.Sprintf(`{"Version":%q,"Time":"2026-12-01T00:00:00Z"}`, version)),
			version + ".mod":  gomod,
			version + ".zip":  zipped,
		}
		for name, b := range files {
			if err := os.WriteFile(filepath.Join(vdir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return version
}

// rezip returns a module zip made for v0.0.0 as made for version, with
// go.mod replaced by gomod.
func rezip(t *testing.T, data []byte, path, version string, gomod []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	oldPrefix, newPrefix := path+"@v0.0.0/", path+"@"+version+"/"
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		name := newPrefix + strings.TrimPrefix(f.Name, oldPrefix)
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if name == newPrefix+"go.mod" {
			w.Write(gomod)
			continue
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, r); err != nil {
			t.Fatal(err)
		}
		r.Close()
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
