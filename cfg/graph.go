package cfg

import (
	"fmt"
	"sort"

	"github.com/bpfcheck/bpfcheck/ir"
)

// Graph is a control-flow graph of basic blocks, stored in flat slices.
// Block ids are dense, ordered by first instruction; block 0 holds insn 0.
// Successors are ordered: fall-through first, then the jump target (a block
// may be its own successor). Local calls do not add successor edges: the call
// falls through to the next instruction and Calls records the call, whose
// target starts a function of its own (Entries).
type Graph struct {
	insns   []ir.Instruction
	blockOf []int32 // insn -> block; both halves of a LD_IMM64 map to its block
	start   []int32 // block -> first insn
	end     []int32 // block -> one past the last insn
	succOff []int32 // block b's successors are succ[succOff[b]:succOff[b+1]]
	succ    []int32
	predOff []int32
	pred    []int32
	// Entries are the function entry blocks: block 0 and every local call target.
	Entries []int
	// Calls lists local calls: the calling insn and the callee's entry insn.
	Calls []Call
}

// Call is a bpf-to-bpf call.
type Call struct {
	Insn, Target int
}

// BuildError reports a program that has no well-formed CFG.
type BuildError struct {
	Insn int
	Msg  string
}

func (e *BuildError) Error() string { return fmt.Sprintf("insn %d: %s", e.Insn, e.Msg) }

// successors holds up to two successor insns, fall-through first.
type successors struct {
	at [2]int
	n  int
}

func (s successors) list() []int { return s.at[:s.n] }

func succ1(a int) successors    { return successors{[2]int{a, 0}, 1} }
func succ2(a, b int) successors { return successors{[2]int{a, b}, 2} }

// edges returns insn i's successor insns (fall-through first) and a local
// call target (-1 if none), under RFC 9669 semantics.
func edges(insns []ir.Instruction, i int) (next successors, call int) {
	ins := insns[i]
	op := ins.Opcode
	width := 1
	if op.IsLoadImm64() {
		width = 2
	}
	if !op.Class().IsJump() {
		return succ1(i + width), -1
	}
	switch op.JumpOp() {
	case ir.JumpExit:
		return successors{}, -1
	case ir.JumpCall:
		if op.Source() == ir.SourceK && ins.Src == ir.CallLocal {
			return succ1(i + 1), i + int(ins.Imm) + 1
		}
		return succ1(i + 1), -1
	case ir.JumpJA:
		if op.Class() == ir.ClassJMP32 {
			return succ1(i + int(ins.Imm) + 1), -1
		}
		return succ1(i + int(ins.Off) + 1), -1
	}
	return succ2(i+1, i+int(ins.Off)+1), -1
}

// Build constructs the CFG of a program. It fails on a jump or call out of
// the program or into the second half of a LD_IMM64, and on a path that
// falls off the end.
func Build(insns []ir.Instruction) (*Graph, error) {
	n := len(insns)
	if n == 0 {
		return nil, &BuildError{Msg: "empty program"}
	}
	second := make([]bool, n+1) // second halves of LD_IMM64
	for i := 0; i < n; i++ {
		if insns[i].Opcode.IsLoadImm64() {
			if i+1 >= n {
				return nil, &BuildError{Insn: i, Msg: "ld_imm64 is missing its second half"}
			}
			second[i+1] = true
			i++
		}
	}
	leader := make([]bool, n+1)
	leader[0] = true
	g := &Graph{insns: insns}
	entry := map[int]bool{0: true}
	check := func(from, to int, what string) error {
		switch {
		case to < 0 || to > n || (to == n && what != "fall-through"):
			return &BuildError{Insn: from, Msg: fmt.Sprintf("%s to insn %d is outside the program", what, to)}
		case to == n:
			return &BuildError{Insn: from, Msg: "falls off the end of the program"}
		case second[to]:
			return &BuildError{Insn: from, Msg: fmt.Sprintf("%s to insn %d lands in the middle of a ld_imm64", what, to)}
		}
		return nil
	}
	for i := 0; i < n; i++ {
		if second[i] {
			continue
		}
		next, call := edges(insns, i)
		isJump := insns[i].Opcode.Class().IsJump()
		for k, t := range next.list() {
			what := "jump"
			if k == 0 && (!isJump || next.n == 2 || insns[i].Opcode.JumpOp() == ir.JumpCall) {
				what = "fall-through"
			}
			if err := check(i, t, what); err != nil {
				return nil, err
			}
			if isJump {
				leader[t] = true
			}
		}
		if call >= 0 {
			if err := check(i, call, "call"); err != nil {
				return nil, err
			}
			leader[call] = true
			entry[call] = true
			g.Calls = append(g.Calls, Call{Insn: i, Target: call})
		}
		if isJump && i+1 < n {
			leader[i+1] = true
		}
	}
	nb := 0
	for i := 0; i < n; i++ {
		if leader[i] && !second[i] {
			nb++
		}
	}
	g.blockOf = make([]int32, n)
	g.start, g.end = make([]int32, 0, nb), make([]int32, 0, nb)
	for i := 0; i < n; i++ {
		if leader[i] && !second[i] {
			if len(g.start) > 0 {
				g.end = append(g.end, int32(i))
			}
			g.start = append(g.start, int32(i))
		}
		g.blockOf[i] = int32(len(g.start) - 1)
	}
	g.end = append(g.end, int32(n))
	g.succOff = make([]int32, nb+1)
	g.succ = make([]int32, 0, 2*nb)
	for b := 0; b < nb; b++ {
		last := int(g.end[b]) - 1
		if second[last] {
			last--
		}
		next, _ := edges(insns, last)
		for _, t := range next.list() {
			g.succ = append(g.succ, g.blockOf[t])
		}
		g.succOff[b+1] = int32(len(g.succ))
	}
	g.buildPreds()
	for e := range entry {
		g.Entries = append(g.Entries, int(g.blockOf[e]))
	}
	sort.Ints(g.Entries)
	return g, nil
}

// buildPreds fills the predecessor lists from the successor lists.
func (g *Graph) buildPreds() {
	nb := len(g.start)
	g.predOff = make([]int32, nb+1)
	for _, s := range g.succ {
		g.predOff[s+1]++
	}
	for b := 0; b < nb; b++ {
		g.predOff[b+1] += g.predOff[b]
	}
	g.pred = make([]int32, len(g.succ))
	fill := append([]int32(nil), g.predOff[:nb]...)
	for b := 0; b < nb; b++ {
		for _, s := range g.Succs(b) {
			g.pred[fill[s]] = int32(b)
			fill[s]++
		}
	}
}

// NumBlocks returns the number of basic blocks.
func (g *Graph) NumBlocks() int { return len(g.start) }

// BlockOf returns the block holding instruction i.
func (g *Graph) BlockOf(i int) int { return int(g.blockOf[i]) }

// Range returns block b's instructions as [first, end).
func (g *Graph) Range(b int) (first, end int) { return int(g.start[b]), int(g.end[b]) }

// Succs returns block b's successors, fall-through first. Callers must not
// modify the slice.
func (g *Graph) Succs(b int) []int32 { return g.succ[g.succOff[b]:g.succOff[b+1]] }

// Preds returns block b's predecessors. Callers must not modify the slice.
func (g *Graph) Preds(b int) []int32 { return g.pred[g.predOff[b]:g.predOff[b+1]] }

// Insns returns the program the graph was built from.
func (g *Graph) Insns() []ir.Instruction { return g.insns }
