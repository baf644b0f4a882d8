//go:build cgo

package proof

import (
	"os"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/ir"
	"github.com/bpfcheck/bpfcheck/ir/object"
)

// modernCase is one program of corpus/modern: an assembly case, or a
// program of a C case compiled with clang at test time.
type modernCase struct {
	path string
	p    *ir.Program
	// precise is the case's "precise:" header (accept or reject), "" when
	// precise is expected to agree with linux-6.18.
	precise string
}

// modernCorpus loads corpus/modern/*/*.s and compiles corpus/modern/*/*.c
// (skipped without clang), as corpus/modern_test.go does. Global functions
// (.text) are verified as part of their callers, not on their own.
func modernCorpus(t *testing.T) []modernCase {
	t.Helper()
	var out []modernCase
	files, _ := filepath.Glob("../../corpus/modern/*/*.s")
	for _, path := range files {
		data, _ := os.ReadFile(path)
		out = append(out, modernCase{path: path, p: corpusProgram(t, path), precise: headerValue(string(data), "#", "precise")})
	}
	cfiles, _ := filepath.Glob("../../corpus/modern/*/*.c")
	clang, err := osexec.LookPath("clang")
	if err != nil {
		t.Logf("clang not installed: %d C cases left out", len(cfiles))
		return out
	}
	dir := t.TempDir()
	for _, path := range cfiles {
		obj := filepath.Join(dir, strings.ReplaceAll(filepath.ToSlash(path), "/", "_")+".o")
		cmd := osexec.Command(clang, "-O2", "-g", "-target", "bpf", "-I", "../../corpus/c", "-I", "/usr/include/x86_64-linux-gnu", "-c", path, "-o", obj)
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: clang: %v\n%s", path, err, msg)
		}
		data, _ := os.ReadFile(obj)
		progs, err := object.Load(path, data, object.Options{})
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		src, _ := os.ReadFile(path)
		want := headerValue(string(src), "//", "precise")
		for _, p := range progs {
			if p.Section != ".text" {
				out = append(out, modernCase{path: path + ":" + p.Name, p: p, precise: want})
			}
		}
	}
	return out
}

// headerValue is the value of "key:" in a case's leading comment lines.
func headerValue(src, prefix, key string) string {
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, prefix) {
			if line == "" {
				continue
			}
			break
		}
		if v, ok := strings.CutPrefix(strings.TrimSpace(strings.TrimPrefix(line, prefix)), key+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// TestModernCorpus explains every linux-6.18 rejection of corpus/modern
// and re-checks every acceptance: an accepted program's obligation that
// fails on a feasible path is a disagreement between the solver and the
// modern domain. Every rejection on a walked path gets a witness, and
// every memory fault must be confirmed by the replay.
func TestModernCorpus(t *testing.T) {
	s := newSolver(t)
	cases := modernCorpus(t)
	if len(cases) == 0 {
		t.Skip("no modern corpus")
	}
	var rejected, walked, unmodelled, witnessed, faults, confirmed, accepted, proved, total int
	for _, c := range cases {
		p, path := c.p, c.path
		res, err := absint.Verify(p, absint.Options{Profile: "linux-6.18"})
		if err != nil {
			t.Fatal(err)
		}
		switch res.Verdict {
		case absint.Reject:
			rejected++
			x, err := s.Explain(p, res, "linux-6.18")
			if err != nil {
				t.Errorf("%s: %v", path, err)
				continue
			}
			if len(x.Path) > 0 && !limitCodes[res.Diag.Code] {
				walked++
				if x.Unmodelled != "" {
					unmodelled++ // kfuncs, callbacks, may_goto: the encoding does not follow them
				} else if x.Witness == nil && !x.Infeasible {
					t.Errorf("%s: rejected at %d (%s) on a walked path, but no witness: %s", path, res.Diag.Insn, res.Diag.Message, x.Unmodelled)
				}
			}
			if x.Witness != nil {
				witnessed++
			}
			if x.MemoryFault && x.Unobservable == "" {
				faults++
				if x.Replay != nil && x.Replay.Confirmed {
					confirmed++
				} else {
					t.Errorf("%s: memory fault at %d (%s) not confirmed: replay %+v", path, res.Diag.Insn, res.Diag.Message, x.Replay)
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
	t.Logf("linux-6.18: %d rejections, %d on a walked path (%d through what the encoding does not model), %d with a witness; %d memory faults exec can observe, %d confirmed by replay (%.0f%%); %d acceptances re-checked, %d of %d obligations proved",
		rejected, walked, unmodelled, witnessed, faults, confirmed, 100*float64(confirmed)/float64(max(faults, 1)), accepted, proved, total)
}

// TestPreciseCorpus runs the precise profile over corpus/modern: it
// accepts every program linux-6.18 accepts, accepts the cases marked
// "precise: accept" (safe programs linux-6.18 rejects for imprecision)
// and rejects every other case linux-6.18 rejects, each with a witness.
func TestPreciseCorpus(t *testing.T) {
	s := newSolver(t)
	cases := modernCorpus(t)
	var gained, kept, witnessed, unmodelled int
	for _, c := range cases {
		modern, err := absint.Verify(c.p, absint.Options{Profile: "linux-6.18"})
		if err != nil {
			t.Fatal(err)
		}
		res, err := absint.Verify(c.p, absint.Options{Profile: "precise", Discharge: s.Discharge()})
		if err != nil {
			t.Fatal(err)
		}
		want := modern.Verdict
		switch strings.Fields(c.precise + " -")[0] {
		case "accept":
			want = absint.Accept
			if modern.Verdict == absint.Accept {
				t.Errorf("%s: marked precise: accept, but linux-6.18 accepts it already", c.path)
			}
		case "reject":
			want = absint.Reject
		}
		if res.Verdict != want {
			t.Errorf("%s: precise says %s (%+v), want %s (linux-6.18: %s)", c.path, res.Verdict, res.Diag, want, modern.Verdict)
			continue
		}
		switch {
		case res.Verdict == absint.Accept && modern.Verdict != absint.Accept:
			gained++
		case res.Verdict == absint.Reject:
			kept++
			x, err := s.Explain(c.p, res, "precise")
			if err != nil {
				t.Errorf("%s: %v", c.path, err)
				continue
			}
			if x.Witness != nil {
				witnessed++
			} else if x.Unmodelled != "" {
				unmodelled++
				t.Logf("%s: no witness: %s", c.path, x.Unmodelled)
			} else if len(x.Path) > 0 && !x.Infeasible {
				t.Errorf("%s: precise rejects it at %d (%s) but gives no witness: %s", c.path, res.Diag.Insn, res.Diag.Message, x.Unmodelled)
			}
		}
	}
	t.Logf("precise over %d programs: %d accepted that linux-6.18 rejects, %d rejected (%d with a witness, %d through what the encoding does not model)", len(cases), gained, kept, witnessed, unmodelled)
}
