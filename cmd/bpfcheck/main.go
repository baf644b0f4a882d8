// Command bpfcheck proves eBPF programs safe, explains rejections, and runs
// accepted programs. See docs/cli.md for the interface.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
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
		usage(s.err)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	if c, ok := commands[args[0]]; ok {
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
		return c.run(args, s)
	}
	fmt.Fprintf(s.err, "bpfcheck: unknown command %q\n", args[0])
	return exitUsage
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
	fmt.Fprintln(w, "`bpfcheck FILE...` is short for `bpfcheck verify FILE...`.")
}
