package ir

import (
	"fmt"
	"strconv"
	"strings"
)

// AsmError reports a line the assembler cannot read.
type AsmError struct {
	Line int // 1-based
	Text string
	Err  error
}

func (e *AsmError) Error() string { return fmt.Sprintf("line %d: %v: %q", e.Line, e.Err, e.Text) }

func (e *AsmError) Unwrap() error { return e.Err }

// pending is a parsed statement whose jump target may still be a label.
type pending struct {
	insns []Instruction
	label string // target label, "" when resolved
	field byte   // 'o' for Off, 'i' for Imm
	line  int
	text  string
}

// Assemble reads programs in the verifier log's text form and in the
// extended form Disassemble prints, one instruction per line. It accepts
// `N:` index prefixes, `(xx)` opcode prefixes, `label:` lines, jumps and
// local calls to labels, llvm-objdump spacing (`*(u32 *)(r1 + 4)`,
// `goto +3`, `w1 += w2`, `r1 = 0x1 ll`) and comments starting with `#`, `;`
// or `//`.
func Assemble(src string) ([]Instruction, error) {
	var stmts []pending
	labels := map[string]int{}
	slot := 0
	for n, line := range strings.Split(src, "\n") {
		text := stripComment(line)
		text = stripIndex(text)
		for {
			name, rest, ok := cutLabel(text)
			if !ok {
				break
			}
			if _, dup := labels[name]; dup {
				return nil, &AsmError{Line: n + 1, Text: line, Err: fmt.Errorf("label %q defined twice", name)}
			}
			labels[name] = slot
			text = rest
		}
		if text == "" {
			continue
		}
		st, err := parseStatement(text)
		if err != nil {
			return nil, &AsmError{Line: n + 1, Text: strings.TrimSpace(line), Err: err}
		}
		st.line, st.text = n+1, strings.TrimSpace(line)
		stmts = append(stmts, st)
		slot += len(st.insns)
	}
	var out []Instruction
	for _, st := range stmts {
		if st.label != "" {
			target, ok := labels[st.label]
			if !ok {
				return nil, &AsmError{Line: st.line, Text: st.text, Err: fmt.Errorf("undefined label %q", st.label)}
			}
			rel := target - (len(out) + 1)
			if st.field == 'o' {
				if rel < -1<<15 || rel > 1<<15-1 {
					return nil, &AsmError{Line: st.line, Text: st.text, Err: fmt.Errorf("jump to %q is out of 16-bit range", st.label)}
				}
				st.insns[0].Off = int16(rel)
			} else {
				st.insns[0].Imm = int32(rel)
			}
		}
		out = append(out, st.insns...)
	}
	return out, nil
}

func stripComment(s string) string {
	for _, c := range []string{"#", ";", "//"} {
		if i := strings.Index(s, c); i >= 0 {
			s = s[:i]
		}
	}
	// llvm-objdump appends the target label as "<LBB0_2>".
	if i := strings.Index(s, "<"); i >= 0 && strings.HasSuffix(strings.TrimSpace(s), ">") && !strings.Contains(s[i:], " ") {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// stripIndex removes a leading "N:" slot index.
func stripIndex(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && s[i] == ':' {
		return strings.TrimSpace(s[i+1:])
	}
	return s
}

// cutLabel splits "name: rest".
func cutLabel(s string) (name, rest string, ok bool) {
	i := strings.IndexByte(s, ':')
	if i <= 0 {
		return "", s, false
	}
	name = s[:i]
	for j := 0; j < len(name); j++ {
		if !isIdentByte(name[j], j == 0) {
			return "", s, false
		}
	}
	return name, strings.TrimSpace(s[i+1:]), true
}

// parseStatement parses one instruction, with an optional "(xx)" opcode
// prefix that must agree with the text.
func parseStatement(text string) (pending, error) {
	hint := -1
	if len(text) >= 4 && text[0] == '(' && text[3] == ')' {
		if v, err := strconv.ParseUint(text[1:3], 16, 8); err == nil {
			hint = int(v)
			text = strings.TrimSpace(text[4:])
		}
	}
	toks, err := lex(text)
	if err != nil {
		return pending{}, err
	}
	p := &parser{toks: toks}
	st, err := p.statement(hint)
	if err != nil {
		return pending{}, err
	}
	if err := p.done(); err != nil {
		return pending{}, err
	}
	if hint >= 0 && int(st.insns[0].Opcode) != hint {
		return pending{}, fmt.Errorf("opcode (%02x) does not match the text, which encodes (%02x)", hint, uint8(st.insns[0].Opcode))
	}
	return st, nil
}

func one(ins Instruction) pending { return pending{insns: []Instruction{ins}} }

func (p *parser) statement(hint int) (pending, error) {
	t := p.peek()
	switch t.text {
	case ".insn":
		p.pos++
		return p.rawInsn()
	case "lock":
		p.pos++
		return p.lockOp()
	case "store_release":
		p.pos++
		return p.storeRelease()
	case "*":
		return p.store()
	case "if":
		p.pos++
		return p.condJump()
	case "may_goto":
		p.pos++
		return p.target(Instruction{Opcode: OpMayGoto}, 'o')
	case "goto", "gotol":
		p.pos++
		ins := Instruction{Opcode: OpJA}
		field := byte('o')
		if t.text == "gotol" {
			ins.Opcode, field = OpJA32, 'i'
		}
		return p.target(ins, field)
	case "call":
		p.pos++
		return p.call()
	case "callx":
		p.pos++
		r, _, err := p.reg()
		return one(Instruction{Opcode: OpCallX, Dst: r}), err
	case "exit":
		p.pos++
		return one(Instruction{Opcode: OpExit}), nil
	}
	return p.aluOrLoad(hint)
}

// rawInsn parses ".insn OPCODE, DST, SRC, OFF, IMM".
func (p *parser) rawInsn() (pending, error) {
	var v [5]int64
	for i := range v {
		if i > 0 {
			if err := p.expect(","); err != nil {
				return pending{}, err
			}
		}
		n, err := p.signed()
		if err != nil {
			return pending{}, err
		}
		v[i] = n
	}
	if v[0] < 0 || v[0] > 255 || v[1] < 0 || v[1] > 15 || v[2] < 0 || v[2] > 15 ||
		v[3] < -1<<15 || v[3] > 1<<15-1 || v[4] < -1<<31 || v[4] > 1<<32-1 {
		return pending{}, fmt.Errorf(".insn field out of range")
	}
	return one(Instruction{Opcode: Opcode(v[0]), Dst: Register(v[1]), Src: Register(v[2]), Off: int16(v[3]), Imm: int32(uint32(v[4]))}), nil
}

// memRef parses "(SZ *)(rN OFF)" after the leading '*' or inside atomics.
func (p *parser) memRef() (size Size, signed bool, base Register, off int16, err error) {
	if err = p.expect("("); err != nil {
		return
	}
	t := p.peek()
	sizes := map[string]Size{"u8": SizeB, "u16": SizeH, "u32": SizeW, "u64": SizeDW, "s8": SizeB, "s16": SizeH, "s32": SizeW}
	s, ok := sizes[t.text]
	if !ok || t.kind != tokIdent {
		return 0, false, 0, 0, fmt.Errorf("expected access size, found %q", t.text)
	}
	p.pos++
	size, signed = s, t.text[0] == 's'
	if err = p.expect("*"); err != nil {
		return
	}
	if err = p.expect(")"); err != nil {
		return
	}
	if p.peekIs("skb") {
		return size, signed, 0, 0, nil // caller handles skb[...]
	}
	if err = p.expect("("); err != nil {
		return
	}
	if base, _, err = p.reg(); err != nil {
		return
	}
	off = 0
	if !p.peekIs(")") {
		if off, err = p.off16(); err != nil {
			return
		}
	}
	err = p.expect(")")
	return
}

func (p *parser) store() (pending, error) {
	p.pos++ // '*'
	size, signed, base, off, err := p.memRef()
	if err != nil {
		return pending{}, err
	}
	if signed {
		return pending{}, fmt.Errorf("stores take unsigned sizes")
	}
	if err := p.expect("="); err != nil {
		return pending{}, err
	}
	if p.isReg() {
		src, _, _ := p.reg()
		return one(Instruction{Opcode: MemOpcode(ClassSTX, ModeMEM, size), Dst: base, Src: src, Off: off}), nil
	}
	imm, err := p.imm32()
	return one(Instruction{Opcode: MemOpcode(ClassST, ModeMEM, size), Dst: base, Off: off, Imm: imm}), err
}

// lockOp parses "lock *(SZ *)(rN OFF) OP= rM".
func (p *parser) lockOp() (pending, error) {
	if err := p.expect("*"); err != nil {
		return pending{}, err
	}
	size, _, base, off, err := p.memRef()
	if err != nil {
		return pending{}, err
	}
	ops := map[string]int32{"+=": AtomicAdd, "|=": AtomicOr, "&=": AtomicAnd, "^=": AtomicXor}
	imm, ok := ops[p.peek().text]
	if !ok {
		return pending{}, fmt.Errorf("expected atomic operator, found %q", p.peek().text)
	}
	p.pos++
	src, _, err := p.reg()
	return one(Instruction{Opcode: MemOpcode(ClassSTX, ModeATOMIC, size), Dst: base, Src: src, Off: off, Imm: imm}), err
}

// storeRelease parses "store_release((SZ *)(rN OFF), rM)".
func (p *parser) storeRelease() (pending, error) {
	if err := p.expect("("); err != nil {
		return pending{}, err
	}
	size, signed, base, off, err := p.memRef()
	if err != nil {
		return pending{}, err
	}
	if signed {
		return pending{}, fmt.Errorf("store_release takes an unsigned size")
	}
	if err := p.expect(","); err != nil {
		return pending{}, err
	}
	src, _, err := p.reg()
	if err != nil {
		return pending{}, err
	}
	if err := p.expect(")"); err != nil {
		return pending{}, err
	}
	return one(Instruction{Opcode: MemOpcode(ClassSTX, ModeATOMIC, size), Dst: base, Src: src, Off: off, Imm: AtomicStoreRel}), nil
}

// atomicCall parses the "(MEM, rA[, rB]))" tail of xchg/cmpxchg/atomic_fetch_*.
func (p *parser) atomicCall(dst Register, name string) (pending, error) {
	imm, ok := map[string]int32{
		"xchg": AtomicXchg, "cmpxchg": AtomicCmpXchg,
		"atomic_fetch_add": AtomicAdd | AtomicFetch, "atomic_fetch_or": AtomicOr | AtomicFetch,
		"atomic_fetch_and": AtomicAnd | AtomicFetch, "atomic_fetch_xor": AtomicXor | AtomicFetch,
	}[name]
	if !ok {
		return pending{}, fmt.Errorf("unknown atomic %q", name)
	}
	if err := p.expect("("); err != nil {
		return pending{}, err
	}
	size, _, base, off, err := p.memRef()
	if err != nil {
		return pending{}, err
	}
	if err := p.expect(","); err != nil {
		return pending{}, err
	}
	src, _, err := p.reg()
	if err != nil {
		return pending{}, err
	}
	if imm == AtomicCmpXchg {
		if src != R0 || dst != R0 {
			return pending{}, fmt.Errorf("cmpxchg compares with r0 and returns in r0")
		}
		if err := p.expect(","); err != nil {
			return pending{}, err
		}
		if src, _, err = p.reg(); err != nil {
			return pending{}, err
		}
	} else if src != dst {
		return pending{}, fmt.Errorf("%s returns the old value in its source register r%d", name, src)
	}
	if err := p.expect(")"); err != nil {
		return pending{}, err
	}
	return one(Instruction{Opcode: MemOpcode(ClassSTX, ModeATOMIC, size), Dst: base, Src: src, Off: off, Imm: imm}), nil
}

// target parses a jump target: "pc+N", "+N", "-N" or a label.
func (p *parser) target(ins Instruction, field byte) (pending, error) {
	if p.peek().kind == tokIdent && p.peek().text != "pc" {
		name := p.peek().text
		p.pos++
		return pending{insns: []Instruction{ins}, label: name, field: field}, nil
	}
	p.accept("pc")
	if field == 'o' {
		off, err := p.off16()
		ins.Off = off
		return one(ins), err
	}
	v, err := p.signed()
	if err != nil {
		return pending{}, err
	}
	if v < -1<<31 || v > 1<<31-1 {
		return pending{}, fmt.Errorf("jump offset %d does not fit in 32 bits", v)
	}
	ins.Imm = int32(v)
	return one(ins), nil
}

func (p *parser) call() (pending, error) {
	ins := Instruction{Opcode: OpCall}
	switch {
	case p.accept("kfunc"):
		ins.Src = CallKfunc
		imm, err := p.imm32()
		ins.Imm = imm
		return one(ins), err
	case p.peek().kind == tokNum:
		imm, err := p.imm32()
		ins.Imm = imm
		return one(ins), err
	case p.peekIs("-") && p.pos+1 < len(p.toks) && p.toks[p.pos+1].kind == tokNum:
		imm, err := p.imm32()
		ins.Imm = imm
		return one(ins), err
	}
	ins.Src = CallLocal
	return p.target(ins, 'i')
}

var condOps = map[string]JumpOp{
	"==": JumpJEQ, ">": JumpJGT, ">=": JumpJGE, "&": JumpJSET, "!=": JumpJNE, "s>": JumpJSGT,
	"s>=": JumpJSGE, "<": JumpJLT, "<=": JumpJLE, "s<": JumpJSLT, "s<=": JumpJSLE,
	// The kernel's names for ops with no condition, so its log reassembles.
	"jmp": JumpJA, "call": JumpCall, "exit": JumpExit,
}

func (p *parser) condJump() (pending, error) {
	dst, w32, err := p.reg()
	if err != nil {
		return pending{}, err
	}
	op, ok := condOps[p.peek().text]
	if !ok {
		return pending{}, fmt.Errorf("expected comparison, found %q", p.peek().text)
	}
	p.pos++
	class := ClassJMP
	if w32 {
		class = ClassJMP32
	}
	ins := Instruction{Dst: dst}
	if p.isReg() {
		src, srcW32, _ := p.reg()
		if srcW32 != w32 {
			return pending{}, fmt.Errorf("mixed register widths")
		}
		ins.Opcode, ins.Src = JumpOpcode(class, op, SourceX), src
	} else {
		imm, err := p.imm32()
		if err != nil {
			return pending{}, err
		}
		ins.Opcode, ins.Imm = JumpOpcode(class, op, SourceK), imm
	}
	if err := p.expect("goto"); err != nil {
		return pending{}, err
	}
	return p.target(ins, 'o')
}
