// Command conformance replays every static x-amzn-api-sandbox case of the
// SP-API models through the generated clients against the offline sandbox,
// writes the report (CONFORMANCE.md) and ends with the line
// "conformance: P passed, F failed". It exits 1 when a case fails.
//
//	go run ./internal/conformance/cmd/conformance -models ../shared/models/spapi -out CONFORMANCE.md
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/spgen/spgen/internal/conformance"
	"github.com/spgen/spgen/internal/emit"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("conformance", flag.ContinueOnError)
	fs.SetOutput(stderr)
	models := fs.String("models", "../shared/models/spapi", "directory of Amazon's SP-API models")
	out := fs.String("out", conformance.ReportFile, "report file to write (empty: none)")
	var only []string
	fs.Func("only", "replay only this model file (base name, e.g. ordersV0.json); repeatable", func(s string) error {
		only = append(only, s)
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := conformance.Run(ctx, conformance.Options{Models: *models, Only: only})
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return 1
	}
	if *out != "" {
		dir, name := filepath.Split(*out)
		if dir == "" {
			dir = "."
		}
		if err := emit.WriteFiles(dir, emit.Files{name: rep.Markdown()}); err != nil {
			fmt.Fprintf(stderr, "conformance: writing %s: %v\n", *out, err)
			return 1
		}
	}
	for _, r := range rep.Results {
		if r.Err != nil {
			fmt.Fprintf(stdout, "FAIL %s: %v\n", r.Case.ID(), r.Err)
		}
	}
	fmt.Fprintln(stdout, rep.Summary())
	if rep.Failed() > 0 {
		return 1
	}
	return 0
}
