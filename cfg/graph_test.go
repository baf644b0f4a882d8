package cfg

import (
	"math/rand"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/ir"
	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/encoding/dot"
	"gonum.org/v1/gonum/graph/flow"
	"gonum.org/v1/gonum/graph/topo"
)

// randomProgram makes an n-insn program of straight-line code, conditional
// and unconditional jumps forward and backward (self-loops included, so
// irreducible graphs arise), exits, and a final exit.
func randomProgram(rng *rand.Rand, n int) []ir.Instruction {
	insns := make([]ir.Instruction, n)
	for i := 0; i < n-1; i++ {
		target := rng.Intn(n) - i - 1 // any insn
		switch rng.Intn(6) {
		case 0:
			insns[i] = ir.Instruction{Opcode: 0x15, Off: int16(target)} // if r0 == 0x0 goto
		case 1:
			insns[i] = ir.Instruction{Opcode: ir.OpJA, Off: int16(target)} // goto
		case 2:
			insns[i] = ir.Instruction{Opcode: ir.OpExit}
		default:
			insns[i] = ir.Instruction{Opcode: 0xb7} // r0 = 0
		}
	}
	insns[n-1] = ir.Instruction{Opcode: ir.OpExit}
	return insns
}

func TestDominatorsAndSCCsMatchGonum(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for iter := 0; iter < 3000; iter++ {
		g, err := Build(randomProgram(rng, 2+rng.Intn(40)))
		if err != nil {
			t.Fatal(err)
		}
		dom := g.Dominators(0)
		want := flow.Dominators(g.Node(0), g)
		for b := 0; b < g.NumBlocks(); b++ {
			wd := want.DominatorOf(int64(b))
			got := dom.Idom(b)
			if (wd == nil) != (got < 0) || (wd != nil && wd.ID() != int64(got)) {
				t.Fatalf("graph %d block %d: idom %d, gonum says %v", iter, b, got, wd)
			}
		}
		// O(1) Dominates agrees with walking the idom chain.
		for a := 0; a < g.NumBlocks(); a++ {
			for b := 0; b < g.NumBlocks(); b++ {
				walk := false
				if dom.Reachable(b) && dom.Reachable(a) {
					for x := b; x >= 0; x = dom.Idom(x) {
						if x == a {
							walk = true
							break
						}
					}
				}
				if dom.Dominates(a, b) != walk {
					t.Fatalf("graph %d: Dominates(%d, %d) = %v, idom chain says %v", iter, a, b, !walk, walk)
				}
			}
		}
		if got, want := canon(g.SCCs()), canonNodes(topo.TarjanSCC(g)); got != want {
			t.Fatalf("graph %d: SCCs %s, gonum %s", iter, got, want)
		}
	}
}

func canon(comps [][]int) string {
	var parts []string
	for _, c := range comps {
		c = append([]int(nil), c...)
		sort.Ints(c)
		parts = append(parts, strings.Trim(strings.Join(strings.Fields(strings.Trim(fmtInts(c), "[]")), ","), ","))
	}
	sort.Strings(parts)
	return strings.Join(parts, " | ")
}

func fmtInts(a []int) string {
	s := make([]string, len(a))
	for i, x := range a {
		s[i] = strconv.Itoa(x)
	}
	return "[" + strings.Join(s, " ") + "]"
}

func canonNodes(comps [][]graph.Node) string {
	out := make([][]int, len(comps))
	for i, c := range comps {
		for _, n := range c {
			out[i] = append(out[i], int(n.ID()))
		}
	}
	return canon(out)
}

// TestWTOProperties checks the defining property of a weak topological
// order on random graphs: every edge goes forward, or goes back to the
// head of a component that contains its source.
func TestWTOProperties(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	for iter := 0; iter < 3000; iter++ {
		g, err := Build(randomProgram(rng, 2+rng.Intn(40)))
		if err != nil {
			t.Fatal(err)
		}
		w := g.WTO(0)
		pos := map[int]int{}
		for i, e := range w {
			if _, dup := pos[e.Block]; dup {
				t.Fatalf("graph %d: block %d twice in the WTO", iter, e.Block)
			}
			pos[e.Block] = i
		}
		dom := g.Dominators(0)
		for b := 0; b < g.NumBlocks(); b++ {
			if _, ok := pos[b]; ok != dom.Reachable(b) {
				t.Fatalf("graph %d: block %d in WTO %v, reachable %v", iter, b, ok, dom.Reachable(b))
			}
		}
		for u := range pos {
			for _, v := range g.Succs(u) {
				pu, pv := pos[u], pos[int(v)]
				if pv > pu {
					continue
				}
				h := w[pv]
				if !h.Head || pu >= h.End {
					t.Fatalf("graph %d: back edge %d->%d does not go to the head of a component holding %d", iter, u, v, u)
				}
			}
		}
	}
}

func TestBuildBlocksAndCalls(t *testing.T) {
	insns, err := ir.Assemble(`
		r0 = 0
		if r0 == 0x1 goto pc+4
		r1 = 0x100000000 ll
		call pc+3
		exit
		r0 = 1
		exit
		r0 = 2
		exit`)
	if err != nil {
		t.Fatal(err)
	}
	g, err := Build(insns)
	if err != nil {
		t.Fatal(err)
	}
	type block struct {
		first, end int
		succs      []int32
	}
	var blocks []block
	for b := 0; b < g.NumBlocks(); b++ {
		f, e := g.Range(b)
		blocks = append(blocks, block{f, e, append([]int32(nil), g.Succs(b)...)})
	}
	want := []block{{0, 2, []int32{1, 3}}, {2, 5, []int32{2}}, {5, 6, nil}, {6, 8, nil}, {8, 10, nil}}
	want[1].succs = []int32{2} // the call falls through to the exit
	if len(blocks) != len(want) {
		t.Fatalf("blocks %+v, want %+v", blocks, want)
	}
	for i := range want {
		if blocks[i].first != want[i].first || blocks[i].end != want[i].end || !equal32(blocks[i].succs, want[i].succs) {
			t.Errorf("block %d: %+v, want %+v", i, blocks[i], want[i])
		}
	}
	if g.BlockOf(3) != 1 {
		t.Errorf("the ld_imm64's second half belongs to block %d, want 1", g.BlockOf(3))
	}
	if len(g.Entries) != 2 || g.Entries[0] != 0 || g.Entries[1] != 4 || len(g.Calls) != 1 || g.Calls[0] != (Call{Insn: 4, Target: 8}) {
		t.Errorf("entries %v calls %v, want [0 4] and a call from 4 to 8", g.Entries, g.Calls)
	}
	if p := g.Preds(2); len(p) != 1 || p[0] != 1 {
		t.Errorf("preds of block 2: %v", p)
	}
}

func equal32(a, b []int32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestBuildErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"a jump into the second half of a ld_imm64", "if r0 == 0x1 goto pc+1\nr1 = 0x100000000 ll\nexit", "middle of a ld_imm64"},
		{"falling off the end", "r0 = 0", "falls off the end"},
		{"a jump before the start", "goto pc-2\nexit", "outside the program"},
		{"a call past the end", "call pc+5\nexit", "outside the program"},
	}
	for _, tt := range tests {
		insns, err := ir.Assemble(tt.src)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Build(insns); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want an error containing %q", tt.name, err, tt.want)
		}
	}
}

func TestDOT(t *testing.T) {
	insns, _ := ir.Assemble("r0 = 0\nif r0 == 0x1 goto pc+1\nr0 = 2\nexit")
	g, err := Build(insns)
	if err != nil {
		t.Fatal(err)
	}
	b, err := dot.Marshal(g, "prog", "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	out := string(b)
	for _, want := range []string{"b0_insn0 -> b1_insn2", "b0_insn0 -> b2_insn3", "b1_insn2 -> b2_insn3", `1: (15) if r0 == 0x1 goto pc+1`} {
		if !strings.Contains(out, want) {
			t.Errorf("DOT output lacks %q:\n%s", want, out)
		}
	}
}
