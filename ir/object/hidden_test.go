package object

import (
	"fmt"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
)

// TestHiddenGlobalIsStatic: libbpf marks a global function of hidden
// visibility (__hidden, as libbpf's usdt.bpf.h declares bpf_usdt_arg)
// static, so the kernel verifies it in its caller's context, where a
// pointer argument is the caller's stack slot; a plain global function is
// verified from its signature alone, where that pointer may be NULL, and
// its unchecked store is refused.
func TestHiddenGlobalIsStatic(t *testing.T) {
	const body = `
%s int store(long *res) { *res = 0; return 0; }
SEC("kprobe/f") int prog(void *ctx) { long v; store(&v); return v; }
char _license[] SEC("license") = "GPL";
`
	for _, c := range []struct {
		attr   string
		global bool
		want   absint.Verdict
	}{
		{`__attribute__((noinline, visibility("hidden")))`, false, absint.Accept},
		{`__attribute__((noinline))`, true, absint.Reject},
	} {
		p := byName(t, mustLoad(t, buildC(t, fmt.Sprintf(body, c.attr)), Options{}), "prog")
		if len(p.Funcs) != 2 || p.Funcs[1].Name != "store" || p.Funcs[1].Global != c.global {
			t.Fatalf("%s: funcs %+v", c.attr, p.Funcs)
		}
		r, err := absint.Verify(p, absint.Options{Profile: "linux-6.18"})
		if err != nil {
			t.Fatal(err)
		}
		if r.Verdict != c.want {
			t.Errorf("%s: %v %+v, want %v", c.attr, r.Verdict, r.Diag, c.want)
		}
	}
}
