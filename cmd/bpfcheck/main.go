// Command bpfcheck proves eBPF programs safe, explains rejections, and runs
// accepted programs. See docs/cli.md for the interface.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/bpfcheck/bpfcheck/absint"
)

// Exit codes shared by every subcommand.
const (
	exitOK       = 0 // every program accepted / command succeeded
	exitRejected = 1 // a program was rejected, unsupported, or failed to run
	exitUsage    = 2 // bad flags or unreadable input
)

// streams are a subcommand's standard streams.
type streams struct {
	in       io.Reader
	out, err io.Writer
}

// command is one subcommand. run returns the exit status.
type command struct {
	name    string
	summary string
	usage   string // the synopsis --help prints; "" for `bpfcheck NAME [flags] FILE...`
	run     func(args []string, s streams) int
}

var commands = map[string]*command{}

// register adds a subcommand; each subcommand's file registers itself in init.
func register(c *command) { commands[c.name] = c }

func main() {
	os.Exit(run(os.Args[1:], streams{in: os.Stdin, out: os.Stdout, err: os.Stderr}))
}

// run dispatches to a subcommand. `bpfcheck FILE...` means `bpfcheck verify FILE...`.
func run(args []string, s streams) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) == 0 {
			usage(s.err)
			return exitUsage
		}
		usage(s.out)
		return exitOK
	}
	if args[0] == "--version" || args[0] == "-version" || args[0] == "version" {
		printVersion(s.out)
		return exitOK
	}
	if c, ok := commands[args[0]]; ok {
		if wantsHelp(args[1:]) {
			// Every subcommand's help goes to stdout and exits 0.
			c.run([]string{"-h"}, streams{in: s.in, out: s.out, err: s.out})
			return exitOK
		}
		return c.run(args[1:], s)
	}
	// The conformance driver starts plugins as `PLUGIN [MEM_HEX] [ARGS...]`,
	// so `bpfcheck plugin` may receive its memory before the word plugin.
	if len(args) >= 2 && args[1] == "plugin" {
		if _, err := parseHex(args[0]); err == nil {
			return commands["plugin"].run(append(args[2:], args[0]), s)
		}
	}
	if c, ok := commands["verify"]; ok {
		if wantsHelp(args) {
			c.run([]string{"-h"}, streams{in: s.in, out: s.out, err: s.out})
			return exitOK
		}
		return c.run(args, s)
	}
	fmt.Fprintf(s.err, "bpfcheck: unknown command %q\n", args[0])
	return exitUsage
}

// wantsHelp reports whether -h, -help or --help comes before any "--".
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}

// flagStatus is the exit status of a flag parsing error: 0 for a request
// for help, 2 otherwise.
func flagStatus(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	return exitUsage
}

// printVersion prints the module version and VCS revision the binary was
// built from, the Go version, and the profiles it knows.
func printVersion(w io.Writer) {
	fmt.Fprintf(w, "bpfcheck %s (%s %s/%s); profiles: %s\n", versionString(), runtime.Version(), runtime.GOOS, runtime.GOARCH, strings.Join(absint.ProfileNames(), ", "))
}

// versionString is the module version and VCS revision of the build.
func versionString() string {
	version, rev := "(devel)", ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
				if len(rev) > 12 {
					rev = rev[:12]
				}
			case "vcs.modified":
				if s.Value == "true" && rev != "" {
					rev += "+dirty"
				}
			}
		}
	}
	if rev != "" {
		version += " " + rev
	}
	return version
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: bpfcheck <command> [flags] FILE...")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "`bpfcheck FILE...` is short for `bpfcheck verify FILE...`; `bpfcheck COMMAND --help` describes a command;")
	fmt.Fprintln(w, "`bpfcheck --version` prints the version. Documentation: docs/cli.md.")
}
