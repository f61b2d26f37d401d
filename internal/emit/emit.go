// Package emit writes generated Go files: it formats them with gofmt and
// replaces an output directory atomically, so a failed generation never
// leaves a half-written directory behind.
//
// It touches only the output directory it is given and a sibling temporary
// directory next to it.
package emit

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"sort"
)

// Files maps a file name (relative to the output directory, may contain
// slashes) to its contents.
type Files map[string][]byte

// Format runs gofmt over every .go file in fs, in place. A file that does not
// parse is reported with its name.
func Format(fs Files) error {
	for name, src := range fs {
		if filepath.Ext(name) != ".go" {
			continue
		}
		out, err := format.Source(src)
		if err != nil {
			return fmt.Errorf("gofmt %s: %w", name, err)
		}
		fs[name] = out
	}
	return nil
}

// Names returns the file names of fs in sorted order.
func (fs Files) Names() []string {
	names := make([]string, 0, len(fs))
	for n := range fs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// WriteDir replaces dir with exactly the files in fs. The files are written
// to a temporary sibling directory first, which is then renamed into place;
// the previous contents of dir are removed only after that succeeded.
func WriteDir(dir string, fs Files) error {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	for _, name := range fs.Names() {
		p := filepath.Join(tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, fs[name], 0o644); err != nil {
			return err
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	var old string
	if _, err := os.Stat(dir); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			os.Rename(old, dir)
		}
		return err
	}
	ok = true
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// WriteFiles writes fs into dir, which may hold other files too (the
// hand-written ones of a package such as mwsxml). Every file is written to a
// temporary name in dir first and renamed over its target only after all of
// them were written, so a failure leaves the old files in place.
func WriteFiles(dir string, fs Files) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmps := make(map[string]string, len(fs))
	defer func() {
		for _, t := range tmps {
			os.Remove(t)
		}
	}()
	for _, name := range fs.Names() {
		target := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		f, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp-")
		if err != nil {
			return err
		}
		tmps[target] = f.Name()
		if _, err := f.Write(fs[name]); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		if err := os.Chmod(f.Name(), 0o644); err != nil {
			return err
		}
	}
	for _, name := range fs.Names() {
		target := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.Rename(tmps[target], target); err != nil {
			return err
		}
		delete(tmps, target)
	}
	return nil
}

// Equal reports whether dir holds exactly the files in fs with the same
// contents; it returns a description of the first difference otherwise.
// Golden tests use it to compare a fresh generation with the committed one.
func Equal(dir string, fs Files) (bool, string) {
	seen := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		seen[filepath.ToSlash(rel)] = true
		return nil
	})
	if err != nil {
		return false, err.Error()
	}
	for _, name := range fs.Names() {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			return false, fmt.Sprintf("%s: missing in %s", name, dir)
		}
		if !bytes.Equal(got, fs[name]) {
			return false, fmt.Sprintf("%s: contents differ", name)
		}
		delete(seen, name)
	}
	for name := range seen {
		return false, fmt.Sprintf("%s: not generated, but present in %s", name, dir)
	}
	return true, ""
}
