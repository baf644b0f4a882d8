package ir

import (
	"fmt"
	"strings"
)

var assignOps = map[string]ALUOp{
	"+=": ALUAdd, "-=": ALUSub, "*=": ALUMul, "/=": ALUDiv, "|=": ALUOr, "&=": ALUAnd,
	"<<=": ALULsh, ">>=": ALURsh, "%=": ALUMod, "^=": ALUXor, "=": ALUMov, "s>>=": ALUArsh,
	"s/=": ALUDiv, "s%=": ALUMod,
	// The kernel's names, so its log reassembles (ops 0xe0/0xf0 print "(null)").
	"neg": ALUNeg, "endian": ALUEnd,
}

// aluOrLoad parses statements that start with a destination register:
// ALU operations, loads, LD_IMM64, byte swaps, moves with sign extension and
// the fetching atomics.
func (p *parser) aluOrLoad(hint int) (pending, error) {
	u32 := p.accept("(u32)")
	dst, w32, err := p.reg()
	if err != nil {
		return pending{}, err
	}
	class := ClassALU64
	if u32 || w32 {
		class = ClassALU
	}
	optxt := p.peek().text
	op, ok := assignOps[optxt]
	if !ok || p.peek().kind == tokNum {
		return pending{}, fmt.Errorf("expected an assignment operator, found %q", optxt)
	}
	p.pos++
	if op == ALUMov && class == ClassALU64 && !u32 {
		if st, ok, err := p.loadForm(dst, hint); ok || err != nil {
			return st, err
		}
	}
	ins := Instruction{Dst: dst}
	if optxt == "s/=" || optxt == "s%=" {
		ins.Off = 1
	}
	srcU32 := p.accept("(u32)")
	// Sign-extending move: "r1 = (s8) r2".
	if op == ALUMov && !srcU32 {
		for _, c := range []string{"(s8)", "(s16)", "(s32)"} {
			if p.accept(c) {
				ins.Off = map[string]int16{"(s8)": 8, "(s16)": 16, "(s32)": 32}[c]
				srcU32 = p.accept("(u32)")
				break
			}
		}
	}
	if class == ClassALU && !w32 && !srcU32 {
		return pending{}, fmt.Errorf("32-bit operation needs (u32) on both operands")
	}
	if class == ClassALU64 && srcU32 {
		return pending{}, fmt.Errorf("(u32) source with a 64-bit destination")
	}
	if p.isReg() {
		src, srcW32, _ := p.reg()
		if srcW32 != w32 {
			return pending{}, fmt.Errorf("mixed register widths")
		}
		ins.Opcode, ins.Src = ALUOpcode(class, op, SourceX), src
	} else {
		if ins.Off >= 8 {
			return pending{}, fmt.Errorf("sign-extending move needs a register")
		}
		imm, err := p.imm32()
		if err != nil {
			return pending{}, err
		}
		ins.Opcode, ins.Imm = ALUOpcode(class, op, SourceK), imm
	}
	// The kernel prints END|TO_BE with its source register (not its width):
	// only the opcode prefix tells the source bit, and the width is lost.
	if op == ALUEnd && hint >= 0 && Opcode(hint).Source() == SourceX {
		return pending{}, fmt.Errorf("the kernel's big-endian form loses the width: write r%d = be16 r%d", dst, dst)
	}
	return one(ins), nil
}

// loadForm parses the right-hand sides of "rD = ..." that are not plain
// moves. ok is false when the statement is an ordinary MOV.
func (p *parser) loadForm(dst Register, hint int) (pending, bool, error) {
	t := p.peek()
	switch {
	case t.text == "*" && t.kind == tokPunct:
		p.pos++
		size, signed, base, off, err := p.memRef()
		if err != nil {
			return pending{}, true, err
		}
		if p.accept("skb") {
			st, err := p.skbLoad(dst, size, signed)
			return st, true, err
		}
		mode := ModeMEM
		if signed {
			mode = ModeMEMSX
		}
		return one(Instruction{Opcode: MemOpcode(ClassLDX, mode, size), Dst: dst, Src: base, Off: off}), true, nil
	case t.kind == tokIdent && strings.HasPrefix(t.text, "map") || t.text == "btf_id" || t.text == "func":
		st, err := p.pseudoLoad(dst)
		return st, true, err
	case t.kind == tokIdent && (strings.HasPrefix(t.text, "bswap") || strings.HasPrefix(t.text, "be") || strings.HasPrefix(t.text, "le")):
		st, err := p.byteSwap(dst)
		return st, true, err
	case t.kind == tokIdent && t.text == "load_acquire":
		p.pos++
		if err := p.expect("("); err != nil {
			return pending{}, true, err
		}
		size, signed, base, off, err := p.memRef()
		if err == nil && signed {
			err = fmt.Errorf("load_acquire zero-extends: use an unsigned size")
		}
		if err == nil {
			err = p.expect(")")
		}
		return one(Instruction{Opcode: MemOpcode(ClassSTX, ModeATOMIC, size), Dst: dst, Src: base, Off: off, Imm: AtomicLoadAcq}), true, err
	case t.kind == tokIdent && (t.text == "xchg" || t.text == "cmpxchg" || strings.HasPrefix(t.text, "atomic_fetch_")):
		p.pos++
		st, err := p.atomicCall(dst, t.text)
		return st, true, err
	case t.text == "-" && p.pos+1 < len(p.toks) && p.toks[p.pos+1].kind == tokIdent:
		p.pos++
		src, _, err := p.reg()
		if err == nil && src != dst {
			err = fmt.Errorf("negation is in place: r%d = -r%d", dst, dst)
		}
		return one(Instruction{Opcode: ALUOpcode(ClassALU64, ALUNeg, SourceK), Dst: dst}), true, err
	case t.kind == tokNum || t.text == "-" || t.text == "+":
		save := p.pos
		v, err := p.signed()
		if err != nil {
			return pending{}, true, err
		}
		wide := p.accept("ll") || hint == int(OpLoadImm64) || v < -1<<31 || v > 1<<31-1 && (t.text != "-")
		if !wide {
			p.pos = save
			return pending{}, false, nil
		}
		pair := LoadImm64(dst, PseudoNone, uint64(v))
		return pending{insns: pair[:]}, true, nil
	}
	return pending{}, false, nil
}

func (p *parser) skbLoad(dst Register, size Size, signed bool) (pending, error) {
	if signed {
		return pending{}, fmt.Errorf("skb loads take unsigned sizes")
	}
	if dst != R0 {
		return pending{}, fmt.Errorf("skb loads write r0")
	}
	if err := p.expect("["); err != nil {
		return pending{}, err
	}
	ins := Instruction{Opcode: MemOpcode(ClassLD, ModeABS, size)}
	if p.isReg() {
		ins.Opcode = MemOpcode(ClassLD, ModeIND, size)
		ins.Src, _, _ = p.reg()
		if err := p.expect("+"); err != nil {
			return pending{}, err
		}
	}
	imm, err := p.imm32()
	if err != nil {
		return pending{}, err
	}
	ins.Imm = imm
	return one(ins), p.expect("]")
}

// pseudoLoad parses "map[N]", "map_value[N]+OFF" and the other LD_IMM64
// pseudo kinds.
func (p *parser) pseudoLoad(dst Register) (pending, error) {
	kinds := map[string]Register{"map": PseudoMapFD, "map_value": PseudoMapValue, "btf_id": PseudoBTFID,
		"func": PseudoFunc, "map_idx": PseudoMapIdx, "map_idx_value": PseudoMapIdxValue}
	name := p.peek().text
	kind, ok := kinds[name]
	if !ok {
		return pending{}, fmt.Errorf("unknown pseudo load %q", name)
	}
	p.pos++
	if err := p.expect("["); err != nil {
		return pending{}, err
	}
	idx, err := p.imm32()
	if err != nil {
		return pending{}, err
	}
	if err := p.expect("]"); err != nil {
		return pending{}, err
	}
	var second int32
	if kind == PseudoMapValue || kind == PseudoMapIdxValue {
		if second, err = p.imm32(); err != nil {
			return pending{}, err
		}
	}
	pair := [2]Instruction{{Opcode: OpLoadImm64, Dst: dst, Src: kind, Imm: idx}, {Imm: second}}
	return pending{insns: pair[:]}, nil
}

// byteSwap parses "bswapN rD", "beN rD" and "leN rD".
func (p *parser) byteSwap(dst Register) (pending, error) {
	name := p.peek().text
	p.pos++
	var op Opcode
	var width string
	switch {
	case strings.HasPrefix(name, "bswap"):
		op, width = ALUOpcode(ClassALU64, ALUEnd, SourceK), name[5:]
	case strings.HasPrefix(name, "be"):
		op, width = ALUOpcode(ClassALU, ALUEnd, SourceX), name[2:]
	default:
		op, width = ALUOpcode(ClassALU, ALUEnd, SourceK), name[2:]
	}
	var imm int32
	switch width {
	case "16", "32", "64":
		fmt.Sscan(width, &imm)
	default:
		return pending{}, fmt.Errorf("byte swap width must be 16, 32 or 64, not %q", width)
	}
	src, _, err := p.reg()
	if err == nil && src != dst {
		err = fmt.Errorf("byte swaps are in place: r%d = %s r%d", dst, name, dst)
	}
	return one(Instruction{Opcode: op, Dst: dst, Imm: imm}), err
}
