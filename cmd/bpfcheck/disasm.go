package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/bpfcheck/bpfcheck/internal/limits"
	"github.com/bpfcheck/bpfcheck/ir"
)

func init() {
	register(&command{name: "disasm", summary: "print programs in the verifier log's syntax", run: runDisasm})
	register(&command{name: "asm", summary: "assemble text into raw bytecode", run: runAsm})
}

func runDisasm(args []string, s streams) int {
	fs := newFlagSet("disasm", s)
	var in inputFlags
	in.register(fs)
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(files) == 0 {
		return failf(s, "disasm: no input files")
	}
	w := bufio.NewWriter(s.out)
	for _, f := range files {
		progs, err := in.load(f)
		if err != nil {
			w.Flush()
			return failf(s, "%v", err)
		}
		for _, p := range progs {
			if p.Section != "" || len(progs) > 1 {
				fmt.Fprintf(w, "; %s: program %s, section %s, %d insns\n", f, p.Name, p.Section, len(p.Insns))
			}
			for i, m := range p.Maps {
				fmt.Fprintf(w, "; map[%d] %s %s key %d value %d entries %d\n", i, m.Name, m.Type, m.KeySize, m.ValueSize, m.MaxEntries)
			}
			// One line at a time: a large raw file must not become one string.
			for i := 0; i < len(p.Insns); {
				line, n := ir.Format(p.Insns, i)
				fmt.Fprintf(w, "%d: %s\n", i, line)
				i += n
			}
		}
	}
	if err := w.Flush(); err != nil {
		return failf(s, "%v", err)
	}
	return exitOK
}

func runAsm(args []string, s streams) int {
	fs := newFlagSet("asm", s)
	out := fs.String("o", "", "output `FILE` (default: the input with extension .bin)")
	var maxSize int64
	registerMaxSize(fs, &maxSize)
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(files) != 1 {
		return failf(s, "asm: want exactly one input file")
	}
	src, err := limits.ReadFile(files[0], maxSize)
	if err != nil {
		return failf(s, "%v", err)
	}
	insns, err := ir.Assemble(string(src))
	if err != nil {
		return failf(s, "%s: %v", files[0], err)
	}
	dst := *out
	if dst == "" {
		dst = strings.TrimSuffix(strings.TrimSuffix(files[0], ".s"), ".asm") + ".bin"
	}
	if err := os.WriteFile(dst, ir.Encode(insns), 0o644); err != nil {
		return failf(s, "%v", err)
	}
	return exitOK
}
