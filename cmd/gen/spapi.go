package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/spgen/spgen/internal/spapigen"
)

func init() {
	register("spapi", "Selling Partner API models (Swagger 2.0) → typed Go clients", runSpapi)
}

func runSpapi(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("spapi", stderr)
	in := fs.String("in", "../shared/models/spapi", "model file, or directory walked recursively for *.json")
	out := fs.String("out", "generated", "output directory: one package directory per model")
	lock := fs.String("lock", "", "lock file to check the inputs against (the project's own regeneration)")
	accept := fs.Bool("accept-drift", false, "with -lock: generate from inputs that differ from the lock and rewrite it")
	prune := fs.Bool("prune", false, "remove packages generated earlier from models no longer among the inputs")
	jobs := fs.Int("j", 0, "models generated at once (0: number of CPUs)")
	force := fs.Bool("force", false, "regenerate unchanged models too")
	verbose := fs.Bool("v", false, "also list the fix-ups applied to each model")
	quiet := fs.Bool("q", false, "print only the summary line")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: gen spapi [-in models] [-out dir] [-lock file [-accept-drift]] [flags]")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gen spapi: unexpected arguments %q\n", fs.Args())
		return errUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	opts := spapigen.Options{In: *in, Out: *out, Lock: *lock, AcceptDrift: *accept, Prune: *prune,
		Jobs: *jobs, Force: *force, Verbose: *verbose, Log: stdout}
	if *quiet {
		opts.Log = nil
	}
	res, err := spapigen.Run(ctx, opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "spapi: %d models (%d generated, %d unchanged), %d operations, %d with a usage plan, %d warnings\n",
		len(res.Reports), res.Generated, res.Skipped, res.Operations, res.Planned, res.Warnings)
	return nil
}
