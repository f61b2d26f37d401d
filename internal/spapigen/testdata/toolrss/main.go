// Command toolrss is the build benchmark's -toolexec wrapper: it runs the
// tool it is given and, for a compile of a package of the module named
// bench, appends the compiler's peak resident memory (KiB) to the file
// $TOOLRSS_OUT.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
)

func main() {
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	if i := slices.Index(os.Args, "-p"); i > 0 && i+1 < len(os.Args) && strings.HasPrefix(os.Args[i+1], "bench/") && cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			if f, ferr := os.OpenFile(os.Getenv("TOOLRSS_OUT"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); ferr == nil {
				fmt.Fprintf(f, "%s %d\n", os.Args[i+1], ru.Maxrss)
				f.Close()
			}
		}
	}
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			os.Exit(ee.ExitCode())
		}
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
