package limits_test

import (
	"flag"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/ir"
)

// worstCases are programs built to exhaust a verifier: each must end, in
// every profile, in an accept or in a rejection with its own message, with
// processed instructions and stored states inside the profile's limits.
func worstCases(t *testing.T) map[string]*ir.Program {
	progs := map[string]*ir.Program{}
	add := func(name, src string) {
		insns, err := ir.Assemble(src)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		progs[name] = &ir.Program{Name: name, Type: ir.ProgTypeSocketFilter, Insns: insns, License: "GPL"}
	}

	// Maximal branching at the 2015 instruction limit: 2,000 independent
	// two-way branches on unknown values, 2^2000 paths.
	var b strings.Builder
	b.WriteString("r6 = r1\nr2 = *(u32 *)(r6 +0)\nr0 = 0\n")
	for i := 0; i < 2040; i++ {
		fmt.Fprintf(&b, "if r2 > 0x%x goto pc+1\nr0 += %d\n", i, i&7)
	}
	b.WriteString("exit\n")
	add("branches at the instruction limit", b.String())

	// The same branching, each branch also writing a different stack slot,
	// so that no two states are equal and pruning cannot help.
	b.Reset()
	b.WriteString("r6 = r1\nr2 = *(u32 *)(r6 +0)\nr0 = 0\n")
	for i := 0; i < 1360; i++ {
		fmt.Fprintf(&b, "if r2 > 0x%x goto pc+1\n*(u64 *)(r10 %d) = r0\nr0 += 1\n", i, -8*(1+i%64))
	}
	b.WriteString("exit\n")
	add("branches that defeat pruning", b.String())

	// A bitwise CRC-32 over a 64-byte stack buffer: 512 iterations of an
	// inner loop with a data-dependent branch (the C loop that crashed the
	// Linux 6.18 verifier on this machine after 8,192 pending states).
	b.Reset()
	for off := -64; off < 0; off += 8 {
		fmt.Fprintf(&b, "*(u64 *)(r10 %d) = %d\n", off, off*0x1234567)
	}
	b.WriteString(`r0 = -1
r2 = 0
r1 = r10
r1 += -64
r1 += r2
r3 = *(u8 *)(r1 +0)
w0 ^= w3
r4 = 0
r5 = r0
r5 &= 1
w0 >>= 1
if r5 == 0x0 goto pc+1
w0 ^= -306674912
r4 += 1
if r4 < 0x8 goto pc-7
r2 += 1
if r2 < 0x40 goto pc-15
exit
`)
	add("bitwise crc32 loop", b.String())

	// A call chain one frame deeper than any kernel allows, each frame
	// with a full stack.
	b.Reset()
	b.WriteString("r1 = 1\ncall pc+2\nr0 = 0\nexit\n")
	for i := 0; i < 9; i++ {
		fmt.Fprintf(&b, "*(u64 *)(r10 -512) = r1\nr1 += 1\ncall pc+2\nr0 = 0\nexit\n")
	}
	b.WriteString("r0 = 0\nexit\n")
	add("deep call chain", b.String())

	// Nested bounded loops whose trip counts multiply past the processed
	// instruction limit of every profile.
	add("loops past the processed limit", `
		r1 = 0
		r2 = 0
		r3 = 0
		r3 += 1
		if r3 < 0x400 goto pc-2
		r2 += 1
		if r2 < 0x400 goto pc-5
		r1 += 1
		if r1 < 0x400 goto pc-8
		r0 = 0
		exit`)
	return progs
}

var full = flag.Bool("worstcase.full", false, "run every worst case in every profile (make limits), not only the quick ones")

// slow are the cases that take the modern profiles to their processed
// limit through heavy states: seconds to minutes each, so they run only
// with -worstcase.full (make limits).
var slow = map[string]bool{"branches at the instruction limit": true, "branches that defeat pruning": true, "loops past the processed limit": true}

// processedLimit is each profile's limit on processed instructions.
func processedLimit(profile string) int {
	if strings.HasPrefix(profile, "linux-4.") {
		return 32768
	}
	return 1_000_000
}

// TestWorstCasesEndInsideLimits verifies every worst case in every
// profile: no hang, no panic, a verdict with a message, work within the
// profile's limits and bounded memory.
func TestWorstCasesEndInsideLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("worst cases take seconds")
	}
	for name, p := range worstCases(t) {
		for _, profile := range absint.ProfileNames() {
			if slow[name] && !*full && !strings.HasPrefix(profile, "linux-4.") {
				continue
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			res, err := absint.Verify(p, absint.Options{Profile: profile})
			runtime.ReadMemStats(&after)
			if err != nil {
				t.Fatalf("%s, %s: %v", name, profile, err)
			}
			if res.Verdict != absint.Accept && (res.Diag == nil || res.Diag.Message == "" || res.Diag.Code == "") {
				t.Errorf("%s, %s: %s without a message", name, profile, res.Verdict)
			}
			if res.Stats.Processed > processedLimit(profile)+1 {
				t.Errorf("%s, %s: processed %d, over the limit %d", name, profile, res.Stats.Processed, processedLimit(profile))
			}
			// Memory per program: what Verify allocated in total (a bound on
			// its peak) stays under 1 GiB.
			alloc := after.TotalAlloc - before.TotalAlloc
			if alloc > 1<<30 {
				t.Errorf("%s, %s: allocated %d MiB", name, profile, alloc>>20)
			}
			msg := ""
			if res.Diag != nil {
				msg = res.Diag.Code + ": " + res.Diag.Message
			}
			t.Logf("%-34s %-11s %-7s processed %7d states %6d peak %6d %8s %5d MiB allocated  %s", name, profile, res.Verdict,
				res.Stats.Processed, res.Stats.States, res.Stats.PeakStates, res.Stats.Duration.Round(1e6), alloc>>20, msg)
		}
	}
}

// TestTimeLimit: with absint.Options.Timeout, the worst case that takes
// every profile longest ends as unsupported with code time-limit and a
// message naming the limit, in every profile that would otherwise run past
// it; a quick program is unaffected.
func TestTimeLimit(t *testing.T) {
	p := worstCases(t)["branches at the instruction limit"]
	for _, profile := range absint.ProfileNames() {
		res, err := absint.Verify(p, absint.Options{Profile: profile, Timeout: time.Nanosecond})
		if err != nil {
			t.Fatal(err)
		}
		if res.Stats.Processed < 4096 {
			// The walk ended before the first check of the clock.
			if res.Diag != nil && res.Diag.Code == "time-limit" {
				t.Errorf("%s: time limit after %d insns", profile, res.Stats.Processed)
			}
			continue
		}
		if res.Verdict != absint.Unsupported || res.Diag == nil || res.Diag.Code != "time-limit" ||
			!strings.Contains(res.Diag.Message, "time limit of 1ns") || res.Stats.Processed > 4096 {
			t.Errorf("%s: %v %+v after %d insns", profile, res.Verdict, res.Diag, res.Stats.Processed)
		}
	}
	quick := &ir.Program{Name: "quick", Type: ir.ProgTypeSocketFilter, Insns: []ir.Instruction{{Opcode: 0xb7}, {Opcode: ir.OpExit}}, License: "GPL"}
	for _, profile := range absint.ProfileNames() {
		if res, _ := absint.Verify(quick, absint.Options{Profile: profile, Timeout: time.Nanosecond}); res.Verdict != absint.Accept {
			t.Errorf("%s: quick program %v", profile, res.Verdict)
		}
	}
}

// TestStateMemoryLimit: in the modern profiles the worst case that
// defeats pruning ends, at a small stored-state memory limit, as
// unsupported with code state-limit and a message naming the limit; the
// estimate stays near the limit; the kernel profiles ignore the option
// (their verdict, stats and log are the same with any limit).
func TestStateMemoryLimit(t *testing.T) {
	p := worstCases(t)["branches that defeat pruning"]
	for _, profile := range absint.ProfileNames() {
		res, err := absint.Verify(p, absint.Options{Profile: profile, MaxStateMemory: 1 << 20, LogLevel: 1})
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(profile, "linux-4.") {
			ref, _ := absint.Verify(p, absint.Options{Profile: profile, LogLevel: 1})
			if res.Verdict != ref.Verdict || *res.Diag != *ref.Diag || res.Log != ref.Log || res.Stats.Processed != ref.Stats.Processed || res.Stats.StateMemory != 0 {
				t.Errorf("%s: the state limit changed the kernel profile's result: %+v, want %+v", profile, res.Diag, ref.Diag)
			}
			continue
		}
		if res.Verdict != absint.Unsupported || res.Diag == nil || res.Diag.Code != "state-limit" || res.Errno != "" {
			t.Fatalf("%s: %v %s %+v, want unsupported state-limit", profile, res.Verdict, res.Errno, res.Diag)
		}
		want := "verification stopped at the stored-state memory limit of 1M ("
		if !strings.HasPrefix(res.Diag.Message, want) || !strings.Contains(res.Diag.Message, "states stored) after") {
			t.Errorf("%s: message %q, want %q...", profile, res.Diag.Message, want)
		}
		if m := res.Stats.StateMemory; m <= 1<<20 || m > 1<<20+64<<10 {
			t.Errorf("%s: stored-state memory %d, want just over the limit", profile, m)
		}
		if !strings.Contains(res.Log, res.Diag.Message) {
			t.Errorf("%s: the log lacks the message", profile)
		}
		t.Logf("%s: %s (%d processed)", profile, res.Diag.Message, res.Stats.Processed)
	}
	// A negative limit is none: a small program is unaffected either way.
	quick := worstCases(t)["deep call chain"]
	for _, lim := range []int64{-1, 0, 1 << 20} {
		a, _ := absint.Verify(quick, absint.Options{Profile: "linux-6.18", MaxStateMemory: lim})
		if a.Diag == nil || a.Diag.Code == "state-limit" {
			t.Errorf("limit %d: %+v", lim, a.Diag)
		}
	}
}
