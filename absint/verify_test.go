package absint

import (
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/ir"
)

func program(t testing.TB, src string, maps ...ir.MapSpec) *ir.Program {
	t.Helper()
	insns, err := ir.Assemble(src)
	if err != nil {
		t.Fatal(err)
	}
	return &ir.Program{Name: "test", Type: ir.ProgTypeSocketFilter, Insns: insns, Maps: maps, License: "GPL"}
}

var hash88 = ir.MapSpec{Type: ir.MapTypeHash, KeySize: 8, ValueSize: 8, MaxEntries: 16}

func TestVerifiedOnlyOnAccept(t *testing.T) {
	ok, err := Verify(program(t, "r0 = 0\nexit"), Options{Profile: "linux-4.2"})
	if err != nil || ok.Verdict != Accept || ok.Verified == nil || ok.Verified.Program().Insns[0].Opcode != 0xb7 {
		t.Fatalf("an accepted program must come with its Verified: %+v %v", ok, err)
	}
	bad, _ := Verify(program(t, "exit"), Options{Profile: "linux-4.2"})
	if bad.Verdict != Reject || bad.Verified != nil || bad.Errno != "EACCES" {
		t.Fatalf("a rejected program must not be Verified: %+v", bad)
	}
	if _, err := Verify(program(t, "exit"), Options{Profile: "linux-9.9"}); err == nil {
		t.Errorf("an unknown profile must be an error")
	}
}

// TestVerifiedIsPrivate checks that what Verify hands out as Verified is
// a copy of the judged program that the caller's program cannot reach:
// changing the caller's instructions and maps afterwards changes nothing.
func TestVerifiedIsPrivate(t *testing.T) {
	for _, profile := range []string{"linux-4.2", "linux-6.18"} {
		p := program(t, "r0 = 0\nexit", hash88)
		res, err := Verify(p, Options{Profile: profile})
		if err != nil || res.Verdict != Accept {
			t.Fatalf("%s: %+v %v", profile, res, err)
		}
		p.Insns[0].Imm = 7
		p.Maps[0].ValueSize = 99
		got := res.Verified.Program()
		if got.Insns[0].Imm != 0 || got.Maps[0].ValueSize != 8 {
			t.Errorf("%s: the caller's changes reached the Verified: imm %d, value size %d", profile, got.Insns[0].Imm, got.Maps[0].ValueSize)
		}
	}
}

func TestLogOnlyWhenAsked(t *testing.T) {
	p := program(t, "r0 = 0\nexit")
	quiet, _ := Verify(p, Options{Profile: "linux-4.2"})
	loud, _ := Verify(p, Options{Profile: "linux-4.2", LogLevel: 1})
	if quiet.Log != "" || loud.Log != "0: (b7) r0 = 0\n1: (95) exit\n" {
		t.Errorf("log level 0 gave %q, level 1 gave %q", quiet.Log, loud.Log)
	}
}

// TestUnionUpperHalf checks the leftover upper half of the register union:
// the NULL side of a lookup keeps the map address's upper half, so its imm0
// differs from a plain imm0 and the kernel does not prune (spec §6.10).
func TestUnionUpperHalf(t *testing.T) {
	p := program(t, `
		*(u64 *)(r10 -8) = 0
		r2 = r10
		r2 += -8
		r1 = map[0]
		call 1
		if r0 == 0x0 goto pc+2
		r0 = 0
		goto pc+0
		exit`, hash88)
	res, _ := Verify(p, Options{Profile: "linux-4.2", LogLevel: 1})
	if res.Verdict != Accept || !strings.Contains(res.Log, "from 6 to 9: R0=imm0 R10=fp\n9: (95) exit\n") {
		t.Fatalf("want the NULL side walked again, got:\n%s", res.Log)
	}
	if res.Stats.Processed != 10 {
		t.Errorf("processed %d, want 10 (the second visit of insn 9 counts)", res.Stats.Processed)
	}
	// Without the call's leftover half, r0 = 0 on both sides prunes.
	q := program(t, `
		r0 = *(u32 *)(r1 +0)
		if r0 == 0x0 goto pc+2
		r0 = 0
		goto pc+0
		exit`)
	res, _ = Verify(q, Options{Profile: "linux-4.2", LogLevel: 1})
	if !strings.Contains(res.Log, "from 1 to 4: safe\n") {
		t.Errorf("a plain imm0 on both sides must prune, got:\n%s", res.Log)
	}
}

func TestEqualKernel(t *testing.T) {
	a, b := initialState(), initialState()
	if !equalKernel(a, b) {
		t.Fatal("equal states must compare equal")
	}
	b.Regs[2] = Reg{Type: ConstImm, Lo: 5}
	if !equalKernel(a, b) {
		t.Error("an old NOT_INIT register covers anything")
	}
	a.Regs[2] = unknown()
	if !equalKernel(a, b) {
		t.Error("an old inv register covers any readable register")
	}
	a.Regs[2] = Reg{Type: ConstImm, Lo: 5, Hi: 1}
	if equalKernel(a, b) {
		t.Error("constants must match in the whole union")
	}
	a, b = initialState(), initialState()
	a.Stack[100] = StackMisc
	if equalKernel(a, b) {
		t.Error("an old written byte does not cover an unwritten one")
	}
	if !equalKernel(b, a) {
		t.Error("an old unwritten byte covers anything")
	}
	a, b = initialState(), initialState()
	for i := 0; i < 8; i++ {
		a.Stack[StackSize-8+i], b.Stack[StackSize-8+i] = StackSpill, StackSpill
	}
	a.Spilled[numSlots-1] = Reg{Type: PtrToCtx}
	b.Spilled[numSlots-1] = Reg{Type: PtrToStack, Lo: uint32(0xfffffff0)}
	if equalKernel(a, b) {
		t.Error("spilled registers must be equal")
	}
}

func TestStats(t *testing.T) {
	p := program(t, `
		r0 = *(u32 *)(r1 +0)
		if r0 > 0x1 goto pc+1
		r0 += 1
		exit`)
	res, _ := Verify(p, Options{Profile: "linux-4.3"})
	s := res.Stats
	if s.Insns != 4 || s.Processed != 5 || s.States != 1 || s.PeakStates != 2 {
		t.Errorf("stats %+v, want 4 insns, 5 processed, 1 state, peak 2", s)
	}
}

func TestWarnings(t *testing.T) {
	res, _ := Verify(program(t, "*(u32 *)(r1 +48) = 7\nr0 = 0\nexit"), Options{Profile: "linux-4.2"})
	if res.Verdict != Accept || len(res.Warnings) != 1 || res.Warnings[0].Code != "unsafe-ctx-store" || res.Warnings[0].Insn != 0 {
		t.Errorf("ST into ctx: %+v", res.Warnings)
	}
}

func TestProfileTables(t *testing.T) {
	p42, _ := LookupProfile("linux-4.2")
	p43, _ := LookupProfile("linux-4.3")
	if p42.MaxFuncID != 17 || p43.MaxFuncID != 23 {
		t.Errorf("__BPF_FUNC_MAX_ID: %d and %d", p42.MaxFuncID, p43.MaxFuncID)
	}
	if p42.ProgTypes[ir.ProgTypeKprobe].helperAvailable(7) {
		t.Error("kprobes have no get_prandom_u32 in 4.2")
	}
	if !p43.ProgTypes[ir.ProgTypeSchedCLS].helperAvailable(21) || p43.ProgTypes[ir.ProgTypeSocketFilter].helperAvailable(21) {
		t.Error("skb_set_tunnel_key is for tc programs only")
	}
	for id := int32(1); id <= 22; id++ {
		if h, ok := HelperByID(id); !ok || h.ID != id {
			t.Errorf("helper %d: %+v", id, h)
		}
	}
}
