package main

import (
	"fmt"

	"github.com/bpfcheck/bpfcheck/cfg"
	"gonum.org/v1/gonum/graph/encoding/dot"
)

func init() {
	register(&command{name: "cfg", summary: "draw a program's control-flow graph (dot or text)", run: runCFG})
}

func runCFG(args []string, s streams) int {
	fs := newFlagSet("cfg", s)
	var in inputFlags
	in.register(fs)
	format := fs.String("format", "text", "output format: dot or text")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(files) == 0 {
		return failf(s, "cfg: no input files")
	}
	if *format != "dot" && *format != "text" {
		return failf(s, "cfg: unknown --format %q (want dot or text)", *format)
	}
	status := exitOK
	for _, f := range files {
		progs, err := in.load(f)
		if err != nil {
			return failf(s, "%v", err)
		}
		for _, p := range progs {
			g, err := cfg.Build(p.Insns)
			if err != nil {
				fmt.Fprintf(s.err, "%s: %s: %v\n", f, p.Name, err)
				status = exitRejected
				continue
			}
			if *format == "dot" {
				b, err := dot.Marshal(g, p.Name, "", "  ")
				if err != nil {
					return failf(s, "%v", err)
				}
				fmt.Fprintf(s.out, "%s\n", b)
				continue
			}
			fmt.Fprintf(s.out, "; %s: %d blocks\n", p.Name, g.NumBlocks())
			for b := 0; b < g.NumBlocks(); b++ {
				first, end := g.Range(b)
				fmt.Fprintf(s.out, "block %d: insns %d-%d -> %v\n", b, first, end-1, g.Succs(b))
			}
		}
	}
	return status
}
