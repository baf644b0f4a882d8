package absint

import (
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/ir"
)

// spillOrDataProg: one path spills the number 4 to fp-8, the other writes
// data there (two u32 stores of an unknown); after the paths join, the
// slot is filled into r3, and use is what follows (ctx is in r6), then 20
// instructions of other work.
func spillOrDataProg(t *testing.T, use string) *ir.Program {
	src := `r6 = r1
r0 = 0
r1 = *(u32 *)(r6 +0)
if r1 > 100 goto +3
r2 = 4
*(u64 *)(r10 -8) = r2
goto +2
*(u32 *)(r10 -8) = r1
*(u32 *)(r10 -4) = r1
r3 = *(u64 *)(r10 -8)
` + use + strings.Repeat("r0 += 1\n", 20) + "r0 = 0\nexit\n"
	insns, err := ir.Assemble(src)
	if err != nil {
		t.Fatal(err)
	}
	return &ir.Program{Type: ir.ProgTypeSocketFilter, Insns: insns, License: "GPL"}
}

// TestPruneSpillCoversData: where the later paths do not need the spilled
// number exactly, a stored state's spilled number covers a current
// state's data in the slot (the kernel's stacksafe reads both as scalars),
// so the second path is pruned where the paths join. Where the number
// decides a safety condition (a helper's size) it is precise, the data
// does not stand for it, and the unknown size is refused.
func TestPruneSpillCoversData(t *testing.T) {
	r, err := Verify(spillOrDataProg(t, ""), Options{Profile: "linux-6.18"})
	if err != nil {
		t.Fatal(err)
	}
	// 10 instructions to the join on the first path, then its 23, plus
	// the second path's 6 to the join where it is pruned.
	if r.Verdict != Accept || r.Stats.Processed > 10+23+6 {
		t.Errorf("safe: %v, %d processed (want it pruned at the join)", r.Verdict, r.Stats.Processed)
	}
	use := `r1 = r6
r2 = 0
r4 = r3
r3 = r10
r3 += -16
call 26
`
	r, err = Verify(spillOrDataProg(t, use), Options{Profile: "linux-6.18"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict != Reject {
		t.Errorf("the filled number as a helper's size: %v %+v, want reject", r.Verdict, r.Diag)
	}
}
