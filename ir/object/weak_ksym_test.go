package object

import (
	"fmt"
	"os"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/ir"
)

// TestWeakKsymMissing: the address of a weak kernel variable the target
// lacks is 0, as libbpf and cilium/ebpf load it, so what tests it (as
// bpf_ksym_exists() does in cilium-ebpf's ksym-el.elf ksym_missing_test)
// sees 0; a weak one the target has (bpf_prog_active, a per-CPU int of
// every kernel) stays a BTF id load, which is not taken for 0 (the
// profile does not model kernel variables yet: unsupported).
func TestWeakKsymMissing(t *testing.T) {
	const src = `
extern void %s __ksym __weak;
SEC("socket") int prog(void *ctx) {
	if (&%[1]s)
		return 1;
	return 0;
}
char _license[] SEC("license") = "GPL";
`
	for _, c := range []struct {
		name    string
		missing bool
	}{{"bpfcheck_no_such_ksym", true}, {"bpf_prog_active", false}} {
		if _, err := os.Stat("/sys/kernel/btf/vmlinux"); err != nil && !c.missing {
			t.Skip("no vmlinux BTF: the target's own variables are unknown")
		}
		p := byName(t, mustLoad(t, buildC(t, fmt.Sprintf(src, c.name)), Options{}), "prog")
		var ld *ir.Instruction
		for i := range p.Insns {
			if p.Insns[i].Opcode.IsLoadImm64() {
				ld = &p.Insns[i]
				break
			}
		}
		if ld == nil || (ld.Src == ir.PseudoNone) != c.missing {
			t.Fatalf("%s: the ksym's load is %+v", c.name, ld)
		}
		r, err := absint.Verify(p, absint.Options{Profile: "linux-6.18"})
		if err != nil {
			t.Fatal(err)
		}
		want := absint.Accept
		if !c.missing {
			want = absint.Unsupported
		}
		if r.Verdict != want {
			t.Errorf("%s: %v %+v, want %v", c.name, r.Verdict, r.Diag, want)
		}
	}
}
