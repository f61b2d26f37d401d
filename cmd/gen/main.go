// Command gen is spgen's one command-line tool. Each subcommand turns one kind
// of Amazon input into Go code:
//
//	gen spapi      Selling Partner API models (Swagger 2.0) → typed clients
//	gen messaging  getMessagingActionsForOrder schemas → validated request structs
//	gen mwsxml     MWS feed XSDs → encoding/xml types with Validate
//	gen sandbox    an offline SP-API sandbox server on loopback
//
// Run "gen <subcommand> -h" for its flags. The subcommands are thin: they
// parse flags and call the generator packages under internal/.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/spgen/spgen/internal/spapigen"
)

// command is one subcommand: run receives the arguments after its name and
// writes diagnostics to stderr.
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) error
}

var commands = map[string]command{}

func register(name, summary string, run func(args []string, stdout, stderr io.Writer) error) {
	commands[name] = command{summary: summary, run: run}
}

func main() {
	// A process started as a parallel generation worker serves and exits.
	spapigen.ServeWorker()
	os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
}

// errUsage marks an error already reported by a flag set.
var errUsage = errors.New("usage")

// exitError lets a subcommand choose its exit code (e.g. 1 for "invalid").
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// Main runs gen with args and returns the process exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "gen: unknown subcommand %q\n", args[0])
		usage(stderr)
		return 2
	}
	if err := cmd.run(args[1:], stdout, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		if errors.Is(err, errUsage) {
			return 2
		}
		var ee *exitError
		if errors.As(err, &ee) {
			if ee.err != nil && ee.err.Error() != "" {
				fmt.Fprintf(stderr, "gen %s: %v\n", args[0], ee.err)
			}
			return ee.code
		}
		fmt.Fprintf(stderr, "gen %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: gen <subcommand> [flags]")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
}

// newFlagSet returns a flag set that reports errors instead of exiting.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("gen "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses args into fs, mapping flag errors to errUsage.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

// flagValue is a flag's name, its value and what it names, for requireFlags.
type flagValue struct{ name, value, what string }

// requireFlags fails with a message naming every required flag that is
// empty.
func requireFlags(cmd string, stderr io.Writer, flags ...flagValue) error {
	missing := 0
	for _, f := range flags {
		if f.value == "" {
			fmt.Fprintf(stderr, "gen %s: -%s is required: pass %s\n", cmd, f.name, f.what)
			missing++
		}
	}
	if missing > 0 {
		return errUsage
	}
	return nil
}
