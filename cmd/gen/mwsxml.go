package main

import (
	"fmt"
	"io"

	"github.com/spgen/spgen/internal/emit"
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
	xsdDir := fs.String("xsd", repoDefault("../shared/xsd/mws"), "directory holding "+mwsxmlgen.RootSchema+" and the schemas it includes (required outside spgen's repository)")
	out := fs.String("out", repoDefault("mwsxml"), "output directory (only its *_gen.go files are replaced; required outside spgen's repository)")
	layout := fs.String("layout", "single", `"single": one package; "split": a package per message type and per schema file they use, under -out`)
	pkgPath := fs.String("pkgpath", "", "import path of -out (required by -layout split, whose packages import each other)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gen mwsxml: unexpected arguments %q\n", fs.Args())
		return errUsage
	}
	if err := requireFlags("mwsxml", stderr, flagValue{"xsd", *xsdDir, "the directory holding " + mwsxmlgen.RootSchema},
		flagValue{"out", *out, "the output directory"}); err != nil {
		return err
	}
	var (
		files emit.Files
		st    mwsxmlgen.Stats
		err   error
	)
	switch *layout {
	case "single":
		if files, st, err = mwsxmlgen.Generate(*xsdDir); err != nil {
			return err
		}
		err = mwsxmlgen.Write(*out, files)
	case "split":
		if *pkgPath == "" {
			fmt.Fprintln(stderr, "gen mwsxml: -layout split needs -pkgpath (the import path of -out)")
			return errUsage
		}
		if files, st, err = mwsxmlgen.GenerateSplit(*xsdDir, *pkgPath); err != nil {
			return err
		}
		err = mwsxmlgen.WriteSplit(*out, files)
	default:
		fmt.Fprintf(stderr, "gen mwsxml: unknown -layout %q (single or split)\n", *layout)
		return errUsage
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "gen mwsxml: %d schemas → %d Go types in %d files under %s (%d kept as raw XML)\n",
		st.Schemas, st.Types, st.Files, *out, st.RawTypes)
	return nil
}
