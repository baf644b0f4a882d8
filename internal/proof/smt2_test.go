//go:build cgo

package proof

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
)

// TestSMT2ReChecks writes the queries of corpus rejections as SMT-LIB2
// files and checks that the z3 command-line tool gives the recorded answer.
func TestSMT2ReChecks(t *testing.T) {
	z3, err := exec.LookPath("z3")
	if err != nil {
		t.Skip("z3 command not installed")
	}
	s := newSolver(t)
	s.SMT2 = true
	files := corpusCases(t)
	dir := t.TempDir()
	checked := map[string]int{}
	for _, path := range files {
		if checked["sat"] >= 25 && checked["unsat"] >= 25 {
			break
		}
		p := corpusProgram(t, path)
		res, err := absint.Verify(p, absint.Options{Profile: "linux-4.3", Path: true})
		if err != nil || res.Verdict != absint.Reject || len(res.Path) == 0 {
			continue
		}
		x, err := s.Explain(p, res, "linux-4.3")
		if err != nil {
			t.Fatal(err)
		}
		for i, o := range x.Obligations {
			want := map[Status]string{Proved: "unsat", Failed: "sat"}[o.Status]
			if want == "" || o.SMT2 == "" || checked[want] >= 25 {
				continue
			}
			f := filepath.Join(dir, strings.ReplaceAll(filepath.Base(path), ".", "_")+"-"+itoa(i)+".smt2")
			if err := os.WriteFile(f, []byte(o.SMT2), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(z3, "-smt2", f).CombinedOutput()
			if got := strings.TrimSpace(string(out)); err != nil || got != want {
				t.Errorf("%s: obligation %d (%s at %d): z3 says %q (%v), recorded %s\n%s", path, i, o.Kind, o.Insn, got, err, want, o.SMT2)
				continue
			}
			checked[want]++
		}
	}
	if checked["sat"] == 0 || checked["unsat"] == 0 {
		t.Errorf("re-checked %v: want both answers", checked)
	}
	t.Logf("re-checked with the z3 command: %v", checked)
}
