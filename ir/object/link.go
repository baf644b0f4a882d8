package object

import (
	"debug/elf"
	"fmt"
	"sort"

	"github.com/cilium/ebpf/btf"

	"github.com/bpfcheck/bpfcheck/ir"
)

const (
	opCall    = 0x85 // BPF_JMP | BPF_CALL
	opLdImm64 = 0x18 // BPF_LD | BPF_IMM | BPF_DW
)

// funcAt returns the function of section s that starts at byte offset off.
func funcAt(s *section, off uint64) *function {
	i := sort.Search(len(s.funcs), func(i int) bool { return s.funcs[i].off >= off })
	if i < len(s.funcs) && s.funcs[i].off == off {
		return s.funcs[i]
	}
	return nil
}

// linked is a program being linked: its slots, the functions placed so
// far (at their first slot) and the fixups of calls between them.
type linked struct {
	f      *file
	p      *ir.Program
	order  []*function
	start  map[*function]int
	calls  []callFixup
	relos  []*btf.CORERelocation
	reloAt []int
}

type callFixup struct {
	slot   int
	callee *function
}

// run builds the program rooted at function root: root's slots, then
// every function it reaches through calls and function-address loads,
// each once, in the order first reached (as libbpf appends subprograms),
// with map, global data, extern and call relocations applied.
func (l *linked) run(root *function) error {
	l.place(root)
	for i := 0; i < len(l.order); i++ {
		fn := l.order[i]
		if err := l.relocate(fn); err != nil {
			if fn != root {
				return fmt.Errorf("subprogram %s: %w", fn.name, err)
			}
			return err
		}
	}
	for _, c := range l.calls {
		l.p.Insns[c.slot].Imm = int32(l.start[c.callee] - c.slot - 1)
	}
	for _, fn := range l.order {
		fi := ir.Func{Name: fn.name, Insn: l.start[fn]}
		if fn.btfFunc != nil {
			// As libbpf does, a __hidden global function is static.
			fi.Global = fn.btfFunc.Linkage == btf.GlobalFunc && !fn.hidden
			fi.Proto = protoOf(fn.btfFunc)
			fi.BTF = fn.btfFunc
		}
		l.p.Funcs = append(l.p.Funcs, fi)
	}
	return nil
}

func (l *linked) place(fn *function) int {
	if at, ok := l.start[fn]; ok {
		return at
	}
	at := len(l.p.Insns)
	l.start[fn] = at
	l.order = append(l.order, fn)
	l.p.Insns = append(l.p.Insns, fn.insns...)
	for _, li := range fn.lines {
		li.Insn += at
		l.p.Lines = append(l.p.Lines, li)
	}
	return at
}

// relocate applies the relocations of one placed function's slots.
func (l *linked) relocate(fn *function) error {
	base := l.start[fn]
	for j := 0; j < len(fn.insns); j++ {
		slot := base + j
		ins := &l.p.Insns[slot]
		off := fn.off + uint64(j)*ir.InstructionSize
		if r, ok := fn.coreRelo[j]; ok {
			l.relos = append(l.relos, r)
			l.reloAt = append(l.reloAt, slot)
		}
		symIdx, hasRel := fn.sec.rels[off]
		switch {
		case ins.Opcode == opCall && hasRel:
			if err := l.relocCall(slot, l.f.syms[symIdx]); err != nil {
				return fmt.Errorf("insn %d: %w", j, err)
			}
		case ins.Opcode == opCall && ins.Src == ir.CallLocal:
			// A call within the section without a relocation (LLVM
			// before 10): the target is pc-relative.
			target := int64(off) + (int64(ins.Imm)+1)*ir.InstructionSize
			callee := funcAt(fn.sec, uint64(target))
			if target < 0 || callee == nil {
				return fmt.Errorf("insn %d: call to offset %d of section %s, where no function starts", j, target, fn.sec.name)
			}
			l.call(slot, callee)
		case ins.Opcode == opLdImm64 && hasRel:
			if j+1 >= len(fn.insns) {
				return fmt.Errorf("insn %d: LD_IMM64 without its second half", j)
			}
			if err := l.relocLoad(slot, l.f.syms[symIdx]); err != nil {
				return fmt.Errorf("insn %d: %w", j, err)
			}
		case hasRel:
			// Other relocated instructions (none that clang emits for
			// BPF) are left as they are for the verifier to judge.
		}
		if ins.Opcode == opLdImm64 {
			j++
		}
	}
	return nil
}

func (l *linked) call(slot int, callee *function) {
	l.place(callee)
	l.calls = append(l.calls, callFixup{slot, callee})
}

func (l *linked) relocCall(slot int, sym elf.Symbol) error {
	ins := &l.p.Insns[slot]
	if sym.Section == elf.SHN_UNDEF {
		if e := l.f.externs[sym.Name]; e != nil && e.kind == externKfunc {
			ins.Src, ins.Imm = ir.CallKfunc, 0
			l.p.Kfuncs = append(l.p.Kfuncs, ir.KfuncCall{Insn: slot, Name: sym.Name})
			return nil
		}
		ins.Src, ins.Imm = ir.CallLocal, -1
		l.p.UndefinedCalls = append(l.p.UndefinedCalls, ir.UndefinedCall{Insn: slot, Name: sym.Name})
		return nil
	}
	if sym.Section >= elf.SHN_LORESERVE {
		return fmt.Errorf("call relocated against symbol %s of special section %v", sym.Name, sym.Section)
	}
	s := l.f.secs[sym.Section]
	if !s.exec {
		return fmt.Errorf("call relocated against symbol %s in section %s, which holds no code", sym.Name, s.name)
	}
	target := int64(sym.Value) + (int64(ins.Imm)+1)*ir.InstructionSize
	callee := funcAt(s, uint64(target))
	if target < 0 || callee == nil {
		return fmt.Errorf("call to offset %d of section %s (symbol %s), where no function starts", target, s.name, sym.Name)
	}
	ins.Src = ir.CallLocal
	l.call(slot, callee)
	return nil
}

func (l *linked) relocLoad(slot int, sym elf.Symbol) error {
	ins, next := &l.p.Insns[slot], &l.p.Insns[slot+1]
	if sym.Section == elf.SHN_UNDEF {
		e := l.f.externs[sym.Name]
		switch {
		case e == nil:
			ins.Src, ins.Imm = ir.PseudoNone, 0
			l.p.UndefinedCalls = append(l.p.UndefinedCalls, ir.UndefinedCall{Insn: slot, Name: sym.Name})
		case e.kind == externKconfig:
			ins.Src, ins.Imm = ir.PseudoMapValue, int32(l.f.kconfigMap)
			next.Imm = int32(e.off)
		default:
			// A kernel variable or function address: its BTF id in the
			// target BTF, filled in by resolveTargets.
			ins.Src, ins.Imm, next.Imm = ir.PseudoBTFID, 0, 0
			l.p.Kfuncs = append(l.p.Kfuncs, ir.KfuncCall{Insn: slot, Name: sym.Name})
		}
		return nil
	}
	if sym.Section >= elf.SHN_LORESERVE {
		return fmt.Errorf("LD_IMM64 relocated against symbol %s of special section %v", sym.Name, sym.Section)
	}
	s := l.f.secs[sym.Section]
	isSec := elf.ST_TYPE(sym.Info) == elf.STT_SECTION
	if s.exec {
		target := sym.Value + uint64(uint32(ins.Imm))
		callee := funcAt(s, target)
		if callee == nil {
			return fmt.Errorf("address of offset %d of section %s, where no function starts", target, s.name)
		}
		ins.Src = ir.PseudoFunc
		l.call(slot, callee)
		return nil
	}
	if i, ok := l.f.dataMap[s.index]; ok {
		ins.Src = ir.PseudoMapValue
		next.Imm = ins.Imm + int32(sym.Value)
		ins.Imm = int32(i)
		return nil
	}
	off := sym.Value
	if isSec {
		off += uint64(uint32(ins.Imm))
	}
	if i, ok := l.f.mapAt[secOff{s.index, off}]; ok {
		ins.Src, ins.Imm = ir.PseudoMapFD, int32(i)
		return nil
	}
	name := sym.Name
	if name == "" {
		name = s.name
	}
	return fmt.Errorf("LD_IMM64 relocated against %s (section %s, offset %d), which is no map", name, s.name, off)
}
