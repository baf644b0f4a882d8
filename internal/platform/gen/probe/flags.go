package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
	"github.com/cilium/ebpf/btf"

	"github.com/bpfcheck/bpfcheck/internal/platform"
)

// flagsMain asks the kernel two facts of every helper some probed type
// may call, from the checks check_helper_call makes before it looks at
// the arguments: loaded from a program without a GPL-compatible license,
// a GPL-only helper is refused ("cannot call GPL-restricted function");
// loaded into a program that may not sleep, a helper that might sleep is
// refused ("helper call might sleep"). It prints "id gpl=B sleep=B type"
// lines.
func flagsMain() {
	kernelBTF, err := btf.LoadKernelSpec()
	if err != nil {
		fmt.Fprintln(os.Stderr, "probe:", err)
		os.Exit(1)
	}
	for _, p := range platform.Helpers("linux-6.18") {
		pt, ok := nonSleepableType(p.ID)
		if !ok {
			continue
		}
		gpl := refusedWith(pt, p.ID, "Proprietary", kernelBTF, "GPL")
		sleep := refusedWith(pt, p.ID, "GPL", kernelBTF, "might sleep")
		fmt.Printf("%d gpl=%v sleep=%v %s\n", p.ID, gpl, sleep, platform.ProgType(pt))
	}
	os.Stdout.Sync()
}

// nonSleepableType is the first probed, non-sleepable type that may call id.
func nonSleepableType(id platform.HelperID) (ebpf.ProgramType, bool) {
	for _, t := range platform.ProgTypes() {
		pt := ebpf.ProgramType(t)
		if pt == ebpf.Syscall {
			continue
		}
		if ok, known := platform.HelperAvailable("linux-6.18", t, id); ok && known {
			return pt, true
		}
	}
	return 0, false
}

func refusedWith(pt ebpf.ProgramType, id platform.HelperID, license string, kernelBTF *btf.Spec, needle string) bool {
	s := setups[pt]
	spec := &ebpf.ProgramSpec{Type: pt, AttachType: s.attach, AttachTo: s.attachTo, Flags: s.flags, License: license,
		Instructions: asm.Instructions{asm.BuiltinFunc(id).Call(), asm.Mov.Imm(asm.R0, 0), asm.Return()}}
	prog, err := ebpf.NewProgramWithOptions(spec, ebpf.ProgramOptions{LogLevel: 1, KernelTypes: kernelBTF})
	if err == nil {
		prog.Close()
		return false
	}
	return strings.Contains(lastLine(err), needle)
}
