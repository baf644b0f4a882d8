package main

import (
	"bufio"
	"io"
	"strconv"
	"strings"

	"github.com/bpfcheck/bpfcheck/cfg"
)

// highlight marks what a rejection points at in a drawn CFG: the failing
// instruction (and its block), and the blocks and edges of the failing
// path when known.
type highlight struct {
	insn   int             // -1: none
	blocks map[int]bool    // on the failing path
	edges  map[[2]int]bool // taken by the failing path, block to block
}

// pathHighlight marks the failing instruction and, when the profile
// reports it (absint.Result.Failure), the path that reaches it.
func pathHighlight(g *cfg.Graph, insn int, path []int) highlight {
	hl := highlight{insn: insn, blocks: map[int]bool{}, edges: map[[2]int]bool{}}
	n := len(g.Insns())
	prev := -1
	for _, i := range path {
		if i < 0 || i >= n {
			continue
		}
		b := g.BlockOf(i)
		hl.blocks[b] = true
		if prev >= 0 && prev != b {
			hl.edges[[2]int{prev, b}] = true
		}
		prev = b
	}
	return hl
}

// writeDOT draws g in Graphviz's DOT language in time linear in the
// program: one box per basic block listing its instructions in the log's
// syntax, fall-through edges solid, jump edges labelled with the branch
// they take; the rejected instruction and its block are red.
func writeDOT(w io.Writer, g *cfg.Graph, name string, hl highlight) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	insns := g.Insns()
	bw.WriteString("digraph ")
	bw.WriteString(strconv.Quote(name))
	bw.WriteString(" {\n  node [shape=box, fontname=\"monospace\", fontsize=10];\n")
	bad := -1
	if hl.insn >= 0 && hl.insn < len(insns) {
		bad = g.BlockOf(hl.insn)
	}
	var line []byte
	for b := 0; b < g.NumBlocks(); b++ {
		first, end := g.Range(b)
		bw.WriteString("  b")
		bw.WriteString(strconv.Itoa(b))
		bw.WriteString(" [label=\"")
		for i := first; i < end; i++ {
			if i > first && insns[i-1].Opcode.IsLoadImm64() {
				continue // the second half of an ld_imm64
			}
			line = strconv.AppendInt(line[:0], int64(i), 10)
			line = append(line, ": "...)
			line = append(line, insns[i].String()...)
			if i == hl.insn {
				line = append(line, "   <- rejected"...)
			}
			writeEscaped(bw, line)
			bw.WriteString(`\l`)
		}
		bw.WriteByte('"')
		switch {
		case b == bad:
			bw.WriteString(`, style=filled, fillcolor="#ffb3b3", color=red, penwidth=2`)
		case hl.blocks[b]:
			bw.WriteString(`, style=filled, fillcolor="#ffe0e0", color=red`)
		}
		bw.WriteString("];\n")
	}
	for b := 0; b < g.NumBlocks(); b++ {
		succs := g.Succs(b)
		_, end := g.Range(b)
		last := insns[end-1]
		cond := len(succs) == 2
		for k, s := range succs {
			bw.WriteString("  b")
			bw.WriteString(strconv.Itoa(b))
			bw.WriteString(" -> b")
			bw.WriteString(strconv.Itoa(int(s)))
			var attrs []string
			if cond {
				if k == 0 {
					attrs = append(attrs, `label="false"`)
				} else {
					attrs = append(attrs, `label="true"`)
				}
			} else if last.Opcode.Class().IsJump() && last.Opcode.JumpOp() == 0 && end-1 >= 0 {
				attrs = append(attrs, `style=dashed`) // ja
			}
			if hl.edges[[2]int{b, int(s)}] {
				attrs = append(attrs, "color=red", "penwidth=2")
			}
			if len(attrs) > 0 {
				bw.WriteString(" [")
				bw.WriteString(strings.Join(attrs, ", "))
				bw.WriteByte(']')
			}
			bw.WriteString(";\n")
		}
	}
	bw.WriteString("}\n")
	return bw.Flush()
}

// writeEscaped writes s inside a DOT double-quoted string.
func writeEscaped(w *bufio.Writer, s []byte) {
	for _, c := range s {
		switch c {
		case '"', '\\':
			w.WriteByte('\\')
			w.WriteByte(c)
		case '\n':
			w.WriteString(`\l`)
		default:
			w.WriteByte(c)
		}
	}
}
