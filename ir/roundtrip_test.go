package ir

import (
	"math/rand"
	"testing"
)

// fieldSamples are register/offset/immediate values that exercise every
// printer branch: zero, small, negative, extreme and reserved values.
var (
	regSamples = []Register{0, 1, 10, 11, 15}
	offSamples = []int16{0, 1, 4, 8, 16, 32, -8, 32767, -32768}
	immSamples = []int32{0, 1, 16, 32, 64, -1, 0x7fffffff, -0x80000000, AtomicFetch, AtomicXchg, AtomicCmpXchg, AtomicOr | AtomicFetch}
)

// TestPrintAssembleRoundTripAllOpcodes checks, for every opcode byte and a
// spread of field values, that the extended form assembles back to the same
// slots.
func TestPrintAssembleRoundTripAllOpcodes(t *testing.T) {
	checked := 0
	for op := 0; op < 256; op++ {
		for _, dst := range regSamples {
			for _, src := range regSamples {
				for _, off := range offSamples {
					for _, imm := range immSamples {
						ins := Instruction{Opcode: Opcode(op), Dst: dst, Src: src, Off: off, Imm: imm}
						insns := []Instruction{ins, {Imm: 0x1234}}
						text, n := Format(insns, 0)
						got, err := Assemble(text)
						if err != nil {
							t.Fatalf("%#v printed as %q does not assemble: %v", ins, text, err)
						}
						if len(got) != n || got[0] != ins || (n == 2 && got[1] != insns[1]) {
							t.Fatalf("%#v printed as %q assembles to %#v", ins, text, got)
						}
						checked++
					}
				}
			}
		}
	}
	t.Logf("%d instructions round-tripped", checked)
}

// TestDisassembleProgramRoundTrip round-trips whole random programs,
// including LD_IMM64 pairs, through Disassemble and Assemble.
func TestDisassembleProgramRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for iter := 0; iter < 2000; iter++ {
		insns := make([]Instruction, 1+rng.Intn(20))
		for i := range insns {
			insns[i] = Instruction{Opcode: Opcode(rng.Intn(256)), Dst: Register(rng.Intn(16)), Src: Register(rng.Intn(16)),
				Off: int16(rng.Intn(65536)), Imm: int32(rng.Uint32())}
			if rng.Intn(4) == 0 {
				insns[i] = Instruction{Opcode: OpLoadImm64, Dst: Register(rng.Intn(11)), Src: Register(rng.Intn(3)), Imm: int32(rng.Uint32())}
				if i+1 < len(insns) {
					insns[i+1] = Instruction{Imm: int32(rng.Uint32())}
					i++
				}
			}
		}
		text := Disassemble(insns)
		got, err := Assemble(text)
		if err != nil {
			t.Fatalf("program %d does not reassemble: %v\n%s", iter, err, text)
		}
		if len(got) != len(insns) {
			t.Fatalf("program %d: %d slots became %d\n%s", iter, len(insns), len(got), text)
		}
		for i := range got {
			if got[i] != insns[i] {
				t.Fatalf("program %d slot %d: %#v became %#v\n%s", iter, i, insns[i], got[i], text)
			}
		}
	}
}

// TestKernelFormReassembles checks that the kernel's own log lines assemble
// wherever they keep every field (the assembler reads verifier logs).
func TestKernelFormReassembles(t *testing.T) {
	for op := 0; op < 256; op++ {
		ins := Instruction{Opcode: Opcode(op), Dst: R1, Src: R2, Off: 4}
		if Opcode(op).Class().IsALU() && Opcode(op).Source() == SourceK {
			ins.Src = 0
			ins.Imm = 16
		}
		text, n := Format([]Instruction{ins, {}}, 0)
		if n != 1 || text != ins.String() {
			continue // the extended form differs from the kernel's here
		}
		got, err := Assemble(ins.String())
		if err != nil || len(got) != 1 || got[0] != ins {
			t.Errorf("kernel line %q: got %#v, %v", ins.String(), got, err)
		}
	}
}

func TestAssembleSyntax(t *testing.T) {
	src := `
# comments and labels
start:
	r0 = *(u32 *)(r1 + 4)   ; llvm-objdump spacing
	if r0 > 5 goto out      // a label
	w1 += w2
	r2 = 0x100000000 ll
	goto +1
	r0 = 0
out:	exit
	call helper_done
helper_done: exit
`
	got, err := Assemble(src)
	if err != nil {
		t.Fatal(err)
	}
	want := []Instruction{
		{Opcode: 0x61, Dst: R0, Src: R1, Off: 4}, // r0 = *(u32 *)(r1 +4)
		{Opcode: 0x25, Dst: R0, Imm: 5, Off: 5},  // if r0 > 0x5 goto pc+5
		{Opcode: 0x0c, Dst: R1, Src: R2},         // (u32) r1 += (u32) r2
		{Opcode: 0x18, Dst: R2}, {Imm: 1},        // r2 = 0x100000000
		{Opcode: 0x05, Off: 1},                 // goto pc+1
		{Opcode: 0xb7},                         // r0 = 0
		{Opcode: 0x95},                         // exit
		{Opcode: 0x85, Src: CallLocal, Imm: 0}, // call pc+0
		{Opcode: 0x95},                         // exit
	}
	if len(got) != len(want) {
		t.Fatalf("got %d slots, want %d: %v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("slot %d: got %#v, want %#v", i, got[i], want[i])
		}
	}
}

func TestAssembleErrors(t *testing.T) {
	tests := []struct{ name, src string }{
		{"unknown mnemonic", "r0 frob r1"},
		{"undefined label", "goto nowhere"},
		{"opcode prefix that disagrees with the text", "(b7) r0 = r1"},
		{"immediate too wide", "*(u32 *)(r1 +0) = 0x100000000"},
		{"offset too wide", "r0 = *(u32 *)(r1 +40000)"},
		{"register out of range", "r16 = 1"},
		{"duplicate label", "a: exit\na: exit"},
		{"mixed widths", "w1 += r2"},
	}
	for _, tt := range tests {
		if _, err := Assemble(tt.src); err == nil {
			t.Errorf("%s: %q assembled without error", tt.name, tt.src)
		}
	}
}
