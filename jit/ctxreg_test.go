//go:build amd64

package jit

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"unsafe"

	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/ir"
)

// TestContextRegisterKept: checked code keeps minus the context's address
// in r9 (ctxReg), and code that uses r9 as scratch reloads it. Each case
// leaves the value a program chose in r9 if the reload were missing, minus
// the address of memory the run does not own, then reads that memory: the
// interpreter faults, and so must the JIT (a stale r9 would let the
// context test pass). A context read after the same operation still
// succeeds.
func TestContextRegisterKept(t *testing.T) {
	victim := make([]byte, 64)
	for i := range victim {
		victim[i] = 0xa5
	}
	bad := uint64(uintptr(unsafe.Pointer(&victim[0])))
	minus := -bad
	fetchOr := ir.Instruction{Opcode: ir.Opcode(uint8(ir.ClassSTX) | uint8(ir.ModeATOMIC) | uint8(ir.SizeDW)), Dst: 10, Src: 2, Off: -8, Imm: ir.AtomicOr | ir.AtomicFetch}
	cases := []struct {
		name string
		pre  []ir.Instruction // leaves -bad in r9 as scratch
	}{
		{"shift by a register (saves r4 in r9)", append(loadImm64(4, minus),
			ir.Instruction{Opcode: op(ir.ClassALU64, uint8(ir.ALUMov), ir.SourceK), Dst: 3, Imm: 1},
			ir.Instruction{Opcode: op(ir.ClassALU64, uint8(ir.ALULsh), ir.SourceX), Dst: 3, Src: 5})},
		{"32-bit shift by a register", append(loadImm64(4, minus),
			ir.Instruction{Opcode: op(ir.ClassALU, uint8(ir.ALURsh), ir.SourceX), Dst: 3, Src: 5})},
		{"division by a register (the divisor in r9)", append(loadImm64(5, minus),
			ir.Instruction{Opcode: op(ir.ClassALU64, uint8(ir.ALUDiv), ir.SourceX), Dst: 3, Src: 5})},
		{"signed modulo by a register", append(loadImm64(5, minus),
			ir.Instruction{Opcode: op(ir.ClassALU64, uint8(ir.ALUMod), ir.SourceX), Dst: 3, Src: 5, Off: 1})},
		{"division by zero (the cold path)", []ir.Instruction{
			{Opcode: op(ir.ClassALU64, uint8(ir.ALUMov), ir.SourceK), Dst: 5, Imm: 0},
			{Opcode: op(ir.ClassALU64, uint8(ir.ALUDiv), ir.SourceX), Dst: 3, Src: 5}}},
		{"atomic fetch-or (the new value in r9)", append(append([]ir.Instruction{
			{Opcode: ir.Opcode(uint8(ir.ClassST) | uint8(ir.ModeMEM) | uint8(ir.SizeDW)), Dst: 10, Off: -8, Imm: 0}},
			loadImm64(2, minus)...), fetchOr)},
		{"get_prandom_u32 inline", []ir.Instruction{{Opcode: op(ir.ClassJMP, uint8(ir.JumpCall), ir.SourceK), Imm: 7}}},
		{"a helper call (an exit to Go)", []ir.Instruction{{Opcode: op(ir.ClassJMP, uint8(ir.JumpCall), ir.SourceK), Imm: 5}}},
	}
	for _, tc := range cases {
		for _, target := range []string{"victim", "context"} {
			p := []ir.Instruction{{Opcode: op(ir.ClassALU64, uint8(ir.ALUMov), ir.SourceX), Dst: 6, Src: 1}}
			p = append(p, tc.pre...)
			if target == "victim" {
				p = append(p, loadImm64(7, bad)...)
			} else {
				p = append(p, ir.Instruction{Opcode: op(ir.ClassALU64, uint8(ir.ALUMov), ir.SourceX), Dst: 7, Src: 6})
			}
			p = append(p,
				ir.Instruction{Opcode: ir.Opcode(uint8(ir.ClassLDX) | uint8(ir.ModeMEM) | uint8(ir.SizeB)), Dst: 0, Src: 7, Off: 3},
				ir.Instruction{Opcode: op(ir.ClassJMP, uint8(ir.JumpExit), 0)})
			var got [2]string
			for k, e := range bothEngines() {
				prog, err := exec.LoadChecked(&ir.Program{Name: "t", Insns: p}, nil, exec.Options{Engine: e})
				if err != nil {
					t.Fatal(err)
				}
				mem := []byte{1, 2, 3, 4, 5, 6, 7, 8}
				r0, err := prog.Run(exec.Memory(mem))
				got[k] = fmt.Sprintf("r0 %#x, %v", r0, err)
				prog.Close()
			}
			runtime.KeepAlive(victim)
			if got[0] != got[1] {
				t.Errorf("%s, %s: interpreter %s, JIT %s", tc.name, target, got[0], got[1])
			}
			if fault := strings.Contains(got[0], "insn"); fault != (target == "victim") || (target == "context" && !strings.HasPrefix(got[0], "r0 0x4,")) {
				t.Errorf("%s, %s: %s", tc.name, target, got[0])
			}
		}
	}
}
