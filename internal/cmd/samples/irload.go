package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"strings"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"

	"github.com/bpfcheck/bpfcheck/ir"
	"github.com/bpfcheck/bpfcheck/ir/object"
)

// irSpec builds the program through bpfcheck's own ELF loader (package
// ir) for objects cilium/ebpf cannot read: it creates the object's maps
// (global data filled and frozen as the loader says) and writes their fds
// into the map loads. The caller closes the maps.
func irSpec(path, section, program string) (*ebpf.ProgramSpec, []*ebpf.Map, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	progs, err := object.Load(path, data, object.Options{LoadOptions: ir.LoadOptions{Section: section}})
	if err != nil {
		return nil, nil, fmt.Errorf("bpfcheck's loader: %s", firstLine(err.Error()))
	}
	var p, only *ir.Program
	n := 0
	for _, q := range progs {
		if q.Section != section {
			continue
		}
		n++
		only = q
		if q.Name == program {
			p = q
		}
	}
	if p == nil && n == 1 {
		p = only
	}
	if p == nil {
		return nil, nil, fmt.Errorf("bpfcheck's loader finds no program in section %s", section)
	}
	var maps []*ebpf.Map
	closeAll := func() {
		for _, m := range maps {
			if m != nil {
				m.Close()
			}
		}
	}
	fds := make([]int, len(p.Maps))
	used := map[int32]bool{}
	for i, ins := range p.Insns {
		if ins.Opcode.IsLoadImm64() && (ins.Src == 1 || ins.Src == 2) && i+1 < len(p.Insns) {
			used[ins.Imm] = true
		}
	}
	maps = make([]*ebpf.Map, len(p.Maps))
	for i, ms := range p.Maps {
		if !used[int32(i)] {
			continue
		}
		entries, valueSize := runtimeSizes(ebpf.MapType(ms.Type), ms.MaxEntries, ms.ValueSize)
		m, err := ebpf.NewMap(&ebpf.MapSpec{Name: "", Type: ebpf.MapType(ms.Type), KeySize: ms.KeySize,
			ValueSize: valueSize, MaxEntries: entries, Flags: ms.Flags, InnerMap: innerOf(ms)})
		if err != nil {
			closeAll()
			return nil, nil, fmt.Errorf("map %s not created: %s", ms.Name, firstLine(err.Error()))
		}
		maps[i] = m
		if len(ms.Contents) > 0 {
			if err := m.Update(uint32(0), ms.Contents, ebpf.UpdateAny); err != nil {
				closeAll()
				return nil, nil, fmt.Errorf("map %s not filled: %v", ms.Name, err)
			}
		}
		if ms.Frozen {
			if err := m.Freeze(); err != nil {
				closeAll()
				return nil, nil, fmt.Errorf("map %s not frozen: %v", ms.Name, err)
			}
		}
		fds[i] = m.FD()
	}
	insns := append([]ir.Instruction(nil), p.Insns...)
	for i := range insns {
		if insns[i].Opcode.IsLoadImm64() && (insns[i].Src == 1 || insns[i].Src == 2) {
			idx := insns[i].Imm
			if idx < 0 || int(idx) >= len(fds) || fds[idx] == 0 {
				closeAll()
				return nil, nil, fmt.Errorf("map load of unknown map %d", idx)
			}
			insns[i].Imm = int32(fds[idx])
		}
	}
	var ai asm.Instructions
	rd := bytes.NewReader(ir.Encode(insns))
	for rd.Len() > 0 {
		var in asm.Instruction
		if err := in.Unmarshal(rd, binary.LittleEndian, "linux"); err != nil {
			closeAll()
			return nil, nil, err
		}
		ai = append(ai, in)
	}
	t := ebpf.ProgramType(p.Type)
	if t == ebpf.UnspecifiedProgram {
		t = sectionTypeFallback(path)
	}
	spec := &ebpf.ProgramSpec{Name: "", Type: t, Instructions: ai, License: p.License}
	if p.HasAttachType {
		spec.AttachType = ebpf.AttachType(p.AttachType)
	}
	spec.AttachTo = p.AttachTo
	if t == ebpf.StructOps {
		// cilium/ebpf names a struct_ops member "ops:member".
		spec.AttachTo = strings.Replace(p.AttachTo, ".", ":", 1)
	}
	if spec.License == "" {
		spec.License = "GPL"
	}
	return spec, maps, nil
}

func innerOf(ms ir.MapSpec) *ebpf.MapSpec {
	if ms.Inner == nil {
		if ms.Type == ir.MapType(12) || ms.Type == ir.MapType(13) { // array/hash of maps without an inner spec
			return &ebpf.MapSpec{Type: ebpf.Array, KeySize: 4, ValueSize: 4, MaxEntries: 1}
		}
		return nil
	}
	in := ms.Inner
	return &ebpf.MapSpec{Type: ebpf.MapType(in.Type), KeySize: in.KeySize, ValueSize: in.ValueSize, MaxEntries: in.MaxEntries, Flags: in.Flags}
}
