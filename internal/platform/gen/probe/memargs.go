package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"

	"github.com/bpfcheck/bpfcheck/internal/platform"
)

// memArgTypes are the program types the memory-argument probe loads, in
// the order it tries them.
var memArgTypes = []ebpf.ProgramType{
	ebpf.SocketFilter, ebpf.Kprobe, ebpf.SchedCLS, ebpf.XDP, ebpf.TracePoint, ebpf.RawTracepoint,
	ebpf.PerfEvent, ebpf.CGroupSKB, ebpf.CGroupSysctl, ebpf.SockOps, ebpf.CGroupSockAddr,
	ebpf.LWTIn, ebpf.SkSKB, ebpf.SkMsg, ebpf.CGroupSockopt, ebpf.Syscall,
}

// memArgsMain asks the kernel, for every helper whose arguments are only
// the context, scalars, sizes and one memory buffer, whether the helper
// writes the buffer: it passes a value of a BPF_F_RDONLY_PROG array map,
// which the kernel refuses for a helper that writes ("write into map
// forbidden"). (Uninitialised stack would not tell: privileged programs
// may pass it to any helper.) It prints "id verdict type" lines: writes,
// reads, or inconclusive (the call failed for another reason).
func memArgsMain() {
	m, err := ebpf.NewMap(&ebpf.MapSpec{Type: ebpf.Array, KeySize: 4, ValueSize: 64, MaxEntries: 1, Flags: 1 << 7})
	if err != nil {
		fmt.Fprintln(os.Stderr, "probe: read-only map:", err)
		os.Exit(1)
	}
	defer m.Close()
	for _, p := range platform.Helpers("linux-6.18") {
		mem := -1
		simple := true
		for i, a := range p.Args {
			switch a.Kind {
			case platform.ArgNone, platform.ArgCtx, platform.ArgAnything, platform.ArgConstSize, platform.ArgConstSizeOrZero:
				if a.Kind == platform.ArgCtx && a.Has(platform.MaybeNull) {
					simple = false
				}
			case platform.ArgMem:
				if mem >= 0 || a.Size > 64 {
					simple = false
				}
				mem = i
			default:
				simple = false
			}
		}
		if !simple || mem < 0 {
			continue
		}
		pt, ok := loadableType(p)
		if !ok {
			continue
		}
		err := loadMemProbe(pt, p, m)
		switch {
		case err == nil:
			fmt.Printf("%d reads %s\n", p.ID, platform.ProgType(pt))
		case strings.Contains(lastLine(err), "write into map forbidden"):
			fmt.Printf("%d writes %s\n", p.ID, platform.ProgType(pt))
		default:
			fmt.Printf("%d inconclusive %s: %s\n", p.ID, platform.ProgType(pt), lastLine(err))
		}
	}
	os.Stdout.Sync()
}

func loadableType(p platform.Proto) (ebpf.ProgramType, bool) {
	for _, t := range memArgTypes {
		if p.MightSleep && t != ebpf.Syscall {
			continue
		}
		if ok, known := platform.HelperAvailable("linux-6.18", platform.ProgType(t), p.ID); ok && known {
			return t, true
		}
	}
	return 0, false
}

func loadMemProbe(pt ebpf.ProgramType, p platform.Proto, m *ebpf.Map) error {
	insns := asm.Instructions{
		asm.Mov.Reg(asm.R6, asm.R1),
		asm.Mov.Imm(asm.R7, 0),
		asm.StoreMem(asm.R10, -4, asm.R7, asm.Word),
		asm.LoadMapPtr(asm.R1, m.FD()),
		asm.Mov.Reg(asm.R2, asm.R10),
		asm.Add.Imm(asm.R2, -4),
		asm.FnMapLookupElem.Call(),
		asm.JEq.Imm(asm.R0, 0, "out"),
		asm.Mov.Reg(asm.R8, asm.R0),
	}
	for i, a := range p.Args {
		r := asm.Register(i + 1)
		switch a.Kind {
		case platform.ArgCtx:
			insns = append(insns, asm.Mov.Reg(r, asm.R6))
		case platform.ArgAnything:
			insns = append(insns, asm.Mov.Imm(r, 0))
		case platform.ArgConstSize, platform.ArgConstSizeOrZero:
			insns = append(insns, asm.Mov.Imm(r, 16))
		case platform.ArgMem:
			insns = append(insns, asm.Mov.Reg(r, asm.R8))
		}
	}
	insns = append(insns, asm.BuiltinFunc(p.ID).Call(), asm.Mov.Imm(asm.R0, 0).WithSymbol("out"), asm.Return())
	s := setups[pt]
	spec := &ebpf.ProgramSpec{Type: pt, AttachType: s.attach, Flags: s.flags, License: "GPL", Instructions: insns}
	prog, err := ebpf.NewProgramWithOptions(spec, ebpf.ProgramOptions{LogLevel: 1})
	if err == nil {
		prog.Close()
	}
	return err
}

func lastLine(err error) string {
	var verr *ebpf.VerifierError
	if errors.As(err, &verr) && len(verr.Log) > 0 {
		for i := len(verr.Log) - 1; i >= 0; i-- {
			if l := strings.TrimSpace(verr.Log[i]); l != "" && !strings.HasPrefix(l, "processed") {
				return l
			}
		}
	}
	return firstLine(err)
}
