package absint

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/ir"
)

// skbProto is a global function's context parameter.
var skbProto = &ir.FuncProto{Params: []ir.Param{{Name: "skb", Kind: ir.ArgPointer, Type: "__sk_buff", Size: 192}}, Return: ir.ArgScalar}

func asmProg(t *testing.T, src string, funcs []ir.Func, undef []ir.UndefinedCall) *ir.Program {
	t.Helper()
	insns, err := ir.Assemble(src)
	if err != nil {
		t.Fatal(err)
	}
	return &ir.Program{Name: "main", Type: ir.ProgTypeSocketFilter, Insns: insns, License: "GPL", Funcs: funcs, UndefinedCalls: undef}
}

// TestUndefinedCallAtGlobalEntry: the loader encodes a call to a function
// the object lacks as "call pc-1"; as a program's first instruction that
// lands on the program's own (global) entry and must be rejected, naming
// the function (ebpf-samples' cilium-ebpf/fwd_decl-el.elf), not assumed
// valid as a global call. A real call of a global function still is.
func TestUndefinedCallAtGlobalEntry(t *testing.T) {
	undef := asmProg(t, "call pc-1\nexit\n",
		[]ir.Func{{Name: "main", Insn: 0, Global: true, Proto: skbProto}},
		[]ir.UndefinedCall{{Insn: 0, Name: "fwd"}})
	r, err := Verify(undef, Options{Profile: "linux-6.18"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict != Reject || r.Diag == nil || r.Diag.Code != "undefined-call" || !strings.Contains(r.Diag.Message, "fwd") {
		t.Errorf("undefined call: %v %+v", r.Verdict, r.Diag)
	}
	defined := asmProg(t, "call pc+1\nexit\nr0 = 0\nexit\n",
		[]ir.Func{{Name: "main", Insn: 0, Global: true, Proto: skbProto}, {Name: "g", Insn: 2, Global: true, Proto: skbProto}}, nil)
	if r, _ := Verify(defined, Options{Profile: "linux-6.18"}); r.Verdict != Accept {
		t.Errorf("call of a defined global function: %v %+v", r.Verdict, r.Diag)
	}
}

// stackFunc is a function body that writes n bytes of its stack, 8 at a
// time, and returns 0: n/8+3 instructions.
func stackFunc(n int) string {
	var b strings.Builder
	b.WriteString("r1 = 0\n")
	for off := 8; off <= n; off += 8 {
		fmt.Fprintf(&b, "*(u64 *)(r10 -%d) = r1\n", off)
	}
	b.WriteString("r0 = 0\nexit\n")
	return b.String()
}

// globalChain is main -> g1 -> g2, both global, each with n bytes of stack.
func globalChain(t *testing.T, n int) *ir.Program {
	g1len := 1 + n/8 + 3 // its call, then its body
	src := "call pc+1\nexit\n" + fmt.Sprintf("call pc+%d\n", g1len-1) + stackFunc(n) + stackFunc(n)
	return asmProg(t, src, []ir.Func{
		{Name: "main", Insn: 0, Global: true, Proto: skbProto},
		{Name: "g1", Insn: 2, Global: true, Proto: skbProto},
		{Name: "g2", Insn: 2 + g1len, Global: true, Proto: skbProto},
	}, nil)
}

// TestGlobalCallChainStack: the stack of a chain of calls through global
// functions is summed too (the kernel rejects linux-selftests'
// test_global_func1.o with "combined stack size of 3 calls is 544"), each
// frame rounded up to 16 bytes as for a JIT-compiled program: two frames
// of 248 bytes fit (2*256 = 512; 32-byte rounding with a 32-byte minimum
// for the main frame would make 544), two of 264 do not (2*272 = 544).
func TestGlobalCallChainStack(t *testing.T) {
	r, err := Verify(globalChain(t, 264), Options{Profile: "linux-6.18"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict != Reject || r.Diag == nil || r.Diag.Code != "stack-too-large" || r.Diag.Message != "combined stack size of 3 calls is 544. Too large" {
		t.Errorf("264+264 through globals: %v %+v", r.Verdict, r.Diag)
	}
	if r, _ := Verify(globalChain(t, 248), Options{Profile: "linux-6.18"}); r.Verdict != Accept {
		t.Errorf("248+248 through globals: %v %+v", r.Verdict, r.Diag)
	}
}

// TestSkStorageGetNullValue: bpf_sk_storage_get's initial value may be
// NULL (ARG_PTR_TO_MAP_VALUE_OR_NULL); the kernel skips the argument's type
// check for a NULL there (linux-selftests' socket_cookie_prog.o). Any
// other number is still refused.
func TestSkStorageGetNullValue(t *testing.T) {
	const src = `r6 = r1
r2 = *(u64 *)(r6 +184)
if r2 == 0x0 goto +5
r1 = map[0]
r3 = %d
r4 = 0
call 107
r0 = 1
exit
`
	for _, c := range []struct {
		value int
		want  Verdict
	}{{0, Accept}, {8, Reject}} {
		insns, err := ir.Assemble(fmt.Sprintf(src, c.value))
		if err != nil {
			t.Fatal(err)
		}
		p := &ir.Program{Type: ir.ProgType(13), Insns: insns, License: "GPL", // sock_ops
			Maps: []ir.MapSpec{{Type: ir.MapType(24), KeySize: 4, ValueSize: 16, Flags: 1}}} // sk_storage
		r, err := Verify(p, Options{Profile: "linux-6.18"})
		if err != nil {
			t.Fatal(err)
		}
		if r.Verdict != c.want {
			t.Errorf("value %d: %v %+v, want %v", c.value, r.Verdict, r.Diag, c.want)
		}
	}
}

// TestKfuncNotInTarget: a kfunc call the loader could not find in the
// target kernel (id 0) is refused where the walk reaches it, as the kernel
// refuses it after its walk (cilium-ebpf's invalid-kfunc-el.elf); where the
// walk never reaches it, it is dead code and the program is accepted; a
// kfunc the target has stays unsupported, never accepted unchecked.
func TestKfuncNotInTarget(t *testing.T) {
	prog := func(src string, imm int32) *ir.Program {
		insns, err := ir.Assemble(src)
		if err != nil {
			t.Fatal(err)
		}
		for i := range insns {
			if insns[i].Opcode == ir.OpCall {
				insns[i].Src, insns[i].Imm = ir.CallKfunc, imm
			}
		}
		return &ir.Program{Type: ir.ProgTypeSocketFilter, Insns: insns, License: "GPL"}
	}
	for _, c := range []struct {
		what string
		p    *ir.Program
		want Verdict
	}{
		{"reached, not in the target", prog("call 1\nr0 = 0\nexit\n", 0), Reject},
		{"never reached", prog("r0 = 0\nif r0 == 0 goto +1\ncall 1\nexit\n", 0), Accept},
		{"reached, in the target", prog("call 1\nr0 = 0\nexit\n", 1234), Unsupported},
	} {
		r, err := Verify(c.p, Options{Profile: "linux-6.18"})
		if err != nil {
			t.Fatal(err)
		}
		if r.Verdict != c.want {
			t.Errorf("%s: %v %+v, want %v", c.what, r.Verdict, r.Diag, c.want)
		}
	}
}

// TestGlobalFuncReturn: a global function's own walk asks its exit for a
// number only; the program type's return codes (0 or 1 for cgroup_skb)
// bind the program's exit (linux-selftests' test_global_func_args.o). Its
// callers see an unknown number, so returning it from the program is
// refused, and a global function returning a pointer is refused.
func TestGlobalFuncReturn(t *testing.T) {
	funcs := func(g int) []ir.Func {
		return []ir.Func{{Name: "main", Insn: 0, Global: true, Proto: skbProto}, {Name: "g", Insn: g, Global: true, Proto: skbProto}}
	}
	for _, c := range []struct {
		what, src string
		g         int
		want      Verdict
	}{
		{"g returns 5, the program 1", "call pc+2\nr0 = 1\nexit\nr0 = 5\nexit\n", 3, Accept},
		{"the program returns g's number", "call pc+1\nexit\nr0 = 5\nexit\n", 2, Reject},
		{"g returns a pointer", "call pc+2\nr0 = 1\nexit\nr0 = r10\nexit\n", 3, Reject},
	} {
		p := asmProg(t, c.src, funcs(c.g), nil)
		p.Type = ir.ProgType(8) // cgroup_skb
		r, err := Verify(p, Options{Profile: "linux-6.18"})
		if err != nil {
			t.Fatal(err)
		}
		if r.Verdict != c.want {
			t.Errorf("%s: %v %+v, want %v", c.what, r.Verdict, r.Diag, c.want)
		}
	}
}
