// Package templates holds spgen's oapi-codegen user templates. They override
// oapi-codegen's templates of the same name; internal/spapigen passes them to
// oapi-codegen and folds their contents into the generator fingerprint, so
// editing a template regenerates every model.
package templates

import (
	"embed"
	"io/fs"
	"sort"
)

//go:embed *.tmpl
var files embed.FS

// All returns the templates by file name (e.g. "client.tmpl").
func All() map[string]string {
	out := map[string]string{}
	names, _ := fs.Glob(files, "*.tmpl")
	sort.Strings(names)
	for _, n := range names {
		b, err := files.ReadFile(n)
		if err != nil {
			continue
		}
		out[n] = string(b)
	}
	return out
}
