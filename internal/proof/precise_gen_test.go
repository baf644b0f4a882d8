//go:build cgo

package proof

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/ir"
)

// shape is a generated instance of one of the imprecision shapes,
// with constants drawn at random, and whether it is safe (known by
// construction).
type shape struct {
	name string
	text string
	typ  string
	safe bool
}

func genShape(r *rand.Rand, i int) shape {
	lookup := "r1 = 0\n*(u32 *)(r10 -4) = r1\nr2 = r10\nr2 += -4\nr1 = map[0]\ncall 1\n"
	switch i % 5 {
	case 0: // x % k indexes a 16-byte value at offset o
		k, o := 1+r.Intn(20), r.Intn(6)
		return shape{"mod", fmt.Sprintf("r6 = r1\n%sif r0 == 0 goto +8\nr1 = *(u32 *)(r6 +0)\nr2 = r1\nr2 /= %d\nr2 *= %d\nr1 -= r2\nr0 += r1\nr0 = *(u8 *)(r0 +%d)\nexit\nr0 = 0\nexit\n", lookup, k, k, o),
			"socket_filter", k-1+o <= 15}
	case 1: // a bound b on a sign-extended copy, the index used
		b, o := r.Intn(20), r.Intn(4)
		return shape{"copy-shift", fmt.Sprintf("r6 = *(u32 *)(r1 +0)\nr7 = r6\nr7 <<= 32\nr7 s>>= 32\nif r7 > %d goto +11\n%sif r0 == 0 goto +3\nr0 += r6\nr0 = *(u8 *)(r0 +%d)\nexit\nr0 = 0\nexit\n", b, lookup, o),
			"socket_filter", b+o <= 15}
	case 2: // a length data_end - data of at least l, an access of n bytes at o
		l, o, n := r.Intn(40), r.Intn(40), []int{1, 2, 4, 8}[r.Intn(4)]
		return shape{"pkt-len", fmt.Sprintf("r2 = *(u32 *)(r1 +0)\nr3 = *(u32 *)(r1 +4)\nr4 = r3\nr4 -= r2\nif r4 < %d goto +2\nr0 = *(u%d *)(r2 +%d)\nexit\nr0 = 0\nexit\n", l, 8*n, o),
			"xdp", o+n <= l}
	case 3: // a packet of at least a bytes, a byte read at data_end - c
		a, c := r.Intn(20), r.Intn(24)
		return shape{"pkt-end", fmt.Sprintf("r2 = *(u32 *)(r1 +0)\nr3 = *(u32 *)(r1 +4)\nr2 += %d\nif r2 > r3 goto +3\nr3 += -%d\nr0 = *(u8 *)(r3 +0)\nexit\nr0 = 0\nexit\n", a, c),
			"xdp", c >= 1 && c <= a}
	default: // a called function checks i < b; the caller indexes with i
		b, o := r.Intn(20), r.Intn(4)
		return shape{"call-check", fmt.Sprintf("r6 = *(u32 *)(r1 +0)\nr1 = r6\ncall +14\nif r0 == 0 goto +11\n%sif r0 == 0 goto +3\nr0 += r6\nr0 = *(u8 *)(r0 +%d)\nexit\nr0 = 0\nexit\nr0 = 1\nif r1 < %d goto +1\nr0 = 0\nexit\n", lookup, o, b),
			"socket_filter", b+o <= 16}
	}
}

// TestPreciseShapes generates instances of the imprecision shapes with
// random constants, safe or not by construction: precise accepts exactly
// the safe ones (and everything linux-6.18 accepts), and every unsafe one
// it rejects gets a witness the replay confirms.
func TestPreciseShapes(t *testing.T) {
	s := newSolver(t)
	r := rand.New(rand.NewSource(13))
	n := 150
	if raceEnabled {
		n = 30
	}
	var safe, gained, unsafe, confirmed int
	for i := 0; i < n; i++ {
		sh := genShape(r, i)
		insns, err := ir.Assemble(sh.text)
		if err != nil {
			t.Fatalf("%s: %v\n%s", sh.name, err, sh.text)
		}
		typ, _ := ir.ParseProgType(sh.typ)
		p := &ir.Program{Name: sh.name, Type: typ, Insns: insns, License: "GPL",
			Maps: []ir.MapSpec{{Type: ir.MapTypeArray, KeySize: 4, ValueSize: 16, MaxEntries: 1}}}
		modern, err := absint.Verify(p, absint.Options{Profile: "linux-6.18"})
		if err != nil {
			t.Fatal(err)
		}
		res, err := absint.Verify(p, absint.Options{Profile: "precise", Discharge: s.Discharge()})
		if err != nil {
			t.Fatal(err)
		}
		accepted := res.Verdict == absint.Accept
		switch {
		case modern.Verdict == absint.Accept && !sh.safe:
			t.Errorf("%s: linux-6.18 accepts an unsafe program\n%s", sh.name, sh.text)
		case accepted && !sh.safe:
			t.Errorf("%s: precise accepts an unsafe program\n%s", sh.name, sh.text)
		case !accepted && sh.safe:
			t.Errorf("%s: precise rejects a safe program (%+v)\n%s", sh.name, res.Diag, sh.text)
		}
		if sh.safe {
			safe++
			if accepted && modern.Verdict != absint.Accept {
				gained++
			}
			continue
		}
		unsafe++
		if accepted {
			continue
		}
		x, err := s.Explain(p, res, "precise")
		if err != nil {
			t.Fatalf("%s: %v", sh.name, err)
		}
		if x.MemoryFault && x.Replay != nil && x.Replay.Confirmed {
			confirmed++
		} else {
			t.Errorf("%s: unsafe, rejected at %d (%s), but the witness is not confirmed: %+v %s\n%s", sh.name, res.Diag.Insn, res.Diag.Message, x.Replay, x.Stricter, sh.text)
		}
	}
	t.Logf("%d shapes: %d safe (%d accepted by precise only), %d unsafe (%d witnesses confirmed by replay)", n, safe, gained, unsafe, confirmed)
}
