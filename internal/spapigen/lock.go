package spapigen

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/spgen/spgen/internal/spapimodel"
)

// Lock pins the upstream models a project generates from: the repository,
// the commit, and the SHA-256 of every model file (by path relative to the
// input root). The project's own regeneration checks its inputs against it
// and refuses to generate from anything else unless told to accept drift.
type Lock struct {
	Repository string            `json:"repository"`
	Commit     string            `json:"commit"`
	Files      map[string]string `json:"files"`
}

// DriftError says how the inputs differ from the lock.
type DriftError struct {
	LockFile                string
	Added, Removed, Changed []string
}

func (e *DriftError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: inputs differ from the lock", e.LockFile)
	for _, part := range []struct {
		what  string
		files []string
	}{{"added", e.Added}, {"removed", e.Removed}, {"changed", e.Changed}} {
		if len(part.files) > 0 {
			fmt.Fprintf(&b, "; %s: %s", part.what, strings.Join(part.files, ", "))
		}
	}
	b.WriteString(" (run with -accept-drift to generate from them and rewrite the lock)")
	return b.String()
}

// ReadLock reads a lock file.
func ReadLock(path string) (*Lock, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var l Lock
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return nil, spapimodel.JSONError(path, data, err)
	}
	return &l, nil
}

// Write writes the lock as indented JSON with sorted keys.
func (l *Lock) Write(path string) error {
	data, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// Check compares the lock with the hashes of the models actually found
// (relative path → sha256) and returns a *DriftError when they differ.
func (l *Lock) Check(lockFile string, found map[string]string) error {
	d := &DriftError{LockFile: lockFile}
	for rel, sum := range found {
		want, ok := l.Files[rel]
		switch {
		case !ok:
			d.Added = append(d.Added, rel)
		case want != sum:
			d.Changed = append(d.Changed, rel)
		}
	}
	for rel := range l.Files {
		if _, ok := found[rel]; !ok {
			d.Removed = append(d.Removed, rel)
		}
	}
	if len(d.Added)+len(d.Removed)+len(d.Changed) == 0 {
		return nil
	}
	sort.Strings(d.Added)
	sort.Strings(d.Removed)
	sort.Strings(d.Changed)
	return d
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
