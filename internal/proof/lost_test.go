//go:build cgo

package proof

import (
	"os"
	"path/filepath"
	"testing"
)

// TestLostPointerStillProved: for an access through a scalar the solver
// first tries the fault together with "the access ends below every
// region"; when no input makes both true, it must still decide the fault
// alone. Here the scalar is r10 with its pointer type lost (xor 0), so
// the load lies in the frame on every input: proved, not failed.
func TestLostPointerStillProved(t *testing.T) {
	s := newSolver(t)
	for _, c := range []struct {
		src  string
		want Status
	}{
		{"*(u64 *)(r10 -8) = 0\nr2 = r10\nr2 ^= 0\nr0 = *(u8 *)(r2 -8)\nexit\n", Proved},
		// Its neighbour: one byte above the frame. Prove reports a
		// through-a-scalar fault as unknown (the encoding cannot show it
		// is one), never as proved.
		{"*(u64 *)(r10 -8) = 0\nr2 = r10\nr2 ^= 0\nr0 = *(u8 *)(r2 +0)\nexit\n", Unknown},
	} {
		path := filepath.Join(t.TempDir(), "lost.s")
		if err := os.WriteFile(path, []byte(c.src), 0o644); err != nil {
			t.Fatal(err)
		}
		x, err := s.Prove(corpusProgram(t, path), "linux-4.3")
		if err != nil {
			t.Fatal(err)
		}
		var got []Obligation
		for _, o := range x.Obligations {
			if o.Insn == 3 {
				got = append(got, o)
			}
		}
		if len(got) != 1 || got[0].Region != "scalar" || got[0].Status != c.want || got[0].By != "solver" {
			t.Errorf("%q: load obligations %+v, want one through a scalar, %v by the solver", c.src, got, c.want)
		}
	}
}
