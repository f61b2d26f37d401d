package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
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
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: gen sandbox [-addr 127.0.0.1:PORT] [-in models] [-auth] [-messaging-actions file] [-v]")
		fs.PrintDefaults()
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
