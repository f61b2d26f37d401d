// Package spapigen is the `gen spapi` generator: it turns Selling Partner API
// models (Swagger 2.0 JSON) into one Go client package each.
//
// The pipeline, one pass per concern:
//
//	load      read the file, report JSON syntax errors with line:column and
//	          unresolvable $refs with their JSON pointer            (load.go)
//	fix-up    the SP-API quirks, each a named pass with its own test (fixups.go)
//	convert   kin-openapi openapi2conv.ToV3, then a JSON round trip that
//	          normalises what the converter leaves for oapi-codegen  (convert.go)
//	metadata  per-operation ID, method, path, Usage Plan rate/burst,
//	          restricted flag, paging                  (metadata.go, usageplan.go)
//	emit      oapi-codegen pkg/codegen with spgen's templates/, unused imports
//	          dropped, gofmt, plus doc.go                            (codegen.go)
//
// Run (run.go) drives a whole directory: it checks the inputs against the
// lock (lock.go), skips models whose input and generator fingerprint are
// unchanged, generates the rest in parallel worker processes (oapi-codegen
// keeps global state, so it cannot run twice at once in one process) and
// replaces each output package directory atomically.
//
// The package reads the model files and writes only below the output
// directory (and the lock file when asked to accept drift).
package spapigen
