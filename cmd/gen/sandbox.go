package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/spgen/spgen/spapitest"
)

func init() {
	register("sandbox", "an offline SP-API sandbox server on loopback (Amazon's x-amzn-api-sandbox cases)", runSandbox)
}

func runSandbox(args []string, stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return serveSandbox(ctx, args, stdout, stderr)
}

// serveSandbox serves until ctx ends. It prints one line with the base URL
// once the listener is up, then (with -v) one log line per request.
func serveSandbox(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("sandbox", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (port 0: any free port)")
	in := fs.String("in", repoDefault("../shared/models/spapi"), "model file, or directory walked recursively for *.json (required outside spgen's repository)")
	auth := fs.Bool("auth", false, "require an access token issued by the sandbox's token endpoint")
	actions := fs.String("messaging-actions", "", "getMessagingActionsForOrder response (with the actions' schemas) to serve; default: "+spapitest.MessagingFixture+" found next to -in")
	verbose := fs.Bool("v", false, "log every request to stderr")
	configFile := fs.String("config", "", "JSON file with seed, timeScale, plans and per-target faults (see gen sandbox -help); flags given override it")
	plans := fs.Bool("plans", false, "throttle every operation by its usage plan per seller (429 QuotaExceeded with x-amzn-RateLimit-Limit)")
	timeScale := fs.Float64("time-scale", 1, "run the sandbox's clock this many times faster than the wall: usage plans refill and latency passes faster")
	seed := fs.Uint64("seed", 1, "seed of the injected faults: the same seed gives the same faults per target, in request order")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: gen sandbox [-addr 127.0.0.1:PORT] [-in models] [-auth] [-messaging-actions file] [-config file.json] [-plans] [-time-scale N] [-seed N] [-v]")
		fs.PrintDefaults()
		fmt.Fprintln(stderr, `
-config file (every field optional; fault targets are operation IDs, "*" for every other
operation, "lwa" for the token endpoint, "documents" for the document store):
  {"seed": 42, "timeScale": 60, "plans": true,
   "faults": {"getOrder": {"throttle": 0.1, "internalError": 0.05, "unavailable": 0.05,
                           "resetBeforeRead": 0.01, "resetAfterRead": 0.01,
                           "expiredToken": 0.05, "latency": "200ms"},
              "lwa": {"invalidGrant": 0.01}, "documents": {"truncatedDocument": 0.1, "mislabelledDocument": 0.1}},
   "flows": {"progress": 1, "gzipDocuments": true, "sellerId": "A2SELLER",
             "orders": [{"order": {getOrder's payload}, "items": [{an OrderItem}]}],
             "reportDocuments": {"GET_MERCHANT_LISTINGS_ALL_DATA": "file relative to the config"}}}
GET `+spapitest.InspectPath+` reports the requests seen (headers redacted), those above their plans,
repeated POSTs and the notifications the flows sent (SQS bodies), as JSON. A document URL (S3,
CloudFront) is fetched from the sandbox's address with its host in the `+spapitest.ForwardedHostHeader+`
header and its scheme in `+spapitest.ForwardedProtoHeader+`.`)
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gen sandbox: unexpected arguments %q\n", fs.Args())
		return errUsage
	}
	if err := requireFlags("sandbox", stderr, flagValue{"in", *in, "a model file or a directory of models"}); err != nil {
		return err
	}
	opts := []spapitest.Option{spapitest.Models(*in)}
	if *auth {
		opts = append(opts, spapitest.RequireAuth())
	}
	if *actions != "" {
		opts = append(opts, spapitest.MessagingActionsFile(*actions))
	}
	if *verbose {
		opts = append(opts, spapitest.WithLogger(slog.New(slog.NewTextHandler(stderr, nil))))
	}
	sim, err := simulationOptions(fs, *configFile, *plans, *timeScale, *seed)
	if err != nil {
		return err
	}
	opts = append(opts, sim...)
	sb, err := spapitest.New(opts...)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	ops, cases := 0, 0
	for _, m := range sb.Models() {
		ops += len(m.Operations)
		cases += len(m.Cases())
	}
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "sandbox: %d models, %d operations, %d cases on %s (token URL %s%s)\n",
		len(sb.Models()), ops, cases, base, base, spapitest.TokenPath)
	fmt.Fprintf(stdout, "sandbox: %sjournal at %s%s\n", describeSimulation(fs, *configFile), base, spapitest.InspectPath)
	for _, sk := range sb.Skipped() {
		fmt.Fprintf(stderr, "gen sandbox: skipped %s: %s\n", sk.File, sk.Reason)
	}
	srv := &http.Server{Handler: sb, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// simulationOptions turns -config, -plans, -time-scale and -seed into
// sandbox options; a flag given on the command line overrides the file.
func simulationOptions(fs *flag.FlagSet, configFile string, plans bool, timeScale float64, seed uint64) ([]spapitest.Option, error) {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var faults map[string]spapitest.Faults
	var flows []spapitest.Option
	if configFile != "" {
		c, err := readSandboxConfig(configFile)
		if err != nil {
			return nil, err
		}
		if c.Plans != nil && !set["plans"] {
			plans = *c.Plans
		}
		if c.TimeScale != nil && !set["time-scale"] {
			timeScale = *c.TimeScale
		}
		if c.Seed != nil && !set["seed"] {
			seed = *c.Seed
		}
		if faults, err = c.spapitestFaults(configFile); err != nil {
			return nil, err
		}
		if flows, err = c.flowOptions(configFile); err != nil {
			return nil, err
		}
	}
	if !(timeScale > 0) || math.IsInf(timeScale, 0) {
		return nil, fmt.Errorf("-time-scale %v: must be a positive number", timeScale)
	}
	var opts []spapitest.Option
	if plans {
		opts = append(opts, spapitest.EnforcePlans())
	}
	if timeScale != 1 {
		clock, err := spapitest.NewScaledClock(timeScale)
		if err != nil {
			return nil, err
		}
		opts = append(opts, spapitest.WithClock(clock))
	}
	if len(faults) > 0 {
		opts = append(opts, spapitest.WithFaults(seed, faults))
	}
	return append(opts, flows...), nil
}

// describeSimulation names the simulation settings given ("" for none,
// else ending in "; ").
func describeSimulation(fs *flag.FlagSet, configFile string) string {
	var parts []string
	if configFile != "" {
		parts = append(parts, "config "+configFile)
	}
	for _, name := range []string{"plans", "time-scale", "seed"} {
		if f := fs.Lookup(name); f != nil && f.Value.String() != f.DefValue {
			parts = append(parts, "-"+name+" "+f.Value.String())
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, ", ") + "; "
}
