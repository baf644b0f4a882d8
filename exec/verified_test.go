package exec_test

import (
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/ir"
)

func verify(t *testing.T, typ ir.ProgType, profile, src string) (*ir.Program, *absint.Verified) {
	t.Helper()
	insns, err := ir.Assemble(src)
	if err != nil {
		t.Fatal(err)
	}
	p := &ir.Program{Name: "t", Type: typ, Insns: insns, License: "GPL"}
	res, err := absint.Verify(p, absint.Options{Profile: profile})
	if err != nil || res.Verdict != absint.Accept {
		t.Fatalf("not accepted: %v %+v", err, res.Diag)
	}
	return p, res.Verified
}

// A program changed after Verify runs as it was verified: Verify keeps
// its own copy (issue 9, hole 1: the old code ran the changed program,
// a load from ctx+4000, without a check).
func TestVerifiedIsACopy(t *testing.T) {
	p, v := verify(t, ir.ProgTypeSocketFilter, "linux-4.3", `
		r0 = *(u32 *)(r1 +0)
		exit`)
	p.Insns[0].Off = 4000 // r0 = *(u32 *)(r1 +4000)
	p.Type = ir.ProgTypeKprobe
	p.Maps = append(p.Maps, ir.MapSpec{Type: ir.MapTypeArray, KeySize: 4, ValueSize: 4, MaxEntries: 1})
	v.Program().Insns[0].Off = 4000 // a copy, too
	prog, err := exec.Load(v, nil, exec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r0, err := prog.Run(&exec.SkBuff{Packet: make([]byte, 42)})
	if err != nil || r0 != 42 {
		t.Errorf("got %d, %v; want the verified program's 42 (len)", r0, err)
	}
	if v.Program().Insns[0].Off != 0 || v.Program().Type != ir.ProgTypeSocketFilter || len(v.Program().Maps) != 0 {
		t.Errorf("Verified changed with the caller's program: %+v", v.Program())
	}
}

// A run on a context of another kind or size than the program type
// implies is an error, never a run (issue 9, hole 2: the old code ran a
// kprobe program reading pt_regs+160 on a 72-byte __sk_buff).
func TestRunRefusesForeignContext(t *testing.T) {
	_, kprobe := verify(t, ir.ProgTypeKprobe, "linux-4.3", `
		r0 = *(u64 *)(r1 +160)
		exit`)
	_, filter := verify(t, ir.ProgTypeSocketFilter, "linux-4.2", `
		r0 = *(u32 *)(r1 +0)
		exit`)
	tests := []struct {
		name string
		v    *absint.Verified
		ctx  exec.Context
	}{
		{"a kprobe program on an __sk_buff", kprobe, &exec.SkBuff{}},
		{"a kprobe program on plain memory", kprobe, exec.Memory(make([]byte, 8))},
		{"a kprobe program on plain memory of pt_regs' size", kprobe, exec.Memory(make([]byte, 168))},
		{"a kprobe program without a context", kprobe, nil},
		{"a kprobe program on a nil pt_regs", kprobe, (*exec.PtRegs)(nil)},
		{"a socket filter on pt_regs", filter, &exec.PtRegs{}},
		{"a socket filter on plain memory", filter, exec.Memory(make([]byte, 68))},
		{"a socket filter on a nil __sk_buff", filter, (*exec.SkBuff)(nil)},
	}
	for _, tt := range tests {
		for _, engine := range engines() {
			prog, err := exec.Load(tt.v, nil, exec.Options{Engine: engine})
			if err != nil {
				t.Fatal(err)
			}
			r0, err := prog.Run(tt.ctx)
			if err == nil || !strings.Contains(err.Error(), "context") {
				t.Errorf("%s (%s): ran, r0 %#x, err %v", tt.name, engineName(engine), r0, err)
			}
			prog.Close()
		}
	}
	// The right contexts run.
	for _, tt := range []struct {
		v   *absint.Verified
		ctx exec.Context
	}{{kprobe, &exec.PtRegs{20: 9}}, {filter, &exec.SkBuff{Packet: make([]byte, 9)}}} {
		prog, _ := exec.Load(tt.v, nil, exec.Options{})
		if r0, err := prog.Run(tt.ctx); err != nil || r0 != 9 {
			t.Errorf("%T: got %d, %v; want 9", tt.ctx, r0, err)
		}
	}
}
