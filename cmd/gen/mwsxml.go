package main

import (
	"fmt"
	"io"

	"github.com/spgen/spgen/internal/mwsxmlgen"
)

func init() {
	register("mwsxml", "MWS feed XSDs → encoding/xml types with Validate", runMWSXML)
}

// runMWSXML generates package mwsxml from the MWS feed schemas. Bad input
// (a missing include, an unknown type, malformed XML) is reported with
// file:line and nothing is written.
func runMWSXML(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("mwsxml", stderr)
	xsdDir := fs.String("xsd", "../shared/xsd/mws", "directory holding "+mwsxmlgen.RootSchema+" and the schemas it includes")
	out := fs.String("out", "mwsxml", "output directory (only its *_gen.go files are replaced)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gen mwsxml: unexpected arguments %q\n", fs.Args())
		return errUsage
	}
	files, st, err := mwsxmlgen.Generate(*xsdDir)
	if err != nil {
		return err
	}
	if err := mwsxmlgen.Write(*out, files); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "gen mwsxml: %d schemas → %d Go types in %d files under %s (%d kept as raw XML)\n",
		st.Schemas, st.Types, st.Files, *out, st.RawTypes)
	return nil
}
