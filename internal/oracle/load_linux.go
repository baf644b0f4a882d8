//go:build linux

package oracle

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
	"github.com/cilium/ebpf/btf"
	"golang.org/x/sys/unix"

	"github.com/bpfcheck/bpfcheck/ir"
)

func supported() bool { return true }

// load runs in the child: create the maps, patch their fds into the
// program, load it.
func load(r Request) Verdict {
	fds := make([]int, len(r.Maps))
	var maps []*ebpf.Map
	defer func() {
		for _, m := range maps {
			m.Close()
		}
	}()
	for i, ms := range r.Maps {
		spec := &ebpf.MapSpec{Type: ebpf.MapType(ms.Type), KeySize: ms.KeySize,
			ValueSize: ms.ValueSize, MaxEntries: ms.MaxEntries, Flags: ms.Flags}
		if ms.HasSpinLock {
			// The kernel finds a value's bpf_spin_lock in its BTF.
			u32 := &btf.Int{Name: "unsigned int", Size: 4}
			lock := &btf.Struct{Name: "bpf_spin_lock", Size: 4, Members: []btf.Member{{Name: "val", Type: u32}}}
			spec.Key = &btf.Int{Name: "key", Size: ms.KeySize}
			spec.Value = &btf.Struct{Name: "value", Size: ms.ValueSize,
				Members: []btf.Member{{Name: "lock", Type: lock, Offset: btf.Bits(8 * ms.SpinLockOff)}}}
		}
		m, err := ebpf.NewMap(spec)
		if err != nil {
			return Verdict{Setup: true, Msg: "create map: " + err.Error(), Errno: errnoName(err)}
		}
		maps = append(maps, m)
		fds[i] = m.FD()
	}
	var raw bytes.Buffer
	for i := 0; i < len(r.Insns); i++ {
		in := r.Insns[i]
		imm := in.Imm
		if in.Opcode == ir.OpLoadImm64 && (in.Src == ir.PseudoMapFD || in.Src == ir.PseudoMapValue) &&
			imm >= 0 && int(imm) < len(fds) {
			imm = int32(fds[imm])
		}
		binary.Write(&raw, binary.LittleEndian, struct {
			Op   uint8
			Regs uint8
			Off  int16
			Imm  int32
		}{uint8(in.Opcode), uint8(in.Dst)&0xf | uint8(in.Src)<<4, in.Off, imm})
	}
	insns, err := asmDecode(raw.Bytes())
	if err != nil {
		return Verdict{Setup: true, Msg: "decode: " + err.Error()}
	}
	if len(r.Funcs) > 0 {
		index := map[int]int{} // slot -> instruction index
		slot := 0
		for k := range insns {
			index[slot] = k
			slot += int(insns[k].Size() / asm.InstructionSize)
		}
		proto := &btf.FuncProto{Return: &btf.Int{Name: "int", Size: 4, Encoding: btf.Signed}}
		for _, f := range r.Funcs {
			k, ok := index[f.Insn]
			if !ok {
				return Verdict{Setup: true, Msg: fmt.Sprintf("function %s at slot %d: not an instruction's start", f.Name, f.Insn)}
			}
			insns[k] = btf.WithFuncMetadata(insns[k], &btf.Func{Name: f.Name, Type: proto, Linkage: btf.StaticFunc})
		}
	}
	lic := r.License
	if lic == "" {
		lic = "GPL"
	}
	spec := &ebpf.ProgramSpec{Type: ebpf.ProgramType(r.Type), AttachType: ebpf.AttachType(r.Attach),
		AttachTo: r.AttachTo, Instructions: insns, License: lic}
	if spec.Type == ebpf.StructOps {
		// A struct_ops program verifies against its member ("struct.member";
		// cilium/ebpf spells it "struct:member"); only attaching needs the
		// struct_ops map.
		spec.AttachType = ebpf.AttachStructOps
		spec.AttachTo = strings.Replace(r.AttachTo, ".", ":", 1)
	}
	opts := ebpf.ProgramOptions{LogLevel: ebpf.LogLevel(r.LogLevel), LogSizeStart: 1 << 20}
	p, err := ebpf.NewProgramWithOptions(spec, opts)
	if err == nil {
		v := Verdict{Loaded: true}
		if r.LogLevel > 0 {
			v.Log = p.VerifierLog
		}
		p.Close()
		return v
	}
	v := Verdict{Errno: errnoName(err)}
	var ve *ebpf.VerifierError
	if errors.As(err, &ve) {
		v.Log = strings.Join(ve.Log, "\n")
		v.Msg = lastMessage(ve.Log)
	} else {
		v.Msg = err.Error()
	}
	return v
}

// lastMessage is the refusal's line: the last one before the statistics.
func lastMessage(log []string) string {
	for i := len(log) - 1; i >= 0; i-- {
		l := strings.TrimSpace(log[i])
		if l == "" || strings.HasPrefix(l, "processed ") || strings.HasPrefix(l, "verification time") ||
			strings.HasPrefix(l, "stack depth") {
			continue
		}
		return l
	}
	return ""
}

func asmDecode(b []byte) (asm.Instructions, error) {
	var insns asm.Instructions
	rd := bytes.NewReader(b)
	for rd.Len() > 0 {
		var ins asm.Instruction
		if err := ins.Unmarshal(rd, binary.LittleEndian, "linux"); err != nil {
			return nil, err
		}
		insns = append(insns, ins)
	}
	return insns, nil
}

func errnoName(err error) string {
	for _, e := range []unix.Errno{unix.EACCES, unix.EINVAL, unix.E2BIG, unix.EPERM,
		unix.EFAULT, unix.ENOSPC, unix.ENOMEM, unix.ENOENT, unix.EBUSY, unix.EOPNOTSUPP} {
		if errors.Is(err, e) {
			return unix.ErrnoName(e)
		}
	}
	return ""
}
