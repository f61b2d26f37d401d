package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spgen/spgen/internal/emit"
	"github.com/spgen/spgen/internal/messaginggen"
	"github.com/spgen/spgen/spapi/messaging/actionschema"
)

func init() {
	register("messaging", "getMessagingActionsForOrder schemas → validated request structs (and \"messaging validate\")", runMessaging)
}

// multiFlag collects a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func runMessaging(args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "validate" {
		return runMessagingValidate(args[1:], stdout, stderr)
	}
	fs := newFlagSet("messaging", stderr)
	var inputs multiFlag
	fs.Var(&inputs, "in", "getMessagingActionsForOrder response or JSON Schema file (repeatable; more files may follow the flags)")
	pkg := fs.String("package", "messagingactions", "Go package name of the output")
	out := fs.String("out", "", "output directory (replaced atomically)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: gen messaging -in <file>... -package <name> -out <dir>")
		fmt.Fprintln(stderr, "       gen messaging validate -in <response.json> -action <name> <request.json>")
		fs.PrintDefaults()
	}
	// Input files may be listed after -in as well as with repeated -in
	// flags, before or between the other flags.
	for rest := args; ; {
		if err := parseFlags(fs, rest); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		inputs = append(inputs, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if err := requireFlags("messaging", stderr, flagValue{"in", strings.Join(inputs, ","), "one or more getMessagingActionsForOrder responses or JSON Schema files"},
		flagValue{"out", *out, "the output directory"}); err != nil {
		return err
	}
	files, err := messaginggen.Generate(messaginggen.Config{Inputs: inputs, Package: *pkg})
	if err != nil {
		return err
	}
	if err := emit.WriteDir(*out, files); err != nil {
		return fmt.Errorf("write %s: %w", *out, err)
	}
	fmt.Fprintf(stdout, "messaging: %d input files → %d files of package %s in %s\n", len(inputs), len(files), *pkg, *out)
	return nil
}

// runMessagingValidate checks a request file against an action's schema
// from a getMessagingActionsForOrder response (or schema file), normalised
// as the generator does. Exit status: 0 valid, 1 invalid (violations on
// stdout), 2 bad usage or unusable input.
func runMessagingValidate(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("messaging validate", stderr)
	in := fs.String("in", "", "getMessagingActionsForOrder response or JSON Schema file")
	action := fs.String("action", "", "action name, e.g. confirmOrderDetails")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: gen messaging validate -in <response.json> -action <name> <request.json>")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := requireFlags("messaging validate", stderr, flagValue{"in", *in, "the getMessagingActionsForOrder response or JSON Schema file"},
		flagValue{"action", *action, "the action's name, e.g. confirmOrderDetails"}); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "gen messaging validate: pass exactly one request file after the flags")
		return errUsage
	}
	err := messaginggen.ValidateFile(*in, *action, fs.Arg(0))
	var ve *actionschema.ValidationError
	switch {
	case err == nil:
		fmt.Fprintf(stdout, "%s: valid for %s\n", fs.Arg(0), *action)
		return nil
	case errors.As(err, &ve):
		fmt.Fprintf(stdout, "%s: invalid for %s: %d violation(s)\n", fs.Arg(0), *action, len(ve.Violations))
		for _, v := range ve.Violations {
			fmt.Fprintf(stdout, "  %s\n", v)
		}
		return &exitError{code: 1, err: errors.New("")}
	default:
		return &exitError{code: 2, err: err}
	}
}
