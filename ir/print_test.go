package ir

import "testing"

func TestKernelString(t *testing.T) {
	tests := []struct {
		name string
		ins  Instruction
		want string
	}{
		{"store immediate to the stack", Instruction{Opcode: 0x7a, Dst: R10, Off: -8}, "(7a) *(u64 *)(r10 -8) = 0"},
		{"store of a negative immediate prints it signed", Instruction{Opcode: 0x7a, Dst: R10, Off: -8, Imm: -87117812}, "(7a) *(u64 *)(r10 -8) = -87117812"},
		{"64-bit register move", Instruction{Opcode: 0xbf, Dst: R2, Src: R10}, "(bf) r2 = r10"},
		{"64-bit add of an immediate", Instruction{Opcode: 0x07, Dst: R2, Imm: -8}, "(07) r2 += -8"},
		{"32-bit move marks both operands", Instruction{Opcode: 0xbc, Dst: R2, Src: R1}, "(bc) (u32) r2 = (u32) r1"},
		{"32-bit move of an immediate", Instruction{Opcode: 0xb4, Dst: R1, Imm: 3}, "(b4) (u32) r1 = (u32) 3"},
		{"ld_imm64 prints only its first imm in hex", Instruction{Opcode: 0x18, Dst: R1, Imm: 1}, "(18) r1 = 0x1"},
		{"code 0 is an ld_imm of size W", Instruction{}, "(00) r0 = 0x0"},
		{"helper call", Instruction{Opcode: 0x85, Imm: 1}, "(85) call 1"},
		{"JEQ against an immediate", Instruction{Opcode: 0x15, Imm: 0, Off: 1}, "(15) if r0 == 0x0 goto pc+1"},
		{"JSET prints the immediate as unsigned hex", Instruction{Opcode: 0x45, Imm: -1}, "(45) if r0 & 0xffffffff goto pc+0"},
		{"register compare", Instruction{Opcode: 0x2d, Dst: R1, Src: R2}, "(2d) if r1 > r2 goto pc+0"},
		{"EXIT with the X bit prints as a conditional jump", Instruction{Opcode: 0x9d}, "(9d) if r0 exit r0 goto pc+0"},
		{"backward goto", Instruction{Opcode: 0x05, Off: -12}, "(05) goto pc-12"},
		{"exit", Instruction{Opcode: 0x95}, "(95) exit"},
		{"register load", Instruction{Opcode: 0x79, Dst: R0, Src: R2, Off: -8}, "(79) r0 = *(u64 *)(r2 -8)"},
		{"register store", Instruction{Opcode: 0x7b, Dst: R10, Src: R1, Off: -8}, "(7b) *(u64 *)(r10 -8) = r1"},
		{"XADD", Instruction{Opcode: 0xdb, Dst: R10, Src: R0, Off: -8}, "(db) lock *(u64 *)(r10 -8) += r0"},
		{"LD_ABS", Instruction{Opcode: 0x30}, "(30) r0 = *(u8 *)skb[0]"},
		{"LD_IND", Instruction{Opcode: 0x40, Src: R7}, "(40) r0 = *(u32 *)skb[r7 + 0]"},
		{"NEG prints like a K op", Instruction{Opcode: 0x87}, "(87) r0 neg 0"},
		{"END to little endian", Instruction{Opcode: 0xd4, Imm: 16}, "(d4) (u32) r0 endian (u32) 16"},
		{"END to big endian prints the source register", Instruction{Opcode: 0xdc, Imm: 16}, "(dc) (u32) r0 endian (u32) r0"},
		{"ALU op 0xf0 prints (null) as v4.3 does", Instruction{Opcode: 0xff}, "(ff) r0 (null) r0"},
		{"JMP op 0xa0 prints (null)", Instruction{Opcode: 0xa5, Dst: R1, Imm: 2, Off: 3}, "(a5) if r1 (null) 0x2 goto pc+3"},
		{"class 6 was BPF_RET", Instruction{Opcode: 0x06}, "(06) BUG"},
		{"LD with mode MEM", Instruction{Opcode: 0x60}, "BUG_ld_60"},
		{"ST with mode XADD", Instruction{Opcode: 0xda}, "BUG_st_da"},
		{"STX with mode ABS", Instruction{Opcode: 0x23}, "BUG_23"},
		{"LDX with mode IND", Instruction{Opcode: 0x41}, "BUG_ldx_41"},
		{"ARSH", Instruction{Opcode: 0xc7, Dst: R1, Imm: 3}, "(c7) r1 s>>= 3"},
	}
	for _, tt := range tests {
		if got := tt.ins.String(); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestExtendedFormat(t *testing.T) {
	tests := []struct {
		name  string
		insns []Instruction
		want  string
	}{
		{"map load", []Instruction{{Opcode: 0x18, Dst: R1, Src: PseudoMapFD, Imm: 2}, {}}, "(18) r1 = map[2]"},
		{"64-bit constant keeps its upper half", []Instruction{{Opcode: 0x18, Dst: R3, Imm: 0x55667788}, {Imm: 0x11223344}}, "(18) r3 = 0x1122334455667788"},
		{"JMP32", []Instruction{{Opcode: 0x2e, Dst: R1, Src: R2, Off: 3}}, "(2e) if w1 > w2 goto pc+3"},
		{"JLT", []Instruction{{Opcode: 0xa5, Dst: R1, Imm: 2, Off: 3}}, "(a5) if r1 < 0x2 goto pc+3"},
		{"gotol", []Instruction{{Opcode: 0x06, Imm: -70000}}, "(06) gotol pc-70000"},
		{"signed division", []Instruction{{Opcode: 0x3f, Dst: R1, Src: R2, Off: 1}}, "(3f) r1 s/= r2"},
		{"sign-extending move", []Instruction{{Opcode: 0xbf, Dst: R1, Src: R2, Off: 16}}, "(bf) r1 = (s16) r2"},
		{"sign-extending load", []Instruction{{Opcode: 0x91, Dst: R1, Src: R2, Off: 4}}, "(91) r1 = *(s8 *)(r2 +4)"},
		{"bswap", []Instruction{{Opcode: 0xd7, Dst: R3, Imm: 32}}, "(d7) r3 = bswap32 r3"},
		{"big endian", []Instruction{{Opcode: 0xdc, Dst: R3, Imm: 64}}, "(dc) r3 = be64 r3"},
		{"fetching atomic", []Instruction{{Opcode: 0xc3, Dst: R1, Src: R2, Imm: AtomicOr | AtomicFetch}}, "(c3) r2 = atomic_fetch_or((u32 *)(r1 +0), r2)"},
		{"atomic and", []Instruction{{Opcode: 0xdb, Dst: R1, Src: R2, Off: 8, Imm: AtomicAnd}}, "(db) lock *(u64 *)(r1 +8) &= r2"},
		{"xchg", []Instruction{{Opcode: 0xdb, Dst: R1, Src: R2, Imm: AtomicXchg}}, "(db) r2 = xchg((u64 *)(r1 +0), r2)"},
		{"cmpxchg", []Instruction{{Opcode: 0xdb, Dst: R1, Src: R2, Imm: AtomicCmpXchg}}, "(db) r0 = cmpxchg((u64 *)(r1 +0), r0, r2)"},
		{"load-acquire, the kernel's text", []Instruction{{Opcode: 0xdb, Dst: R0, Src: R2, Off: -8, Imm: AtomicLoadAcq}}, "(db) r0 = load_acquire((u64 *)(r2 -8))"},
		{"store-release of a half word", []Instruction{{Opcode: 0xcb, Dst: R0, Src: R1, Imm: AtomicStoreRel}}, "(cb) store_release((u16 *)(r0 +0), r1)"},
		{"local call", []Instruction{{Opcode: 0x85, Src: CallLocal, Imm: 5}}, "(85) call pc+5"},
		{"kfunc call", []Instruction{{Opcode: 0x85, Src: CallKfunc, Imm: 77}}, "(85) call kfunc 77"},
		{"callx", []Instruction{{Opcode: 0x8d, Dst: R2}}, "(8d) callx r2"},
		{"reserved fields fall back to .insn", []Instruction{{Opcode: 0xbf, Dst: R1, Src: R2, Imm: 5}}, ".insn 0xbf, 1, 2, 0, 5"},
		{"unknown opcodes fall back to .insn", []Instruction{{Opcode: 0xff, Dst: 15, Src: 3, Off: -2, Imm: -1}}, ".insn 0xff, 15, 3, -2, -1"},
		{"unpaired ld_imm64 prints its slot raw", []Instruction{{Opcode: 0x18, Dst: R1, Imm: 7}}, ".insn 0x18, 1, 0, 0, 7"},
	}
	for _, tt := range tests {
		got, _ := Format(tt.insns, 0)
		if got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
