package object

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/cilium/ebpf/asm"
	"github.com/cilium/ebpf/btf"

	"github.com/bpfcheck/bpfcheck/ir"
)

// applyCORE resolves the program's CO-RE relocations against target with
// cilium/ebpf's btf package and patches the slots. A relocation the target
// cannot satisfy poisons its instruction, as libbpf does, so that only
// a program that executes it is rejected.
func (l *linked) applyCORE(target *btf.Spec) error {
	if len(l.relos) == 0 {
		return nil
	}
	local := l.f.btf
	fixups, err := btf.CORERelocate(l.relos, []*btf.Spec{target}, le, func(t btf.Type) (btf.TypeID, error) {
		return local.TypeID(t)
	})
	if err != nil {
		return fmt.Errorf("CO-RE: %w", err)
	}
	for i, fx := range fixups {
		slot := l.reloAt[i]
		ins, width, err := toAsm(l.p.Insns[slot:])
		if err != nil {
			return fmt.Errorf("CO-RE: insn %d: %w", slot, err)
		}
		if err := fx.Apply(&ins); err != nil {
			return fmt.Errorf("CO-RE: insn %d: %s: %w", slot, l.relos[i], err)
		}
		out, err := fromAsm(ins)
		if err != nil || len(out) != width {
			return fmt.Errorf("CO-RE: insn %d: fixup changed the instruction's size", slot)
		}
		copy(l.p.Insns[slot:], out)
	}
	return nil
}

func toAsm(slots []ir.Instruction) (asm.Instruction, int, error) {
	width := 1
	if slots[0].Opcode == opLdImm64 {
		if len(slots) < 2 {
			return asm.Instruction{}, 0, errors.New("LD_IMM64 without its second half")
		}
		width = 2
	}
	var ins asm.Instruction
	err := ins.Unmarshal(bytes.NewReader(ir.Encode(slots[:width])), le, "linux")
	return ins, width, err
}

func fromAsm(ins asm.Instruction) ([]ir.Instruction, error) {
	var buf bytes.Buffer
	if _, err := ins.Marshal(&buf, le); err != nil {
		return nil, err
	}
	return ir.DecodeSlots(buf.Bytes())
}

// resolveKernelIDs fills in the target BTF ids of kfunc calls and kernel
// variable loads (0 where the target does not have the name).
func (l *linked) resolveKernelIDs(target *btf.Spec) {
	for i := range l.p.Kfuncs {
		k := &l.p.Kfuncs[i]
		if target != nil {
			if id, ok := kernelID(target, k.Name); ok {
				k.BTFID = uint32(id)
			}
		}
		in := &l.p.Insns[k.Insn]
		in.Imm = int32(k.BTFID)
		if e := l.f.externs[k.Name]; k.BTFID == 0 && in.Opcode.IsLoadImm64() && e != nil && e.weak {
			// As libbpf and cilium/ebpf do, the address of a weak ksym
			// the target lacks is 0 (what bpf_ksym_exists() tests).
			in.Src = ir.PseudoNone
			l.p.Insns[k.Insn+1].Imm = 0
		}
	}
}

func kernelID(spec *btf.Spec, name string) (btf.TypeID, bool) {
	types, err := spec.AnyTypesByName(name)
	if err != nil {
		return 0, false
	}
	for _, t := range types {
		switch t.(type) {
		case *btf.Func, *btf.Var:
			if id, err := spec.TypeID(t); err == nil {
				return id, true
			}
		}
	}
	return 0, false
}

// protoOf reduces a BTF function's signature to ir.FuncProto.
func protoOf(fn *btf.Func) *ir.FuncProto {
	fp, ok := btf.UnderlyingType(fn.Type).(*btf.FuncProto)
	if !ok {
		return nil
	}
	p := &ir.FuncProto{Return: argKind(fp.Return)}
	for i, param := range fp.Params {
		q := ir.Param{Name: param.Name, Kind: argKind(param.Type)}
		if i < len(fn.ParamTags) {
			q.Tags = append([]string(nil), fn.ParamTags[i]...)
		}
		switch t := btf.UnderlyingType(param.Type).(type) {
		case *btf.Pointer:
			target := btf.UnderlyingType(t.Target)
			q.Type = target.TypeName()
			if n, err := btf.Sizeof(target); err == nil {
				q.Size = uint32(n)
			}
		default:
			if n, err := btf.Sizeof(t); err == nil {
				q.Size = uint32(n)
			}
		}
		p.Params = append(p.Params, q)
	}
	return p
}

func argKind(t btf.Type) ir.ArgKind {
	switch btf.UnderlyingType(t).(type) {
	case *btf.Void:
		return ir.ArgVoid
	case *btf.Int, *btf.Enum:
		return ir.ArgScalar
	case *btf.Pointer:
		return ir.ArgPointer
	}
	return ir.ArgOther
}
