package absint

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cilium/ebpf/btf"

	"github.com/bpfcheck/bpfcheck/internal/kbtf"
	"github.com/bpfcheck/bpfcheck/internal/oracle"
	"github.com/bpfcheck/bpfcheck/internal/platform"
	"github.com/bpfcheck/bpfcheck/ir"
)

// btfCase is a program of a BTF-typed program type. Field offsets are
// written {struct.member} (or {struct.member+N}) and filled in from the
// running kernel's BTF, so the cases hold on any kernel.
type btfCase struct {
	name           string
	prog, attach   string
	to             string
	license        string
	text           string
	verdict        Verdict
	msg            string // the rejection's message (or a part of the unsupported one)
	kernelVerifies bool   // this machine's kernel can load the type (tp_btf, iterators, raw_tp, kprobe)
}

var fieldRef = regexp.MustCompile(`\{([a-z_0-9]+)\.([a-z_0-9]+)([+-][0-9]+)?\}`)

func btfSpecForTest(t *testing.T) *btf.Spec {
	t.Helper()
	if _, err := os.Stat("/sys/kernel/btf/vmlinux"); err != nil {
		t.Skip("no kernel BTF on this machine")
	}
	spec, err := kbtf.Kernel()
	if err != nil {
		t.Skip(err)
	}
	return spec
}

// memberOffset finds a member of a struct, looking into anonymous members.
func memberOffset(members []btf.Member, name string) (int, bool) {
	for _, m := range members {
		if m.Name == name {
			return int(m.Offset / 8), true
		}
		if m.Name == "" {
			var inner []btf.Member
			switch s := btf.UnderlyingType(m.Type).(type) {
			case *btf.Struct:
				inner = s.Members
			case *btf.Union:
				inner = s.Members
			}
			if o, ok := memberOffset(inner, name); ok {
				return int(m.Offset/8) + o, true
			}
		}
	}
	return 0, false
}

func (c btfCase) program(t *testing.T, spec *btf.Spec) *ir.Program {
	t.Helper()
	text := fieldRef.ReplaceAllStringFunc(c.text, func(ref string) string {
		m := fieldRef.FindStringSubmatch(ref)
		var s *btf.Struct
		if err := spec.TypeByName(m[1], &s); err != nil {
			t.Fatalf("%s: struct %s: %v", c.name, m[1], err)
		}
		off, ok := memberOffset(s.Members, m[2])
		if !ok {
			t.Fatalf("%s: no member %s in struct %s", c.name, m[2], m[1])
		}
		if m[3] != "" {
			d, _ := strconv.Atoi(m[3])
			off += d
		}
		return strconv.Itoa(off)
	})
	insns, err := ir.Assemble(text)
	if err != nil {
		t.Fatalf("%s: %v\n%s", c.name, err, text)
	}
	pt, ok := platform.ParseProgType(c.prog)
	if !ok {
		t.Fatalf("%s: program type %s", c.name, c.prog)
	}
	p := &ir.Program{Name: c.name, Type: ir.ProgType(pt), Insns: insns, License: "GPL", AttachTo: c.to}
	if c.license != "" {
		p.License = c.license
	}
	if c.attach != "" {
		a, ok := platform.ParseAttachType(c.attach)
		if !ok {
			t.Fatalf("%s: attach type %s", c.name, c.attach)
		}
		p.AttachType, p.HasAttachType = ir.AttachType(a), true
	}
	return p
}

// rawTP is c as a tp_btf program of tracepoint tp, which this kernel
// loads (so that TestBTFProgramsKernel compares it).
func rawTP(tp string, c btfCase) btfCase {
	c.prog, c.attach, c.to, c.kernelVerifies = "tracing", "trace_raw_tp", tp, true
	return c
}

// Registers: in sched_switch(bool preempt, struct task_struct *prev, ...)
// prev is the second argument (ctx+8).
var btfCases = []btfCase{
	rawTP("sched_switch", btfCase{name: "a field of a trusted argument",
		text: "r2 = *(u64 *)(r1 +8)\nr0 = *(u32 *)(r2 +{task_struct.pid})\nr0 = 0\nexit\n", verdict: Accept}),
	rawTP("sched_switch", btfCase{name: "a load beyond the struct",
		text: "r2 = *(u64 *)(r1 +8)\nr0 = *(u64 *)(r2 +30000)\nr0 = 0\nexit\n", verdict: Reject, msg: "access beyond struct task_struct at off 30000 size 8"}),
	rawTP("sched_switch", btfCase{name: "a store through a BTF pointer",
		text: "r2 = *(u64 *)(r1 +8)\n*(u32 *)(r2 +{task_struct.pid}) = r1\nr0 = 0\nexit\n", verdict: Reject, msg: "only read is supported"}),
	rawTP("sched_switch", btfCase{name: "a narrow load of a pointer argument",
		text: "r2 = *(u32 *)(r1 +8)\nr0 = 0\nexit\n", verdict: Reject, msg: "invalid bpf_context access off=8 size=4"}),
	rawTP("sched_switch", btfCase{name: "a narrow load of a scalar argument",
		text: "r2 = *(u32 *)(r1 +24)\nr0 = 0\nexit\n", verdict: Accept}),
	rawTP("sched_switch", btfCase{name: "an argument the tracepoint does not have",
		text: "r2 = *(u64 *)(r1 +32)\nr0 = 0\nexit\n", verdict: Reject, msg: "invalid bpf_context access off=32 size=8"}),
	rawTP("sched_switch", btfCase{name: "a context load inside a slot",
		text: "r2 = *(u32 *)(r1 +4)\nr0 = 0\nexit\n", verdict: Reject, msg: "invalid bpf_context access off=4 size=4"}),
	rawTP("sched_switch", btfCase{name: "a context store",
		text: "*(u64 *)(r1 +0) = r1\nr0 = 0\nexit\n", verdict: Reject, msg: "invalid bpf_context access off=0 size=8"}),
	rawTP("sched_switch", btfCase{name: "a constant offset added to a BTF pointer",
		text: "r2 = *(u64 *)(r1 +8)\nr2 += {task_struct.pid}\nr0 = *(u32 *)(r2 +0)\nr0 = 0\nexit\n", verdict: Accept}),
	rawTP("sched_switch", btfCase{name: "a variable offset added to a BTF pointer",
		text:    "r2 = *(u64 *)(r1 +8)\nr3 = *(u32 *)(r1 +24)\nr3 &= 7\nr2 += r3\nr0 = *(u32 *)(r2 +0)\nr0 = 0\nexit\n",
		verdict: Reject, msg: "R2 is ptr_task_struct invalid variable offset: off=0, var_off=(0x0; 0x7)"}),
	rawTP("sched_switch", btfCase{name: "a negative offset",
		text: "r2 = *(u64 *)(r1 +8)\nr0 = *(u64 *)(r2 -8)\nr0 = 0\nexit\n", verdict: Reject, msg: "R2 is ptr_task_struct invalid negative access: off=-8"}),
	rawTP("sched_switch", btfCase{name: "half of a pointer member",
		text: "r2 = *(u64 *)(r1 +8)\nr0 = *(u32 *)(r2 +{task_struct.real_parent+4})\nr0 = 0\nexit\n", verdict: Reject, msg: "cannot access ptr member real_parent with moff"}),
	rawTP("sched_switch", btfCase{name: "a load running past a member",
		text: "r2 = *(u64 *)(r1 +8)\nr0 = *(u32 *)(r2 +{task_struct.flags+1})\nr0 = 0\nexit\n", verdict: Reject, msg: "access beyond the end of member flags"}),
	rawTP("sched_switch", btfCase{name: "a char array read as scratch space",
		text: "r2 = *(u64 *)(r1 +8)\nr0 = *(u64 *)(r2 +{task_struct.comm+4})\nr0 = 0\nexit\n", verdict: Accept}),
	rawTP("sched_switch", btfCase{name: "pointers read from fields: rcu, untrusted, and loads through them",
		text: "r2 = *(u64 *)(r1 +8)\nr3 = *(u64 *)(r2 +{task_struct.real_parent})\nr0 = *(u32 *)(r3 +{task_struct.pid})\n" +
			"r3 = *(u64 *)(r2 +{task_struct.group_leader})\nr0 = *(u32 *)(r3 +{task_struct.tgid})\n" +
			"r4 = *(u64 *)(r2 +{task_struct.cred})\nr0 = *(u32 *)(r4 +0)\nr0 = 0\nexit\n", verdict: Accept}),
	rawTP("sched_switch", btfCase{name: "an untrusted kernel pointer may be NULL: the branch where it is is walked",
		text:    "r2 = *(u64 *)(r1 +8)\nr3 = *(u64 *)(r2 +{task_struct.mm})\nif r3 == 0 goto l\nr0 = 0\nexit\nl: r0 = *(u64 *)(r10 +8)\nr0 = 0\nexit\n",
		verdict: Reject, msg: "invalid read from stack R10 off=8 size=8"}),
	rawTP("sched_switch", btfCase{name: "an untrusted pointer's NULL branch, JNE form",
		text:    "r2 = *(u64 *)(r1 +8)\nr3 = *(u64 *)(r2 +{task_struct.mm})\nif r3 != 0 goto l\nr0 = *(u64 *)(r10 +8)\nl: r0 = 0\nexit\n",
		verdict: Reject, msg: "invalid read from stack R10 off=8 size=8"}),
	rawTP("sched_switch", btfCase{name: "a trusted argument is never NULL: its NULL branch is dead",
		text: "r2 = *(u64 *)(r1 +8)\nif r2 == 0 goto l\nr0 = 0\nexit\nl: r0 = *(u64 *)(r10 +8)\nr0 = 0\nexit\n", verdict: Accept}),
	rawTP("sched_switch", btfCase{name: "untrusted memory may be NULL too",
		text:    "r2 = *(u64 *)(r1 +8)\nr3 = *(u64 *)(r2 +{task_struct.stack})\nif r3 == 0 goto l\nr0 = 0\nexit\nl: r0 = *(u64 *)(r10 +8)\nr0 = 0\nexit\n",
		verdict: Reject, msg: "invalid read from stack R10 off=8 size=8"}),
	{name: "a fentry argument may be NULL: the branch where it is is walked", prog: "tracing", attach: "trace_fentry", to: "do_unlinkat",
		text:    "r2 = *(u64 *)(r1 +8)\nif r2 == 0 goto l\nr0 = 0\nexit\nl: r0 = *(u64 *)(r10 +8)\nr0 = 0\nexit\n",
		verdict: Reject, msg: "invalid read from stack R10 off=8 size=8"},
	rawTP("sched_pi_setprio", btfCase{name: "an argument that may be NULL, checked",
		text: "r2 = *(u64 *)(r1 +8)\nif r2 == 0 goto l\nr0 = *(u32 *)(r2 +{task_struct.pid})\nl: r0 = 0\nexit\n", verdict: Accept}),
	rawTP("sched_pi_setprio", btfCase{name: "an argument that may be NULL, not checked",
		text: "r2 = *(u64 *)(r1 +8)\nr0 = *(u32 *)(r2 +{task_struct.pid})\nr0 = 0\nexit\n", verdict: Reject, msg: "R2 invalid mem access 'trusted_ptr_or_null_'"}),
	rawTP("sched_pi_setprio", btfCase{name: "an argument that may be NULL, arithmetic before the check",
		text: "r2 = *(u64 *)(r1 +8)\nr2 += 8\nr0 = 0\nexit\n", verdict: Reject, msg: "R2 pointer arithmetic on trusted_ptr_or_null_ prohibited, null-check it first"}),
	rawTP("signal_deliver", btfCase{name: "an argument that may hold an error is a number",
		text: "r2 = *(u64 *)(r1 +8)\nr0 = *(u32 *)(r2 +0)\nr0 = 0\nexit\n", verdict: Reject, msg: "R2 invalid mem access 'scalar'"}),
	rawTP("sched_switch", btfCase{name: "a pointer to something not a struct: untrusted memory, readable anywhere",
		text: "r2 = *(u64 *)(r1 +8)\nr3 = *(u64 *)(r2 +{task_struct.stack})\nr0 = *(u64 *)(r3 -8)\nr0 = *(u8 *)(r3 +4000)\nr0 = 0\nexit\n", verdict: Accept}),
	rawTP("sched_switch", btfCase{name: "a store into untrusted memory",
		text: "r2 = *(u64 *)(r1 +8)\nr3 = *(u64 *)(r2 +{task_struct.stack})\n*(u64 *)(r3 +0) = r1\nr0 = 0\nexit\n", verdict: Reject, msg: "R3 cannot write into rdonly_untrusted_mem"}),
	rawTP("sched_switch", btfCase{name: "untrusted memory is not a helper's memory argument",
		text:    "r2 = *(u64 *)(r1 +8)\nr1 = *(u64 *)(r2 +{task_struct.stack})\nr2 = 8\ncall 6\nr0 = 0\nexit\n",
		verdict: Reject, msg: "R1 type=rdonly_untrusted_mem expected="}),
	rawTP("sched_switch", btfCase{name: "a task's comm is read with bpf_probe_read_kernel",
		text: "r2 = *(u64 *)(r1 +8)\nr3 = r2\nr3 += {task_struct.comm}\nr1 = r10\nr1 += -16\nr2 = 16\ncall 113\nr0 = 0\nexit\n", verdict: Accept}),
	{name: "a non-GPL program reading a kernel struct", prog: "tracing", attach: "trace_raw_tp", to: "sched_switch", license: "Dual BSD/MIT", kernelVerifies: true,
		text: "r2 = *(u64 *)(r1 +8)\nr0 = *(u32 *)(r2 +{task_struct.pid})\nr0 = 0\nexit\n", verdict: Reject, msg: "Cannot access kernel 'struct task_struct' from non-GPL compatible program"},
	{name: "bpf_get_current_task_btf in a raw tracepoint", prog: "raw_tracepoint", kernelVerifies: true,
		text: "call 158\nr2 = *(u64 *)(r0 +{task_struct.mm})\nr0 = *(u32 *)(r0 +{task_struct.pid})\nr0 = 0\nexit\n", verdict: Accept},
	{name: "bpf_get_current_task_btf, then a store", prog: "raw_tracepoint", kernelVerifies: true,
		text: "call 158\n*(u32 *)(r0 +{task_struct.pid}) = 1\nr0 = 0\nexit\n", verdict: Reject, msg: "only read is supported"},
	{name: "bpf_get_current_task_btf, then a load beyond", prog: "kprobe", kernelVerifies: true,
		text: "call 158\nr0 = *(u64 *)(r0 +30000)\nr0 = 0\nexit\n", verdict: Reject, msg: "access beyond struct task_struct at off 30000 size 8"},
	{name: "a task iterator checks its task", prog: "tracing", attach: "trace_iter", to: "task", kernelVerifies: true,
		text: "r2 = *(u64 *)(r1 +8)\nif r2 == 0 goto l\nr0 = *(u32 *)(r2 +{task_struct.pid})\nl: r0 = 0\nexit\n", verdict: Accept},
	{name: "a task iterator's task may be NULL", prog: "tracing", attach: "trace_iter", to: "task", kernelVerifies: true,
		text: "r2 = *(u64 *)(r1 +8)\nr0 = *(u32 *)(r2 +{task_struct.pid})\nr0 = 0\nexit\n", verdict: Reject, msg: "R2 invalid mem access 'trusted_ptr_or_null_'"},
	{name: "an iterator returns 0 or 1", prog: "tracing", attach: "trace_iter", to: "task", kernelVerifies: true,
		text: "r0 = 2\nexit\n", verdict: Reject, msg: "At program exit the register R0 has smin=2 smax=2 should have been in [0, 1]"},
	{name: "fentry reads a plain BTF argument", prog: "tracing", attach: "trace_fentry", to: "do_unlinkat",
		text: "r2 = *(u64 *)(r1 +8)\nr0 = *(u64 *)(r2 +{filename.name})\nr0 = 0\nexit\n", verdict: Accept},
	{name: "fentry returns 0", prog: "tracing", attach: "trace_fentry", to: "do_unlinkat",
		text: "r0 = 1\nexit\n", verdict: Reject, msg: "At program exit the register R0 has smin=1 smax=1 should have been in [0, 0]"},
	{name: "fentry cannot read the return value", prog: "tracing", attach: "trace_fentry", to: "do_unlinkat",
		text: "r2 = *(u64 *)(r1 +16)\nr0 = 0\nexit\n", verdict: Reject, msg: "invalid bpf_context access off=16 size=8"},
	{name: "fexit reads the return value after the arguments", prog: "tracing", attach: "trace_fexit", to: "do_unlinkat",
		text: "r2 = *(u64 *)(r1 +16)\nr0 = 0\nexit\n", verdict: Accept},
	{name: "fexit has nothing after the return value", prog: "tracing", attach: "trace_fexit", to: "do_unlinkat",
		text: "r2 = *(u64 *)(r1 +24)\nr0 = 0\nexit\n", verdict: Reject, msg: "invalid bpf_context access off=24 size=8"},
	{name: "an lsm hook returns an errno", prog: "lsm", attach: "lsm_mac", to: "file_open",
		text: "r2 = *(u64 *)(r1 +0)\nr0 = *(u32 *)(r2 +{file.f_flags})\nr0 = -1\nexit\n", verdict: Accept},
	{name: "an lsm hook cannot return a positive number", prog: "lsm", attach: "lsm_mac", to: "file_open",
		text: "r0 = 1\nexit\n", verdict: Reject, msg: "should have been in [-4095, 0]"},
	{name: "an lsm hook's return value slot is an errno", prog: "lsm", attach: "lsm_mac", to: "file_open",
		text: "r0 = *(u64 *)(r1 +8)\nexit\n", verdict: Accept},
	{name: "a struct_ops member's arguments", prog: "struct_ops", to: "tcp_congestion_ops.cong_avoid",
		text: "r2 = *(u64 *)(r1 +0)\nr0 = *(u32 *)(r2 +{sock.sk_priority})\nexit\n", verdict: Accept},
	{name: "a congestion control may not store into any tcp_sock field", prog: "struct_ops", to: "tcp_congestion_ops.cong_avoid",
		text: "r2 = *(u64 *)(r1 +0)\n*(u32 *)(r2 +{sock.sk_priority}) = 1\nexit\n", verdict: Reject, msg: "no write support to tcp_sock at off"},
	{name: "a congestion control sets snd_cwnd", prog: "struct_ops", to: "tcp_congestion_ops.cong_avoid",
		text: "r2 = *(u64 *)(r1 +0)\n*(u32 *)(r2 +{tcp_sock.snd_cwnd}) = 10\nexit\n", verdict: Accept},
	{name: "a congestion control's store runs past snd_cwnd", prog: "struct_ops", to: "tcp_congestion_ops.cong_avoid",
		text: "r2 = *(u64 *)(r1 +0)\n*(u64 *)(r2 +{tcp_sock.snd_cwnd}) = 10\nexit\n", verdict: Reject, msg: "beyond the member of tcp_sock ended at"},
	{name: "a congestion control writes its private area", prog: "struct_ops", to: "tcp_congestion_ops.cong_avoid",
		text: "r2 = *(u64 *)(r1 +0)\n*(u32 *)(r2 +{inet_connection_sock.icsk_ca_priv+8}) = 1\nexit\n", verdict: Accept},
	{name: "a congestion control may not store through another struct", prog: "struct_ops", to: "tcp_congestion_ops.cong_avoid",
		text: "call 158\n*(u32 *)(r0 +{task_struct.pid}) = 1\nexit\n", verdict: Reject, msg: "only read is supported"},
	{name: "an iterator writes to its seq_file", prog: "tracing", attach: "trace_iter", to: "task", kernelVerifies: true,
		text: "r2 = *(u64 *)(r1 +0)\nr1 = *(u64 *)(r2 +{bpf_iter_meta.seq})\n*(u64 *)(r10 -8) = 0\nr2 = r10\nr2 += -8\nr3 = 8\ncall 127\nr0 = 0\nexit\n", verdict: Accept},
	rawTP("sched_switch", btfCase{name: "only iterators may call seq_write",
		text: "r1 = 0\nr2 = r10\nr2 += -8\nr3 = 8\ncall 127\nr0 = 0\nexit\n", verdict: Reject, msg: "program of this type cannot use helper bpf_seq_write#127"}),
	rawTP("tcp_retransmit_skb", btfCase{name: "a trusted sock passed to bpf_skc_to_tcp_sock",
		text: "r1 = *(u64 *)(r1 +0)\ncall 137\nr0 = 0\nexit\n", verdict: Accept}),
	rawTP("kfree_skb", btfCase{name: "a socket that may be NULL passed to bpf_get_socket_cookie, which takes NULL",
		text: "r1 = *(u64 *)(r1 +24)\ncall 46\nr0 = 0\nexit\n", verdict: Accept}),
	rawTP("kfree_skb", btfCase{name: "a socket that may be NULL passed to bpf_skc_to_tcp_sock, which does not",
		text: "r1 = *(u64 *)(r1 +24)\ncall 137\nr0 = 0\nexit\n", verdict: Reject, msg: "R1 type=trusted_ptr_or_null_ expected=sock_common, sock, tcp_sock, xdp_sock, ptr_, trusted_ptr_"}),
	rawTP("tcp_retransmit_skb", btfCase{name: "a struct socket passed to bpf_skc_to_tcp_sock",
		text: "r2 = *(u64 *)(r1 +0)\nr1 = *(u64 *)(r2 +{sock.sk_socket})\ncall 137\nr0 = 0\nexit\n", verdict: Reject, msg: "R1 type=untrusted_ptr_ expected=sock_common, sock, tcp_sock, xdp_sock, ptr_, trusted_ptr_"}),
	{name: "a tcp_congestion_ops member sees its sock as a tcp_sock", prog: "struct_ops", to: "tcp_congestion_ops.ssthresh",
		text: "r2 = *(u64 *)(r1 +0)\nr0 = *(u32 *)(r2 +{tcp_sock.snd_cwnd})\nexit\n", verdict: Accept},
	{name: "a tcp_congestion_ops member reads past its tcp_sock", prog: "struct_ops", to: "tcp_congestion_ops.ssthresh",
		text: "r2 = *(u64 *)(r1 +0)\nr0 = *(u32 *)(r2 +30000)\nexit\n", verdict: Reject, msg: "access beyond struct tcp_sock at off 30000 size 4"},
	{name: "a struct_ops member with one argument has no second", prog: "struct_ops", to: "tcp_congestion_ops.ssthresh",
		text: "r2 = *(u64 *)(r1 +8)\nr0 = 0\nexit\n", verdict: Reject, msg: "invalid bpf_context access off=8 size=8"},
	{name: "an attach target the kernel does not have", prog: "tracing", attach: "trace_fentry", to: "no_such_function_here",
		text: "r0 = 0\nexit\n", verdict: Reject, msg: "no_such_function_here"},
	{name: "a tracing program without its target", prog: "tracing", attach: "trace_fentry",
		text: "r0 = 0\nexit\n", verdict: Unsupported, msg: "needs its attach target"},
}

// diagMessage is res's diagnostic message, "" without one.
func diagMessage(res *Result) string {
	if res.Diag == nil {
		return ""
	}
	return res.Diag.Message
}

func TestBTFPrograms(t *testing.T) {
	spec := btfSpecForTest(t)
	for _, c := range btfCases {
		p := c.program(t, spec)
		res, err := Verify(p, Options{Profile: "linux-6.18", LogLevel: 1})
		if err != nil {
			t.Fatal(err)
		}
		got := diagMessage(res)
		if res.Verdict != c.verdict || !strings.Contains(got, c.msg) {
			t.Errorf("%s: %v %q, want %v %q\n%s", c.name, res.Verdict, got, c.verdict, c.msg, res.Log)
		}
	}
}

// TestBTFProgramsKernel loads every case this kernel can load and compares
// its verdict and message with bpfcheck's.
func TestBTFProgramsKernel(t *testing.T) {
	spec := btfSpecForTest(t)
	o := kernelOracle(t)
	for _, c := range btfCases {
		if !c.kernelVerifies {
			continue
		}
		p := c.program(t, spec)
		v, err := o.Load(oracle.Request{Type: uint32(p.Type), Attach: uint32(p.AttachType), AttachTo: p.AttachTo,
			Insns: p.Insns, License: p.License, LogLevel: 1})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if v.Setup {
			t.Skipf("%s: %s", c.name, v.Msg)
		}
		if v.Loaded != (c.verdict == Accept) || !v.Loaded && !strings.Contains(v.Msg, c.msg) {
			t.Errorf("%s: the kernel says loaded=%v %q, the case %v %q\n%s", c.name, v.Loaded, v.Msg, c.verdict, c.msg, v.Log)
		}
	}
}

// TestBTFWalkDifferential compares bpfcheck with the running kernel on
// generated tp_btf programs: for tracepoints of the kernel's BTF, a load
// of a random size at a random offset of a pointer argument's struct,
// then a load through whatever that gave. Verdicts and messages must be
// the kernel's.
func TestBTFWalkDifferential(t *testing.T) {
	spec := btfSpecForTest(t)
	o := kernelOracle(t)
	type tpArg struct {
		tp   string
		arg  int
		size int
	}
	var args []tpArg
	for typ, err := range spec.All() {
		if err != nil {
			t.Fatal(err)
		}
		td, ok := typ.(*btf.Typedef)
		if !ok || !strings.HasPrefix(td.Name, "btf_trace_") {
			continue
		}
		p, ok := btf.UnderlyingType(td.Type).(*btf.Pointer)
		if !ok {
			continue
		}
		fp, ok := btf.UnderlyingType(p.Target).(*btf.FuncProto)
		if !ok {
			continue
		}
		for i, prm := range fp.Params[min(1, len(fp.Params)):] {
			pt, ok := btf.UnderlyingType(prm.Type).(*btf.Pointer)
			if !ok {
				continue
			}
			if s, ok := btf.UnderlyingType(pt.Target).(*btf.Struct); ok && s.Size > 0 {
				args = append(args, tpArg{strings.TrimPrefix(td.Name, "btf_trace_"), i, int(s.Size)})
			}
		}
	}
	n := 150 // BPFCHECK_DIFF_N for more
	if k, err := strconv.Atoi(os.Getenv("BPFCHECK_DIFF_N")); err == nil && k > 0 {
		n = k
	} else if testing.Short() {
		n = 50
	}
	rnd := uint64(12345)
	next := func(k int) int {
		rnd = rnd*6364136223846793005 + 1442695040888963407
		return int((rnd >> 33) % uint64(k))
	}
	sizes := []string{"u8", "u16", "u32", "u64"}
	agree := 0
	for i := 0; i < n && len(args) > 0; i++ {
		a := args[next(len(args))]
		off := next(a.size + 16)
		if next(3) == 0 {
			off &^= 7
		}
		sz := sizes[next(4)]
		off2 := next(64) &^ 7
		text := fmt.Sprintf("r2 = *(u64 *)(r1 +%d)\nif r2 == 0 goto l\nr3 = *(%s *)(r2 +%d)\nif r3 == 0 goto l\nr0 = *(u64 *)(r3 +%d)\nl: r0 = 0\nexit\n",
			8*a.arg, sz, off, off2)
		insns, err := ir.Assemble(text)
		if err != nil {
			t.Fatal(err)
		}
		p := &ir.Program{Name: a.tp, Type: 26, AttachType: 23, HasAttachType: true, AttachTo: a.tp, Insns: insns, License: "GPL"}
		res, err := Verify(p, Options{Profile: "linux-6.18"})
		if err != nil {
			t.Fatal(err)
		}
		v, err := o.Load(oracle.Request{Type: 26, Attach: 23, AttachTo: a.tp, Insns: insns, LogLevel: 1})
		if err != nil {
			t.Fatal(err)
		}
		if v.Setup {
			continue
		}
		got := diagMessage(res)
		switch {
		case res.Verdict == Accept && !v.Loaded:
			t.Errorf("%s: bpfcheck accepts, the kernel refuses: %s\n%s", a.tp, v.Msg, text)
		case res.Verdict == Reject && v.Loaded:
			t.Errorf("%s: bpfcheck rejects (%s), the kernel accepts\n%s", a.tp, got, text)
		case res.Verdict == Unsupported:
			t.Logf("%s: unsupported: %s", a.tp, got)
		case res.Verdict == Reject && got != v.Msg:
			t.Errorf("%s: bpfcheck says %q, the kernel %q\n%s", a.tp, got, v.Msg, text)
		default:
			agree++
		}
	}
	t.Logf("%d of %d programs: the kernel's verdict and message", agree, n)
}

// TestReturnRangesKernel checks the return ranges (platform's
// ReturnRange618, which the profile enforces) against the running
// kernel: every program type and attach type here that loads, returning
// each of -1..4.
func TestReturnRangesKernel(t *testing.T) {
	o := kernelOracle(t)
	hooks := []struct{ prog, attach, to string }{
		{"socket_filter", "", ""}, {"sched_cls", "", ""}, {"xdp", "", ""}, {"kprobe", "", ""}, {"tracepoint", "", ""},
		{"cgroup_skb", "cgroup_inet_ingress", ""}, {"cgroup_skb", "cgroup_inet_egress", ""},
		{"cgroup_sock", "cgroup_inet_sock_create", ""}, {"sock_ops", "cgroup_sock_ops", ""},
		{"cgroup_device", "cgroup_device", ""}, {"cgroup_sysctl", "cgroup_sysctl", ""},
		{"cgroup_sockopt", "cgroup_getsockopt", ""}, {"cgroup_sockopt", "cgroup_setsockopt", ""},
		{"cgroup_sock_addr", "cgroup_inet4_bind", ""}, {"cgroup_sock_addr", "cgroup_inet6_connect", ""},
		{"cgroup_sock_addr", "cgroup_udp4_recvmsg", ""}, {"cgroup_sock_addr", "cgroup_inet4_getpeername", ""},
		{"sk_lookup", "sk_lookup", ""}, {"netfilter", "netfilter", ""},
		{"tracing", "trace_iter", "task"}, {"tracing", "trace_raw_tp", "sched_switch"}, {"raw_tracepoint", "", ""},
	}
	spec := btfSpecForTest(t)
	checked := 0
	for _, h := range hooks {
		for v := -1; v <= 4; v++ {
			c := btfCase{name: h.prog + "/" + h.attach, prog: h.prog, attach: h.attach, to: h.to, text: fmt.Sprintf("r0 = %d\nexit\n", v)}
			p := c.program(t, spec)
			res, err := Verify(p, Options{Profile: "linux-6.18"})
			if err != nil {
				t.Fatal(err)
			}
			req := oracle.Request{Type: uint32(p.Type), AttachTo: p.AttachTo, Insns: p.Insns, License: "GPL"}
			if p.HasAttachType {
				req.Attach = uint32(p.AttachType)
			}
			kv, err := o.Load(req)
			if err != nil {
				t.Fatal(err)
			}
			if kv.Setup || !kv.Loaded && !strings.Contains(kv.Msg, "At program exit") {
				continue // the kernel refuses the hook for another reason here
			}
			checked++
			got := diagMessage(res)
			if kv.Loaded != (res.Verdict == Accept) || !kv.Loaded && got != kv.Msg {
				t.Errorf("%s returning %d: bpfcheck %v %q, the kernel loaded=%v %q", c.name, v, res.Verdict, got, kv.Loaded, kv.Msg)
			}
		}
	}
	t.Logf("%d hook and return value pairs checked against the kernel", checked)
}
