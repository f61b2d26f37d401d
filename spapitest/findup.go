package spapitest

import (
	"os"
	"path/filepath"
)

// findUp looks for rel (a file, or with wantDir a directory) in dir and
// up to four of its parents, where Amazon's files sit beside the models
// (rate-limits.yml, the messaging fixture, the report schemas); "" when
// there is none.
func findUp(dir, rel string, wantDir bool) string {
	d, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for range 5 {
		p := filepath.Join(d, filepath.FromSlash(rel))
		if st, err := os.Stat(p); err == nil && st.IsDir() == wantDir {
			return p
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	return ""
}
