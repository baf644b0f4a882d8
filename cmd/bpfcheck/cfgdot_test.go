package main

import (
	"bytes"
	"io"
	"os/exec"
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/cfg"
	"github.com/bpfcheck/bpfcheck/ir"
)

// bigProgram is n instructions of blocks of ten, each ending in a forward
// conditional jump, and one long straight block, so that both many blocks
// and a huge label are drawn.
func bigProgram(n int) []ir.Instruction {
	insns := make([]ir.Instruction, 0, n)
	insns = append(insns, ir.Instruction{Opcode: 0xb7, Dst: 0}) // r0 = 0
	for len(insns) < n/2 {
		if len(insns)%10 == 9 {
			insns = append(insns, ir.Instruction{Opcode: 0x15, Dst: 0, Off: 1}) // if r0 == 0x0 goto pc+1
		} else {
			insns = append(insns, ir.Instruction{Opcode: 0x07, Dst: 0, Imm: 1}) // r0 += 1
		}
	}
	for len(insns) < n-1 {
		insns = append(insns, ir.Instruction{Opcode: 0x07, Dst: 0, Imm: 1}) // r0 += 1
	}
	return append(insns, ir.Instruction{Opcode: 0x95}) // exit
}

func TestDOT(t *testing.T) {
	prog := writeFile(t, "p.s", lookupProg)
	code, out, _ := bpfcheck("", "cfg", "--profile", "linux-4.2", "--format", "dot", "--map", "hash:8:8:16", prog)
	if code != exitOK || !strings.HasPrefix(out, "digraph ") || !strings.Contains(out, `label="true"`) {
		t.Fatalf("cfg dot: %d %s", code, out)
	}
	// The rejection at insn 9 is marked and its block filled red.
	if !strings.Contains(out, `9: (7a) *(u64 *)(r0 +0) = 1   <- rejected\l`) || strings.Count(out, "fillcolor") != 1 {
		t.Errorf("the rejected instruction's block is not highlighted:\n%s", out)
	}
	// A modern profile reports the failing path: its blocks and edges are red.
	_, out618, _ := bpfcheck("", "cfg", "--format", "dot", "--profile", "linux-6.18", "--map", "hash:8:8:16", prog)
	if !strings.Contains(out618, `b1 -> b3 [label="true", color=red, penwidth=2];`) || !strings.Contains(out618, `b1 -> b2 [label="false"];`) ||
		!strings.Contains(out618, `b0 -> b1 [color=red, penwidth=2];`) {
		t.Errorf("the failing path (taken branch of insn 6) is not highlighted:\n%s", out618)
	}
	if dot, err := exec.LookPath("dot"); err == nil {
		cmd := exec.Command(dot, "-Tsvg")
		cmd.Stdin = strings.NewReader(out)
		svg, err := cmd.Output()
		if err != nil || !bytes.Contains(svg, []byte("<svg")) {
			t.Errorf("Graphviz does not read the DOT: %v", err)
		}
		code, svgOut, _ := bpfcheck("", "cfg", "--profile", "linux-4.2", "--format", "svg", "--map", "hash:8:8:16", prog)
		if code != exitOK || !strings.Contains(svgOut, "<svg") {
			t.Errorf("cfg --format svg: %d", code)
		}
	}
}

func TestDOTEscapes(t *testing.T) {
	g, err := cfg.Build(bigProgram(100))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := writeDOT(&b, g, `a "quoted" \ name`, highlight{insn: -1}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), `digraph "a \"quoted\" \\ name" {`) {
		t.Errorf("graph name not escaped: %.60s", b.String())
	}
}

// BenchmarkDOT100k draws a 100,000-instruction CFG (the goal: well
// under a second).
func BenchmarkDOT100k(b *testing.B) {
	g, err := cfg.Build(bigProgram(100000))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := writeDOT(io.Discard, g, "big", highlight{insn: 99998}); err != nil {
			b.Fatal(err)
		}
	}
}
