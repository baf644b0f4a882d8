//go:build cgo

package proof

import (
	"path/filepath"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
)

// TestModernCorpus explains every linux-6.18 rejection of corpus/modern
// and re-checks every acceptance: an accepted program's obligation that
// fails on a feasible path is a disagreement between the solver and the
// modern domain.
func TestModernCorpus(t *testing.T) {
	s := newSolver(t)
	files, _ := filepath.Glob("../../corpus/modern/*/*.s")
	if len(files) == 0 {
		t.Skip("no modern corpus")
	}
	var rejected, witnessed, faults, confirmed, accepted, proved, total int
	for _, path := range files {
		p := corpusProgram(t, path)
		res, err := absint.Verify(p, absint.Options{Profile: "linux-6.18"})
		if err != nil {
			t.Fatal(err)
		}
		switch res.Verdict {
		case absint.Reject:
			rejected++
			x, err := s.Explain(p, res)
			if err != nil {
				t.Errorf("%s: %v", path, err)
				continue
			}
			if x.Witness != nil {
				witnessed++
			}
			if x.MemoryFault {
				faults++
				if x.Replay != nil && x.Replay.Confirmed {
					confirmed++
				}
			}
			t.Logf("%s: %s at %d: witness %v, memory fault %v, replay %+v; %s %s", path, res.Diag.Code, res.Diag.Insn, x.Witness != nil, x.MemoryFault, x.Replay, x.Stricter, x.Unmodelled)
		case absint.Accept:
			accepted++
			x, err := s.Prove(p, "linux-6.18")
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			for _, o := range x.Obligations {
				total++
				switch o.Status {
				case Proved:
					proved++
				case Failed:
					t.Errorf("%s: linux-6.18 accepts it, but insn %d (%s of %d bytes via r%d, %s) can fault: %s", path, o.Insn, o.Kind, o.Size, o.Reg, o.Region, o.Condition)
				}
			}
		}
	}
	t.Logf("linux-6.18: %d rejections, %d with a witness, %d memory faults, %d confirmed by replay; %d acceptances re-checked, %d of %d obligations proved",
		rejected, witnessed, faults, confirmed, accepted, proved, total)
}
