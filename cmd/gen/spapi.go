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
	in := fs.String("in", repoDefault("../shared/models/spapi"), "model file, or directory walked recursively for *.json (required outside spgen's repository)")
	out := fs.String("out", repoDefault("generated"), "output directory: one package directory per model (required outside spgen's repository)")
	lock := fs.String("lock", "", "lock file to check the inputs against (the project's own regeneration)")
	accept := fs.Bool("accept-drift", false, "with -lock: generate from inputs that differ from the lock and rewrite it")
	prune := fs.Bool("prune", false, "remove packages generated earlier from models no longer among the inputs")
	jobs := fs.Int("j", 0, "models generated at once (0: number of CPUs)")
	force := fs.Bool("force", false, "regenerate unchanged models too")
	verbose := fs.Bool("v", false, "also list the fix-ups applied to each model")
	quiet := fs.Bool("q", false, "print only the summary line")
	rateLimits := fs.String("ratelimits", repoDefault("../shared/models/ratelimits/rate-limits.yml"), "Amazon's SDK rate table (rate-limits.yml), for operations whose model has no Usage Plan table")
	noOverlays := fs.Bool("no-overlays", false, "generate without the patches of models/overlays")
	keepGoing := fs.Bool("keep-going", false, "generate every model that can be generated and report every one that cannot (exit status stays non-zero); by default one bad model stops the run and nothing is written")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: gen spapi -in <model file or directory> -out <directory> [-lock file [-accept-drift]] [flags]")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gen spapi: unexpected arguments %q\n", fs.Args())
		return errUsage
	}
	if err := requireFlags("spapi", stderr, flagValue{"in", *in, "a model file or a directory of models"},
		flagValue{"out", *out, "the directory that receives one package per model"}); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	opts := spapigen.Options{In: *in, Out: *out, Lock: *lock, AcceptDrift: *accept, Prune: *prune,
		Jobs: *jobs, Force: *force, Verbose: *verbose, Log: stdout, NoOverlays: *noOverlays, KeepGoing: *keepGoing, RateLimits: *rateLimits}
	if *quiet {
		opts.Log = nil
	}
	res, err := spapigen.Run(ctx, opts)
	if res != nil {
		fmt.Fprintf(stdout, "spapi: %d models (%d generated, %d unchanged, %d failed), %d operations (rate limits: %d from the models' Usage Plans, %d from rate-limits.yml), %d warnings, into %s\n",
			res.Generated+res.Skipped+res.Failed, res.Generated, res.Skipped, res.Failed, res.Operations, res.Planned, res.FromTable, res.Warnings, *out)
	}
	return err
}
