//go:build amd64

package jit

import (
	"bytes"
	"fmt"
	"math/rand"
	"testing"

	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/ir"
)

var edgeImms = []int32{0, 1, -1, 2, 7, 31, 32, 63, 64, -0x80000000, 0x7fffffff, 0x12345678, -8}

// genProgram makes a random terminating program for checked mode: scalars
// in r0-r8, the context pointer (an __sk_buff) kept in r9, initialised stack at
// fp-64..fp-1, every ALU and jump op with edge-case operands, loads and
// stores of all sizes, atomics, a map update and get_smp_processor_id.
func genProgram(rng *rand.Rand, body int) []ir.Instruction {
	var p []ir.Instruction
	emit := func(ins ...ir.Instruction) { p = append(p, ins...) }
	reg := func() ir.Register { return ir.Register(rng.Intn(9)) } // r0..r8
	imm := func() int32 {
		if rng.Intn(2) == 0 {
			return edgeImms[rng.Intn(len(edgeImms))]
		}
		return int32(rng.Uint32())
	}
	emit(ir.Instruction{Opcode: 0xbf, Dst: ir.R9, Src: ir.R1}) // r9 = r1
	for r := ir.R0; r <= ir.R8; r++ {
		if rng.Intn(3) == 0 {
			pair := ir.LoadImm64(r, 0, rng.Uint64())
			emit(pair[:]...)
		} else {
			emit(ir.Instruction{Opcode: 0xb7, Dst: r, Imm: imm()})
		}
	}
	for k := int16(1); k <= 8; k++ {
		emit(ir.Instruction{Opcode: 0x7b, Dst: ir.R10, Src: reg(), Off: -8 * k})
	}
	type pendingJump struct{ at, target int }
	var jumps []pendingJump
	for n := 0; n < body; n++ {
		sizes := []ir.Size{ir.SizeB, ir.SizeH, ir.SizeW, ir.SizeDW}
		switch rng.Intn(13) {
		case 0, 1, 2, 3: // ALU
			class := ir.ClassALU64
			if rng.Intn(2) == 0 {
				class = ir.ClassALU
			}
			ops := []ir.ALUOp{ir.ALUAdd, ir.ALUSub, ir.ALUMul, ir.ALUDiv, ir.ALUOr, ir.ALUAnd, ir.ALULsh, ir.ALURsh, ir.ALUNeg, ir.ALUMod, ir.ALUXor, ir.ALUMov, ir.ALUArsh, ir.ALUEnd}
			op := ops[rng.Intn(len(ops))]
			ins := ir.Instruction{Dst: reg()}
			switch op {
			case ir.ALUNeg:
				ins.Opcode = ir.ALUOpcode(class, op, ir.SourceK)
			case ir.ALUEnd:
				src := ir.SourceK
				if rng.Intn(2) == 0 {
					src = ir.SourceX
				}
				ins.Opcode = ir.ALUOpcode(class, op, src)
				if class == ir.ClassALU64 {
					ins.Opcode = ir.ALUOpcode(class, op, ir.SourceK)
				}
				ins.Imm = []int32{16, 32, 64}[rng.Intn(3)]
			default:
				if rng.Intn(2) == 0 {
					ins.Opcode, ins.Src = ir.ALUOpcode(class, op, ir.SourceX), reg()
					if op == ir.ALUMov && rng.Intn(3) == 0 {
						ins.Off = []int16{8, 16, 32}[rng.Intn(3)]
						if class == ir.ClassALU && ins.Off == 32 {
							ins.Off = 16
						}
					}
				} else {
					ins.Opcode, ins.Imm = ir.ALUOpcode(class, op, ir.SourceK), imm()
				}
				if (op == ir.ALUDiv || op == ir.ALUMod) && rng.Intn(2) == 0 {
					ins.Off = 1
				}
			}
			emit(ins)
		case 4, 5: // conditional jump forward
			class := ir.ClassJMP
			if rng.Intn(2) == 0 {
				class = ir.ClassJMP32
			}
			ops := []ir.JumpOp{ir.JumpJEQ, ir.JumpJGT, ir.JumpJGE, ir.JumpJSET, ir.JumpJNE, ir.JumpJSGT, ir.JumpJSGE, ir.JumpJLT, ir.JumpJLE, ir.JumpJSLT, ir.JumpJSLE}
			ins := ir.Instruction{Dst: reg()}
			if rng.Intn(2) == 0 {
				ins.Opcode, ins.Src = ir.JumpOpcode(class, ops[rng.Intn(len(ops))], ir.SourceX), reg()
			} else {
				ins.Opcode, ins.Imm = ir.JumpOpcode(class, ops[rng.Intn(len(ops))], ir.SourceK), imm()
			}
			jumps = append(jumps, pendingJump{len(p), rng.Intn(4)})
			emit(ins)
		case 6: // stack load or store
			sz := sizes[rng.Intn(4)]
			off := -int16(sz.Bytes()) * int16(1+rng.Intn(64/sz.Bytes()))
			if rng.Intn(2) == 0 {
				emit(ir.Instruction{Opcode: ir.MemOpcode(ir.ClassLDX, ir.ModeMEM, sz), Dst: reg(), Src: ir.R10, Off: off})
			} else {
				emit(ir.Instruction{Opcode: ir.MemOpcode(ir.ClassSTX, ir.ModeMEM, sz), Dst: ir.R10, Src: reg(), Off: off})
			}
		case 7: // memory context load, store or immediate store
			sz := sizes[rng.Intn(4)]
			off := int16(sz.Bytes() * rng.Intn(64/sz.Bytes()))
			switch rng.Intn(5) {
			case 0:
				emit(ir.Instruction{Opcode: ir.MemOpcode(ir.ClassLDX, ir.ModeMEM, sz), Dst: reg(), Src: ir.R9, Off: off})
			case 1:
				emit(ir.Instruction{Opcode: ir.MemOpcode(ir.ClassSTX, ir.ModeMEM, sz), Dst: ir.R9, Src: reg(), Off: off})
			case 2: // load-acquire
				emit(ir.Instruction{Opcode: ir.MemOpcode(ir.ClassSTX, ir.ModeATOMIC, sz), Dst: reg(), Src: ir.R9, Off: off, Imm: ir.AtomicLoadAcq})
			case 3: // store-release
				emit(ir.Instruction{Opcode: ir.MemOpcode(ir.ClassSTX, ir.ModeATOMIC, sz), Dst: ir.R9, Src: reg(), Off: off, Imm: ir.AtomicStoreRel})
			default:
				emit(ir.Instruction{Opcode: ir.MemOpcode(ir.ClassST, ir.ModeMEM, sz), Dst: ir.R9, Off: off, Imm: imm()})
			}
		case 8: // sign-extending load
			sz := sizes[rng.Intn(3)]
			emit(ir.Instruction{Opcode: ir.MemOpcode(ir.ClassLDX, ir.ModeMEMSX, sz), Dst: reg(), Src: ir.R9, Off: int16(sz.Bytes() * rng.Intn(8))})
		case 9: // atomic on the stack
			sz := []ir.Size{ir.SizeW, ir.SizeDW}[rng.Intn(2)]
			ops := []int32{ir.AtomicAdd, ir.AtomicOr, ir.AtomicAnd, ir.AtomicXor, ir.AtomicAdd | ir.AtomicFetch, ir.AtomicOr | ir.AtomicFetch,
				ir.AtomicAnd | ir.AtomicFetch, ir.AtomicXor | ir.AtomicFetch, ir.AtomicXchg, ir.AtomicCmpXchg}
			emit(ir.Instruction{Opcode: ir.MemOpcode(ir.ClassSTX, ir.ModeATOMIC, sz), Dst: ir.R10, Src: reg(), Off: -int16(sz.Bytes()) * int16(1+rng.Intn(64/sz.Bytes())), Imm: ops[rng.Intn(len(ops))]})
		case 10: // map update with key and value from the stack; r1-r5 reset after
			pair := ir.LoadImm64(ir.R1, ir.PseudoMapFD, 0)
			emit(pair[:]...)
			emit(ir.Instruction{Opcode: 0xbf, Dst: ir.R2, Src: ir.R10}, ir.Instruction{Opcode: 0x07, Dst: ir.R2, Imm: -8 * int32(1+rng.Intn(7))})
			emit(ir.Instruction{Opcode: 0xbf, Dst: ir.R3, Src: ir.R10}, ir.Instruction{Opcode: 0x07, Dst: ir.R3, Imm: -8 * int32(1+rng.Intn(7))})
			emit(ir.Instruction{Opcode: 0xb7, Dst: ir.R4, Imm: int32(rng.Intn(4))})
			emit(ir.Instruction{Opcode: ir.OpCall, Imm: 2})
			for r := ir.R1; r <= ir.R5; r++ {
				emit(ir.Instruction{Opcode: 0xb7, Dst: r, Imm: imm()})
			}
		case 11: // packet load, in or out of bounds; r6 must hold the context
			sz := []ir.Size{ir.SizeB, ir.SizeH, ir.SizeW, ir.SizeDW}[rng.Intn(4)]
			if rng.Intn(2) == 0 {
				emit(ir.Instruction{Opcode: ir.MemOpcode(ir.ClassLD, ir.ModeABS, sz), Imm: int32(rng.Intn(72)) - 2})
			} else {
				emit(ir.Instruction{Opcode: ir.MemOpcode(ir.ClassLD, ir.ModeIND, sz), Src: reg(), Imm: int32(rng.Intn(40))})
			}
		default:
			emit(ir.Instruction{Opcode: ir.OpCall, Imm: 8}) // get_smp_processor_id
		}
	}
	end := len(p)
	for i := 0; i < 4; i++ {
		emit(ir.Instruction{Opcode: 0x07, Dst: reg(), Imm: imm()})
	}
	emit(ir.Instruction{Opcode: ir.OpExit})
	for _, j := range jumps {
		p[j.at].Off = int16(end + j.target - j.at - 1)
	}
	return p
}

type runResult struct {
	r0      uint64
	err     string
	mem     []byte
	helpers []string
	maps    string
}

func runOn(t *testing.T, insns []ir.Instruction, engine exec.Engine) runResult {
	spec := ir.MapSpec{Name: "m", Type: ir.MapTypeHash, KeySize: 8, ValueSize: 8, MaxEntries: 4}
	p := &ir.Program{Name: "gen", Insns: insns, Maps: []ir.MapSpec{spec}}
	maps, err := exec.NewMaps(p)
	if err != nil {
		t.Fatal(err)
	}
	var res runResult
	env := exec.Env{CPU: 3, OnHelper: func(c exec.HelperCall) {
		res.helpers = append(res.helpers, fmt.Sprintf("%d->%#x", c.ID, c.Ret))
	}}
	prog, err := exec.LoadChecked(p, maps, exec.Options{Env: env, Engine: engine, Budget: 100000})
	if err != nil {
		t.Fatal(err)
	}
	defer prog.Close()
	pkt := make([]byte, 64)
	for i := range pkt {
		pkt[i] = byte(i * 37)
	}
	skb := &exec.SkBuff{Packet: pkt, Mark: 5, CB: [5]uint32{1, 2, 3, 4, 5}}
	res.r0, err = prog.Run(skb)
	if err != nil {
		res.err = err.Error()
	}
	res.mem = append(pkt, fmt.Sprint(skb.Mark, skb.TCIndex, skb.CB)...)
	for _, k := range maps[0].Keys() {
		v, _ := maps[0].Lookup(k)
		res.maps += fmt.Sprintf("%x=%x ", k, v)
	}
	return res
}

// TestJITMatchesInterpreter runs thousands of generated programs on both
// engines and compares r0, errors, memory, map contents and helper calls.
func TestJITMatchesInterpreter(t *testing.T) {
	rng := rand.New(rand.NewSource(42))
	n := 3000
	if testing.Short() {
		n = 300
	}
	completed, helperCalls := 0, 0
	for i := 0; i < n; i++ {
		insns := genProgram(rng, 10+rng.Intn(60))
		a := runOn(t, insns, nil)
		if a.err == "" {
			completed++
		}
		helperCalls += len(a.helpers)
		b := runOn(t, insns, Engine())
		if a.r0 != b.r0 || a.err != b.err || !bytes.Equal(a.mem, b.mem) || fmt.Sprint(a.helpers) != fmt.Sprint(b.helpers) || !sameMaps(a.maps, b.maps) {
			t.Fatalf("program %d differs:\ninterp r0=%#x err=%q helpers=%v maps=%s\njit    r0=%#x err=%q helpers=%v maps=%s\nmem equal %v\n%s",
				i, a.r0, a.err, a.helpers, a.maps, b.r0, b.err, b.helpers, b.maps, bytes.Equal(a.mem, b.mem), ir.Disassemble(insns))
		}
	}
	t.Logf("%d programs, %d ran to exit, %d helper calls", n, completed, helperCalls)
	if completed < n*9/10 {
		t.Errorf("only %d of %d generated programs ran to their exit: the generator is off", completed, n)
	}
}

func sameMaps(a, b string) bool {
	fa, fb := bytes.Fields([]byte(a)), bytes.Fields([]byte(b))
	if len(fa) != len(fb) {
		return false
	}
	seen := map[string]bool{}
	for _, f := range fa {
		seen[string(f)] = true
	}
	for _, f := range fb {
		if !seen[string(f)] {
			return false
		}
	}
	return true
}
