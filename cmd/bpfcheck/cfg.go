package main

import (
	"bytes"
	"fmt"
	"os/exec"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/cfg"
)

func init() {
	register(&command{name: "cfg", summary: "draw a program's control-flow graph (text, dot or svg), the rejected block in red", run: runCFG,
		usage: "bpfcheck cfg [--format text|dot|svg] [--profile P] [input flags] FILE..."})
}

func runCFG(args []string, s streams) int {
	var vf verifyFlags
	fs := vf.registerVerify("cfg", s)
	format := fs.String("format", "text", "output format: text, dot, or svg (Graphviz's dot -Tsvg where installed, else DOT)")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return flagStatus(err)
	}
	if len(files) == 0 {
		return failf(s, "cfg: no input files")
	}
	switch *format {
	case "text", "dot", "svg":
	default:
		return failf(s, "cfg: unknown --format %q (want text, dot or svg)", *format)
	}
	if _, err := absint.LookupProfile(vf.profile); err != nil {
		return failf(s, "%v", err)
	}
	dotPath := ""
	if *format == "svg" {
		if dotPath, err = exec.LookPath("dot"); err != nil {
			fmt.Fprintln(s.err, "bpfcheck: note: Graphviz's dot is not installed; printing DOT (render it with dot -Tsvg)")
		}
	}
	status := exitOK
	for _, f := range files {
		progs, err := vf.load(f)
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
			if *format == "text" {
				fmt.Fprintf(s.out, "; %s: %d blocks\n", p.Name, g.NumBlocks())
				for b := 0; b < g.NumBlocks(); b++ {
					first, end := g.Range(b)
					fmt.Fprintf(s.out, "block %d: insns %d-%d -> %v\n", b, first, end-1, g.Succs(b))
				}
				continue
			}
			hl := highlight{insn: -1}
			if res, err := absint.Verify(p, absint.Options{Profile: vf.profile, Timeout: vf.timeout, MaxStateMemory: vf.stateMem}); err == nil && res.Verdict == absint.Reject && res.Diag != nil {
				var path []int
				if res.Failure != nil {
					for _, st := range res.Failure.Path {
						path = append(path, st.Insn)
					}
				}
				hl = pathHighlight(g, res.Diag.Insn, path)
			}
			if dotPath == "" {
				if err := writeDOT(s.out, g, p.Name, hl); err != nil {
					return failf(s, "%v", err)
				}
				continue
			}
			var dot bytes.Buffer
			writeDOT(&dot, g, p.Name, hl)
			cmd := exec.Command(dotPath, "-Tsvg")
			cmd.Stdin, cmd.Stdout, cmd.Stderr = &dot, s.out, s.err
			if err := cmd.Run(); err != nil {
				return failf(s, "cfg: dot -Tsvg: %v", err)
			}
		}
	}
	return status
}
