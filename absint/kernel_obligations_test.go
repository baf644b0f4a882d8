package absint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"github.com/bpfcheck/bpfcheck/ir"
)

// kernelObligations walks p under a kernel profile and returns the
// obligations discharged, checking on the way that listing and discharging
// them changed nothing: each sees the state from before its instruction.
func kernelObligations(t *testing.T, profile string, p *ir.Program) (*Result, []Obligation) {
	t.Helper()
	prof, err := LookupProfile(profile)
	if err != nil {
		t.Fatal(err)
	}
	w, res := kernelWalker(prof, p, false, false, deadline{})
	if res != nil {
		return res, nil
	}
	var obs []Obligation
	w.stepStart = &State{}
	w.watch(func(o kob) {
		ob := o.Obligation()
		obs = append(obs, ob)
		if *w.cur != *w.stepStart {
			t.Errorf("%s: insn %d: the state changed before obligation %v R%d was discharged", p.Name, ob.Insn, ob.Kind, ob.Reg)
		}
	})
	return w.run(), obs
}

func TestKernelObligationsAsData(t *testing.T) {
	p := program(t, "r1 = 0\n*(u64 *)(r10 -8) = r1\nr2 = r10\nr2 += -8\nr1 = map[0]\ncall 1\n"+
		"if r0 == 0x0 goto pc+1\nr3 = *(u32 *)(r0 +4)\nr0 = 0\nexit", hash88)
	res, obs := kernelObligations(t, "linux-4.2", p)
	if res.Verdict != Accept {
		t.Fatalf("rejected: %+v", res.Diag)
	}
	var load, key *Obligation
	for i := range obs {
		o := &obs[i]
		if !o.Holds {
			t.Errorf("an accepted program's obligation failed: %+v", o)
		}
		switch {
		case o.Insn == 8 && o.Kind == ObAccess:
			load = o
		case o.Insn == 6 && o.Kind == ObCallArg && o.Region == RegionStack:
			key = o
		}
	}
	if load == nil || load.Region != RegionMapValue || load.Reg != 0 || load.Off != 4 || load.Size != 4 || load.Limit != 8 || load.Write {
		t.Errorf("the map value load's obligation: %+v", load)
	}
	if key == nil || key.Reg != 2 || key.Off != -8 || key.Size != 8 {
		t.Errorf("the lookup key's obligation: %+v", key)
	}

	// The unsafe neighbour: the same load past the value's end fails its
	// access obligation, with the kernel's message.
	bad := program(t, "r1 = 0\n*(u64 *)(r10 -8) = r1\nr2 = r10\nr2 += -8\nr1 = map[0]\ncall 1\n"+
		"if r0 == 0x0 goto pc+1\nr3 = *(u32 *)(r0 +8)\nr0 = 0\nexit", hash88)
	res, obs = kernelObligations(t, "linux-4.2", bad)
	last := obs[len(obs)-1]
	if res.Verdict != Reject || last.Holds || last.Kind != ObAccess || last.Region != RegionMapValue || last.Off != 8 ||
		res.Diag.Message != "invalid access to map value, value_size=8 off=8 size=4" {
		t.Errorf("out-of-bounds load: %+v, last obligation %+v", res.Diag, last)
	}
}

// TestKernelDerefIsProfileData: 4.2 and 4.3 differ in one table entry, and
// the access obligation's region follows it.
func TestKernelDerefIsProfileData(t *testing.T) {
	p := program(t, "r1 = r10\nr1 += -8\nr2 = 0\n*(u64 *)(r1 +0) = r2\nr0 = 0\nexit")
	for _, tt := range []struct {
		profile string
		region  Region
		verdict Verdict
	}{{"linux-4.2", RegionNone, Reject}, {"linux-4.3", RegionStack, Accept}} {
		res, obs := kernelObligations(t, tt.profile, p)
		var acc *Obligation
		for i := range obs {
			if obs[i].Kind == ObAccess {
				acc = &obs[i]
			}
		}
		if res.Verdict != tt.verdict || acc == nil || acc.Region != tt.region {
			t.Errorf("%s: %v %+v, access obligation %+v", tt.profile, res.Verdict, res.Diag, acc)
		}
		if tt.region == RegionStack && acc.Off != -8 {
			t.Errorf("%s: fp-8 plus 0 is off -8, got %d", tt.profile, acc.Off)
		}
	}
}

// TestKernelObligationsPure walks every assembly program of the corpus in
// both kernel profiles: no obligation sees a state an effect of its own
// instruction changed, and a rejection is always the last obligation, failed.
func TestKernelObligationsPure(t *testing.T) {
	files, _ := filepath.Glob("../corpus/*/*.s")
	if len(files) == 0 {
		t.Skip("no corpus")
	}
	maps := []ir.MapSpec{hash88, {Type: ir.MapTypeArray, KeySize: 4, ValueSize: 48, MaxEntries: 4},
		{Type: ir.MapTypeProgArray, KeySize: 4, ValueSize: 4, MaxEntries: 4}}
	walked := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		insns, err := ir.Assemble(string(src))
		if err != nil || strings.Contains(f, "/modern/") || strings.Contains(f, "/limits/") { // limits: long walks the corpus tests cover
			continue
		}
		p := &ir.Program{Name: f, Type: ir.ProgTypeSocketFilter, Insns: insns, Maps: maps, License: "GPL"}
		for _, prof := range []string{"linux-4.2", "linux-4.3"} {
			res, obs := kernelObligations(t, prof, p)
			if obs == nil {
				continue
			}
			walked++
			if res.Verdict == Reject && res.Diag.Code != "too-complex" && res.Diag.Code != "too-many-processed" &&
				res.Diag.Code != "invalid-insn-idx" && obs[len(obs)-1].Holds {
				t.Errorf("%s (%s): rejected with %s, but the last obligation held", f, prof, res.Diag.Code)
			}
		}
	}
	if walked < 100 {
		t.Errorf("only %d walks", walked)
	}
}

// TestKernelObligationsAllocateNothing: listing and discharging obligations
// is on the hot path and must not allocate: a straight-line program of
// loads, stores, ALU operations and a helper call allocates about as much
// at 2,000 instructions as at 1,000 (the per-program slices only grow; a
// pointer to an obligation passed where the compiler cannot follow it once
// made every list escape to the heap: thousands more).
func TestKernelObligationsAllocateNothing(t *testing.T) {
	prog := func(n int) *ir.Program {
		var b strings.Builder
		b.WriteString("r6 = r1\n")
		for i := 0; i < n; i++ {
			b.WriteString("r0 = *(u32 *)(r6 +0)\n*(u64 *)(r10 -8) = r0\nr2 = *(u64 *)(r10 -8)\nr2 += 1\ncall 5\n")
		}
		b.WriteString("r0 = 0\nexit")
		return program(t, b.String())
	}
	small, large := prog(200), prog(400)
	for _, p := range []*ir.Program{small, large} {
		if res, _ := Verify(p, Options{Profile: "linux-4.3"}); res.Verdict != Accept {
			t.Fatalf("rejected: %+v", res.Diag)
		}
	}
	a := testing.AllocsPerRun(20, func() { Verify(small, Options{Profile: "linux-4.3"}) })
	b := testing.AllocsPerRun(20, func() { Verify(large, Options{Profile: "linux-4.3"}) })
	if b > a+10 {
		t.Errorf("%v allocations for 2,000 instructions, %v for 1,000", b, a)
	}
}

func TestKernelObligationSize(t *testing.T) {
	// Listed on the hot path: it must stay small and pointer-free.
	if s := unsafe.Sizeof(kob{}); s > 32 {
		t.Errorf("kob is %d bytes", s)
	}
}

// TestKernelFailure: the kernel profiles' rejections carry the failed
// obligation in Result.Failure, as the modern profiles' do: the access
// that failed (with the message the kernel prints), a limit, a structural
// check; nothing on accept.
func TestKernelFailure(t *testing.T) {
	lookup := "r1 = 0\n*(u64 *)(r10 -8) = r1\nr2 = r10\nr2 += -8\nr1 = map[0]\ncall 1\nif r0 == 0x0 goto pc+1\n"
	loop := "r0 = 0\n"
	for i := 0; i < 1100; i++ {
		loop += "if r1 == 0x0 goto pc+0\n" // a pending branch each, past 1,024
	}
	cases := []struct {
		what, src string
		want      Obligation // Insn, Kind, Reg, Region, Off, Size, Limit, Write
		failed    bool
	}{
		{"a load past the map value", lookup + "r3 = *(u32 *)(r0 +8)\nr0 = 0\nexit",
			Obligation{Insn: 8, Kind: ObAccess, Reg: 0, Region: RegionMapValue, Off: 8, MaxOff: 8, Size: 4, Limit: 8}, true},
		{"the same load inside it", lookup + "r3 = *(u32 *)(r0 +4)\nr0 = 0\nexit", Obligation{}, false},
		{"a store below the stack", "*(u64 *)(r10 -520) = r1\nr0 = 0\nexit",
			Obligation{Insn: 0, Kind: ObAccess, Reg: 10, Region: RegionStack, Off: -520, MaxOff: -520, Size: 8, Limit: -512, Write: true}, true},
		{"an uninitialised register", "r0 = r5\nexit", Obligation{Insn: 0, Kind: ObReadable, Reg: 5}, true},
		{"a loop (check_cfg)", "r0 = 0\nif r0 == 0x0 goto pc-2\nexit", Obligation{Insn: 1, Kind: ObWellFormed, Reg: -1}, true},
		{"too many pending branches", loop + "r0 = 0\nexit", Obligation{Kind: ObLimit, Reg: -1, Limit: 1024}, true},
	}
	for _, c := range cases {
		res, err := Verify(program(t, c.src, hash88), Options{Profile: "linux-4.2"})
		if err != nil {
			t.Fatal(err)
		}
		if !c.failed {
			if res.Verdict != Accept || res.Failure != nil {
				t.Errorf("%s: %v with failure %+v, want an accept without one", c.what, res.Verdict, res.Failure)
			}
			continue
		}
		if res.Verdict != Reject || res.Failure == nil {
			t.Errorf("%s: %v %+v without its failed obligation", c.what, res.Verdict, res.Diag)
			continue
		}
		got := res.Failure.Obligation
		if c.want.Kind == ObLimit {
			got.Insn = 0 // wherever the limit is reached
		}
		if got.Holds || got.Insn != c.want.Insn || got.Kind != c.want.Kind || got.Reg != c.want.Reg || got.Region != c.want.Region ||
			got.Off != c.want.Off || got.MaxOff != c.want.MaxOff || got.Size != c.want.Size || got.Limit != c.want.Limit || got.Write != c.want.Write {
			t.Errorf("%s (%s): failed obligation %+v, want %+v", c.what, res.Diag.Message, got, c.want)
		}
	}
}
