//go:build cgo

package proof

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
)

// TestPreciseProfile checks the precise profile on testdata/precise: each
// safe shape that linux-6.18 rejects for imprecision is accepted once the
// solver proves its accesses, and each unsafe neighbour (expect: reject)
// stays rejected.
func TestPreciseProfile(t *testing.T) {
	s := newSolver(t)
	files, _ := filepath.Glob("testdata/precise/*.s")
	if len(files) == 0 {
		t.Fatal("no cases")
	}
	gained := 0
	for _, path := range files {
		data, _ := os.ReadFile(path)
		if _, gap, ok := strings.Cut(string(data), "# gap: "); ok {
			t.Logf("%s: safe, but not accepted yet: %s", path, strings.SplitN(gap, "\n", 2)[0])
			continue
		}
		wantAccept := strings.Contains(string(data), "# expect: accept")
		p := corpusProgram(t, path)
		modern, err := absint.Verify(p, absint.Options{Profile: "linux-6.18"})
		if err != nil {
			t.Fatal(err)
		}
		res, err := absint.Verify(p, absint.Options{Profile: "precise", Discharge: s.Discharge()})
		if err != nil {
			t.Fatal(err)
		}
		if got := res.Verdict == absint.Accept; got != wantAccept {
			t.Errorf("%s: precise says %s (%+v), want accept=%v", path, res.Verdict, res.Diag, wantAccept)
		}
		if !wantAccept && modern.Verdict == absint.Accept {
			t.Errorf("%s: linux-6.18 accepts an unsafe neighbour", path)
		}
		if wantAccept && modern.Verdict != absint.Accept && res.Verdict == absint.Accept {
			gained++
		}
		// Without a solver, precise never accepts more than linux-6.18.
		bare, _ := absint.Verify(p, absint.Options{Profile: "precise"})
		if bare.Verdict == absint.Accept && modern.Verdict != absint.Accept {
			t.Errorf("%s: precise without a solver accepts what linux-6.18 rejects", path)
		}
	}
	if gained == 0 {
		t.Error("precise accepts nothing linux-6.18 rejects")
	}
	t.Logf("precise accepts %d safe programs linux-6.18 rejects", gained)
}
