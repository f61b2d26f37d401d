// Package mwsxmlgen generates encoding/xml types with Validate methods and
// reflection-free writers for Amazon's MWS feed envelope (amzn-envelope.xsd
// and every schema it includes or imports): package mwsxml, or the same
// types generated anywhere else.
//
// The pipeline is load (internal/xsd) → build (name every type, map content
// models to struct fields) → emit (jennifer, one Go file per schema file).
// Generated code refers to what it shares only through the exported API of
// the runtime package mwsxml/xsdrt (RuntimePath), so it compiles on its own.
// Two layouts: Generate writes one package; GenerateSplit a package per
// group of schema files that refer to each other (amznbase, then one per
// message type and per category file), each message package with its own
// envelope, so a program compiles only the messages it uses.
// Generation is deterministic: the same schemas give the same bytes.
//
// Write and WriteSplit touch only *_gen.go files under the output
// directory; hand-written files there stay as they are.
package mwsxmlgen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spgen/spgen/internal/emit"
	"github.com/spgen/spgen/internal/xsd"
)

// RootSchema is the file Generate starts from.
const RootSchema = "amzn-envelope.xsd"

// RuntimePath is the import path of the runtime package every generated
// file refers to (by exported names only, through jen.Qual).
const RuntimePath = "github.com/spgen/spgen/mwsxml/xsdrt"

// Package is the generated package's name.
const Package = "mwsxml"

// Stats describe a generation, for the CLI's summary line.
type Stats struct {
	Schemas  int // schema files read
	Types    int // Go types generated
	RawTypes int // complex types whose content is kept as raw XML
	Files    int // Go files written
}

// Generate loads xsdDir/amzn-envelope.xsd and returns the generated files
// of package mwsxml, keyed by file name.
func Generate(xsdDir string) (emit.Files, Stats, error) {
	s, err := xsd.Load(filepath.Join(xsdDir, RootSchema))
	if err != nil {
		return nil, Stats{}, err
	}
	return GenerateSchema(s)
}

// GenerateSchema generates package mwsxml from an already loaded schema.
func GenerateSchema(s *xsd.Schema) (emit.Files, Stats, error) {
	b := newBuilder(s)
	if err := b.build(); err != nil {
		return nil, Stats{}, err
	}
	files, err := b.render(Package)
	if err != nil {
		return nil, Stats{}, err
	}
	st := b.stats()
	st.Files = len(files)
	return files, st, nil
}

// stats counts what was built.
func (b *builder) stats() Stats {
	st := Stats{Schemas: len(b.s.Files), RawTypes: b.rawCount}
	var count func(gt *goType)
	count = func(gt *goType) {
		st.Types++
		for _, n := range gt.nested {
			count(n)
		}
	}
	for _, gt := range b.top {
		count(gt)
	}
	return st
}

// GenerateSplit loads xsdDir/amzn-envelope.xsd and returns the split
// layout: a directory per package (BasePackage, one per message type and
// per schema file the message types use), keyed "package/file_gen.go";
// pkgPath is the import path of the output directory.
func GenerateSplit(xsdDir, pkgPath string) (emit.Files, Stats, error) {
	s, err := xsd.Load(filepath.Join(xsdDir, RootSchema))
	if err != nil {
		return nil, Stats{}, err
	}
	b := newBuilder(s)
	if err := b.build(); err != nil {
		return nil, Stats{}, err
	}
	files, err := b.renderSplit(strings.TrimSuffix(pkgPath, "/"))
	if err != nil {
		return nil, Stats{}, err
	}
	st := b.stats()
	st.Files = len(files)
	return files, st, nil
}

// WriteSplit puts the files of GenerateSplit into dir, one directory per
// package, like Write: everything is written to temporary names first,
// and each package directory's *_gen.go files that files no longer holds
// are removed afterwards.
func WriteSplit(dir string, files emit.Files) error {
	pkgs := map[string]bool{}
	for name := range files {
		pkg, base, ok := strings.Cut(name, "/")
		if !ok || pkg == "" || strings.ContainsAny(base, `/\`) || !strings.HasSuffix(base, "_gen.go") {
			return fmt.Errorf("mwsxmlgen: refusing to write %q: split files are named package/*_gen.go", name)
		}
		pkgs[pkg] = true
	}
	if err := emit.WriteFiles(dir, files); err != nil {
		return err
	}
	for pkg := range pkgs {
		stale, err := filepath.Glob(filepath.Join(dir, pkg, "*_gen.go"))
		if err != nil {
			return err
		}
		for _, p := range stale {
			if _, keep := files[pkg+"/"+filepath.Base(p)]; !keep {
				if err := os.Remove(p); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// Write puts files into dir: every file is written to a temporary name
// first and renamed into place only when all were written; generated files
// (*_gen.go) that files no longer contains are removed afterwards. Other
// files in dir are left alone.
func Write(dir string, files emit.Files) error {
	for name := range files {
		if !strings.HasSuffix(name, "_gen.go") || strings.ContainsAny(name, `/\`) {
			return fmt.Errorf("mwsxmlgen: refusing to write %q: generated files are named *_gen.go", name)
		}
	}
	if err := emit.WriteFiles(dir, files); err != nil {
		return err
	}
	stale, err := filepath.Glob(filepath.Join(dir, "*_gen.go"))
	if err != nil {
		return err
	}
	for _, p := range stale {
		if _, keep := files[filepath.Base(p)]; !keep {
			if err := os.Remove(p); err != nil {
				return err
			}
		}
	}
	return nil
}
