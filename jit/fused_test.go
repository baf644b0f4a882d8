//go:build amd64

package jit

import (
	"fmt"
	"testing"

	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/ir"
)

// runChecked runs insns checked on an engine: r0 and the fault's text.
func runChecked(t *testing.T, insns []ir.Instruction, e exec.Engine, budget uint64) string {
	t.Helper()
	prog, err := exec.LoadChecked(&ir.Program{Name: "t", Insns: insns}, nil, exec.Options{Engine: e, Budget: budget})
	if err != nil {
		t.Fatal(err)
	}
	defer prog.Close()
	r0, err := prog.Run(exec.Memory(nil))
	return fmt.Sprintf("r0 %#x, %v", r0, err)
}

func op(c ir.Class, o uint8, s ir.Source) ir.Opcode { return ir.Opcode(uint8(c) | o | uint8(s)) }

// loadImm64 sets r to v (two slots).
func loadImm64(r ir.Register, v uint64) []ir.Instruction {
	return []ir.Instruction{{Opcode: 0x18, Dst: r, Imm: int32(uint32(v))}, {Imm: int32(uint32(v >> 32))}}
}

// TestFusedMoveAddAgrees: rd = rs; rd += rt (or += imm), which the JIT
// compiles as one lea, in both widths for every register pair (r7 and r10
// are the x86 bases that need a displacement) and edge immediates, gives
// every register the interpreter's value; and so does the same pair when
// a jump leads to the add, which is not fused.
func TestFusedMoveAddAgrees(t *testing.T) {
	imms := []int32{0, 1, -1, 0x7fffffff, -0x80000000, 12345}
	n := 0
	for _, w := range []ir.Class{ir.ClassALU64, ir.ClassALU} {
		for rd := ir.Register(0); rd <= 9; rd++ {
			for rs := ir.Register(0); rs <= 10; rs++ {
				if rs == rd || (rs == 10 && w == ir.ClassALU) {
					continue
				}
				var adds []ir.Instruction
				for _, imm := range imms {
					adds = append(adds, ir.Instruction{Opcode: op(w, uint8(ir.ALUAdd), ir.SourceK), Dst: rd, Imm: imm})
				}
				for rt := ir.Register(0); rt <= 10; rt++ {
					if rt == 10 && (w == ir.ClassALU || rs == 10) {
						continue
					}
					adds = append(adds, ir.Instruction{Opcode: op(w, uint8(ir.ALUAdd), ir.SourceX), Dst: rd, Src: rt})
				}
				for _, add := range adds {
					for _, target := range []bool{false, true} {
						var p []ir.Instruction
						for r := ir.Register(0); r <= 9; r++ {
							p = append(p, loadImm64(r, 0x9e3779b97f4a7c15*uint64(r+1)+uint64(r)<<60)...)
						}
						if target { // if r0 != 0 goto +1 lands on the add
							p = append(p, ir.Instruction{Opcode: op(w, uint8(ir.ALUMov), ir.SourceX), Dst: rd, Src: rs},
								ir.Instruction{Opcode: op(ir.ClassJMP, uint8(ir.JumpJEQ), ir.SourceK), Dst: 0, Imm: 0, Off: 1})
						}
						p = append(p, ir.Instruction{Opcode: op(w, uint8(ir.ALUMov), ir.SourceX), Dst: rd, Src: rs}, add)
						// The frame's address differs per run: take away each
						// time rd holds it (rd = r10; rd += rd holds it twice).
						x := add.Opcode.Source() == ir.SourceX
						for _, r10 := range []bool{rs == 10, x && add.Src == 10, x && add.Src == rd && rs == 10} {
							if r10 {
								p = append(p, ir.Instruction{Opcode: op(ir.ClassALU64, uint8(ir.ALUSub), ir.SourceX), Dst: rd, Src: 10})
							}
						}
						// r0 = a mix of every register
						for r := ir.Register(1); r <= 9; r++ {
							p = append(p, ir.Instruction{Opcode: op(ir.ClassALU64, uint8(ir.ALUMul), ir.SourceK), Dst: 0, Imm: 31},
								ir.Instruction{Opcode: op(ir.ClassALU64, uint8(ir.ALUXor), ir.SourceX), Dst: 0, Src: r})
						}
						p = append(p, ir.Instruction{Opcode: op(ir.ClassJMP, uint8(ir.JumpExit), 0)})
						want, got := runChecked(t, p, nil, 0), runChecked(t, p, Engine(), 0)
						if want != got {
							t.Fatalf("%v / %v (jump target %v): interpreter %s, JIT %s", p[20], add, target, want, got)
						}
						n++
					}
				}
			}
		}
	}
	t.Logf("%d programs", n)
}

// TestFusedJumpsAgree: if cond goto +1; goto T with T backward, which the
// JIT compiles as one inverted conditional jump, for every condition in
// both widths and both operand forms on edge values (charged to the budget
// at the goto: budgets that run out at either back edge), and the pairs it
// leaves alone (T forward, a jump to the goto), give the interpreter's r0
// and faults.
func TestFusedJumpsAgree(t *testing.T) {
	vals := []uint64{0, 1, 5, 0x7fffffff, 0x80000000, 0xffffffff, 1 << 63, ^uint64(0), 0xffffffff00000005}
	conds := []ir.JumpOp{ir.JumpJEQ, ir.JumpJNE, ir.JumpJGT, ir.JumpJGE, ir.JumpJLT, ir.JumpJLE, ir.JumpJSGT, ir.JumpJSGE, ir.JumpJSLT, ir.JumpJSLE, ir.JumpJSET}
	n := 0
	for _, w := range []ir.Class{ir.ClassJMP, ir.ClassJMP32} {
		for _, cond := range conds {
			for _, src := range []ir.Source{ir.SourceK, ir.SourceX} {
				for _, a := range vals {
					for _, b := range vals {
						if src == ir.SourceK && b != uint64(int64(int32(b))) && b != uint64(uint32(b)) {
							continue
						}
						for _, shape := range []string{"back", "forward", "target"} {
							p := append(loadImm64(1, a), loadImm64(2, b)...)
							p = append(p,
								ir.Instruction{Opcode: op(ir.ClassALU64, uint8(ir.ALUMov), ir.SourceK), Dst: 0, Imm: 0}, // 4
								ir.Instruction{Opcode: op(ir.ClassALU64, uint8(ir.ALUMov), ir.SourceK), Dst: 3, Imm: 3}, // 5
								ir.Instruction{Opcode: op(ir.ClassALU64, uint8(ir.ALUAdd), ir.SourceK), Dst: 0, Imm: 1}, // 6: loop
								ir.Instruction{Opcode: op(ir.ClassALU64, uint8(ir.ALUSub), ir.SourceK), Dst: 3, Imm: 1}, // 7
								ir.Instruction{Opcode: op(ir.ClassJMP, uint8(ir.JumpJEQ), ir.SourceK), Dst: 3, Off: 5},  // 8: to 14
							)
							c := ir.Instruction{Opcode: op(w, uint8(cond), src), Dst: 1, Src: 2, Imm: int32(b), Off: 1} // 9: to 11
							if src == ir.SourceX {
								c.Imm = 0
							}
							back := ir.Instruction{Opcode: op(ir.ClassJMP, uint8(ir.JumpJA), 0), Off: -5} // 10: to 6
							if shape == "forward" {
								back.Off = 3 // to 14
							}
							p = append(p, c, back,
								ir.Instruction{Opcode: op(ir.ClassALU64, uint8(ir.ALUAdd), ir.SourceK), Dst: 0, Imm: 100}, // 11
								ir.Instruction{Opcode: op(ir.ClassJMP, uint8(ir.JumpJA), 0), Off: -7},                     // 12: to 6
							)
							if shape == "target" {
								p[12].Off = -3 // to 10: the goto is a jump target
							}
							p = append(p, ir.Instruction{Opcode: op(ir.ClassALU64, uint8(ir.ALUAdd), ir.SourceK), Dst: 0, Imm: 1000}, // 13
								ir.Instruction{Opcode: op(ir.ClassJMP, uint8(ir.JumpExit), 0)}) // 14
							for _, budget := range []uint64{0, 1, 2, 3} {
								want, got := runChecked(t, p, nil, budget), runChecked(t, p, Engine(), budget)
								if want != got {
									t.Fatalf("%v, %s, a %#x, budget %d: interpreter %s, JIT %s", c, shape, a, budget, want, got)
								}
								n++
							}
						}
					}
				}
			}
		}
	}
	t.Logf("%d programs", n)
}
