package object

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
	"github.com/cilium/ebpf/btf"

	"github.com/bpfcheck/bpfcheck/ir"
)

// FromCollectionSpec converts what cilium/ebpf loaded from an object (for
// example with ebpf.LoadCollectionSpec, or a bpf2go-generated loader) into
// programs, as Load makes them from the object's bytes: programs sorted by
// section then name, each with the subprograms cilium/ebpf linked in;
// maps sorted by name (global data maps with their contents, .rodata
// frozen); calls to functions the spec does not define recorded in
// UndefinedCalls; CO-RE relocations resolved against the loader's target
// BTF. Options.Type and License override as for Load; Maps and Section are
// ignored.
func (l *Loader) FromCollectionSpec(spec *ebpf.CollectionSpec) ([]*ir.Program, error) {
	names := make([]string, 0, len(spec.Maps))
	for n := range spec.Maps {
		names = append(names, n)
	}
	sort.Strings(names)
	index := map[string]int{}
	maps := make([]ir.MapSpec, len(names))
	for i, n := range names {
		index[n] = i
		maps[i] = convertMapSpec(spec.Maps[n])
	}
	progNames := make([]string, 0, len(spec.Programs))
	for n := range spec.Programs {
		progNames = append(progNames, n)
	}
	sort.Slice(progNames, func(i, j int) bool {
		a, b := spec.Programs[progNames[i]], spec.Programs[progNames[j]]
		if a.SectionName != b.SectionName {
			return a.SectionName < b.SectionName
		}
		return a.Name < b.Name
	})
	var progs []*ir.Program
	for _, n := range progNames {
		p, err := l.convertProgramSpec(spec, spec.Programs[n], maps, index)
		if err != nil {
			return nil, fmt.Errorf("program %s: %w", n, err)
		}
		progs = append(progs, p)
	}
	return progs, nil
}

func convertMapSpec(m *ebpf.MapSpec) ir.MapSpec {
	out := ir.MapSpec{Name: m.Name, Type: ir.MapType(m.Type), KeySize: m.KeySize, ValueSize: m.ValueSize,
		MaxEntries: m.MaxEntries, Flags: m.Flags}
	if isDataSection(m.Name) || m.Name == ".kconfig" || strings.Contains(m.Name, ".rodata") || strings.Contains(m.Name, ".data") || strings.Contains(m.Name, ".bss") {
		out.Data = m.Name
		out.Contents = make([]byte, m.ValueSize)
		if len(m.Contents) > 0 {
			if b, ok := m.Contents[0].Value.([]byte); ok {
				copy(out.Contents, b)
			}
		}
		out.Frozen = m.Flags&flagRdonlyProg != 0
	}
	if m.InnerMap != nil {
		in := convertMapSpec(m.InnerMap)
		out.Inner = &in
	}
	if m.Value != nil {
		valueBTF(&out, m.Value)
	}
	return out
}

// valueBTF records what the verifier needs of a map value's BTF type: that
// it has one, and where its struct bpf_spin_lock lies: a member of a struct
// value, or a variable of a global data section's (a DATASEC value, as the
// kernel's btf_find_field reads both). The kernel allows one lock per
// value; with more, none is recorded (the kernel does not create the map).
func valueBTF(spec *ir.MapSpec, value btf.Type) {
	spec.BTF = true
	var locks []uint32
	isLock := func(t btf.Type) bool {
		ls, ok := btf.UnderlyingType(t).(*btf.Struct)
		return ok && ls.Name == "bpf_spin_lock"
	}
	switch v := btf.UnderlyingType(value).(type) {
	case *btf.Struct:
		for _, mem := range v.Members {
			if isLock(mem.Type) {
				locks = append(locks, mem.Offset.Bytes())
			}
		}
	case *btf.Datasec:
		for _, vs := range v.Vars {
			if vr, ok := vs.Type.(*btf.Var); ok && isLock(vr.Type) {
				locks = append(locks, vs.Offset)
			}
		}
	}
	if len(locks) == 1 {
		spec.HasSpinLock, spec.SpinLockOff = true, locks[0]
	}
}

func (l *Loader) convertProgramSpec(spec *ebpf.CollectionSpec, ps *ebpf.ProgramSpec, maps []ir.MapSpec, index map[string]int) (*ir.Program, error) {
	insns := make(asm.Instructions, len(ps.Instructions))
	copy(insns, ps.Instructions)
	defined, err := insns.SymbolOffsets()
	if err != nil {
		return nil, err
	}
	p := &ir.Program{Name: ps.Name, Section: ps.SectionName, Type: ir.ProgType(ps.Type), Maps: maps,
		License: ps.License, KernVersion: ps.KernelVersion, AttachTo: ps.AttachTo}
	if ps.AttachType != 0 {
		p.AttachType, p.HasAttachType = ir.AttachType(ps.AttachType), true
	}
	if spec.Types != nil {
		p.BTF = spec.Types
	}
	var relos []*btf.CORERelocation
	var reloAt, undefined []int
	slot := 0
	for i := range insns {
		ins := &insns[i]
		switch {
		case ins.IsLoadFromMap():
			idx, ok := index[ins.Reference()]
			if !ok {
				return nil, fmt.Errorf("insn %d loads unknown map %q", slot, ins.Reference())
			}
			ins.Constant = int64(uint32(idx)) | (ins.Constant>>32)<<32
		case ins.IsKfuncCall():
			p.Kfuncs = append(p.Kfuncs, ir.KfuncCall{Insn: slot, Name: ins.Reference()})
		case ins.IsFunctionReference() && ins.Constant == -1:
			if _, ok := defined[ins.Reference()]; !ok {
				p.UndefinedCalls = append(p.UndefinedCalls, ir.UndefinedCall{Insn: slot, Name: ins.Reference()})
				undefined = append(undefined, slot)
				ins.Constant = 0 // marshalled as is; set back to -1 below
			}
		}
		if name := ins.Symbol(); name != "" {
			fi := ir.Func{Name: name, Insn: slot}
			if fn := btf.FuncMetadata(ins); fn != nil {
				fi.Global, fi.Proto, fi.BTF = fn.Linkage == btf.GlobalFunc, protoOf(fn), fn
			}
			p.Funcs = append(p.Funcs, fi)
		}
		if line, ok := ins.Source().(*btf.Line); ok {
			p.Lines = append(p.Lines, ir.LineInfo{Insn: slot, File: line.FileName(), Line: int(line.LineNumber()),
				Column: int(line.LineColumn()), Text: line.Line()})
		}
		if r := btf.CORERelocationMetadata(ins); r != nil {
			relos = append(relos, r)
			reloAt = append(reloAt, slot)
		}
		slot += int(ins.Size() / ir.InstructionSize)
	}
	var buf bytes.Buffer
	if err := insns.Marshal(&buf, le); err != nil {
		return nil, err
	}
	if p.Insns, err = ir.DecodeSlots(buf.Bytes()); err != nil {
		return nil, err
	}
	for _, at := range undefined {
		p.Insns[at].Imm = -1
	}
	lk := &linked{p: p, relos: relos, reloAt: reloAt, f: &file{btf: spec.Types}}
	if len(relos) > 0 || len(p.Kfuncs) > 0 {
		target, err := l.targetBTF()
		if err != nil {
			return nil, err
		}
		if target == nil {
			l.note("no kernel BTF (" + DefaultBTF + " does not exist and no --btf): CO-RE relocations use each object's own BTF")
			target = spec.Types
		}
		if target != nil {
			p.TargetBTF = target
			if err := lk.applyCORE(target); err != nil {
				return nil, err
			}
			lk.resolveKernelIDs(target)
		}
	}
	if l.opts.Type != ir.ProgTypeUnspec {
		p.Type = l.opts.Type
	}
	if l.opts.License != "" {
		p.License = l.opts.License
	}
	return p, nil
}

// FromCollectionSpec converts a cilium/ebpf CollectionSpec with a new
// Loader for opts (see Loader.FromCollectionSpec).
func FromCollectionSpec(spec *ebpf.CollectionSpec, opts Options) ([]*ir.Program, error) {
	return NewLoader(opts).FromCollectionSpec(spec)
}
