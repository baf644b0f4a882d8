package lint

import (
	"strings"

	"github.com/bpfcheck/bpfcheck/ir"
)

// asmLines maps each instruction slot of an assembly text input to its line
// (1-based) and text, so that diagnostics point into the .s file as they
// point into C sources. Each line is assembled on its own to count its
// slots (a jump to a label that the line alone cannot resolve counts as
// one). If the count disagrees with the program, the table is dropped and
// positions fall back to the slot index.
func asmLines(data []byte, slots int) []ir.LineInfo {
	var out []ir.LineInfo
	slot := 0
	for n, line := range strings.Split(string(data), "\n") {
		insns, err := ir.Assemble(line)
		count := len(insns)
		if err != nil {
			count = 1
		}
		if count == 0 {
			continue
		}
		out = append(out, ir.LineInfo{Insn: slot, Line: n + 1, Text: strings.TrimSpace(line)})
		slot += count
	}
	if slot != slots {
		return nil
	}
	return out
}

// lineAt returns the entry of lines covering slot insn.
func lineAt(lines []ir.LineInfo, insn int) (ir.LineInfo, bool) {
	lo, hi := 0, len(lines)
	for lo < hi {
		m := (lo + hi) / 2
		if lines[m].Insn <= insn {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == 0 {
		return ir.LineInfo{}, false
	}
	return lines[lo-1], true
}
