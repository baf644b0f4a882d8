//go:build cgo

package proof

import (
	"bufio"
	"os"
	osexec "os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/ir"
	"github.com/bpfcheck/bpfcheck/ir/object"
)

// corpusProgram loads a corpus case with the flags of its header.
func corpusProgram(t *testing.T, path string) *ir.Program {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var o ir.LoadOptions
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "#") {
			break
		}
		if f, ok := strings.CutPrefix(strings.TrimSpace(line[1:]), "flags:"); ok {
			fs := strings.Fields(f)
			for i := 0; i+1 < len(fs); i += 2 {
				switch fs[i] {
				case "--map":
					m, err := ir.ParseMapFlag(fs[i+1])
					if err != nil {
						t.Fatal(err)
					}
					o.Maps = append(o.Maps, m)
				case "--type":
					if o.Type, err = ir.ParseProgType(fs[i+1]); err != nil {
						t.Fatal(err)
					}
				case "--license":
					o.License = fs[i+1]
				}
			}
		}
	}
	progs, err := ir.Load(path, data, o)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return progs[0]
}

func newSolver(t testing.TB) *Solver {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// TestCorpusWitnesses explains every rejection of the corpus under both
// kernel profiles: each rejection found on a walked path gets a witness,
// and each whose cause is a memory fault must be confirmed by the replay.
func TestCorpusWitnesses(t *testing.T) {
	s := newSolver(t)
	files := corpusCases(t)
	var rejected, walked, infeasible, witnessed, unobservable, faults, confirmed int
	for _, path := range files {
		p := corpusProgram(t, path)
		var prev *absint.Result
		for _, profile := range []string{"linux-4.2", "linux-4.3"} {
			res, err := absint.Verify(p, absint.Options{Profile: profile, Path: true})
			if err != nil {
				t.Fatal(err)
			}
			if res.Verdict != absint.Reject {
				continue
			}
			if prev != nil && *prev.Diag == *res.Diag && slices.Equal(prev.Path, res.Path) {
				continue // the same rejection on the same path: the same explanation
			}
			prev = res
			rejected++
			x, err := s.Explain(p, res, profile)
			if err != nil {
				t.Errorf("%s (%s): %v", path, profile, err)
				continue
			}
			if len(res.Path) == 0 || limitCodes[res.Diag.Code] {
				continue // rejected before the walk, or for its size: no instruction to witness
			}
			walked++
			if x.Unmodelled != "" {
				t.Errorf("%s (%s): %s", path, profile, x.Unmodelled)
				continue
			}
			if x.Infeasible {
				t.Logf("%s (%s): the rejected path is infeasible: %s", path, profile, x.Stricter)
				infeasible++
				continue
			}
			if x.Witness == nil {
				t.Errorf("%s (%s): rejected at %d (%s) on a walked path, but no witness", path, profile, res.Diag.Insn, res.Diag.Message)
				continue
			}
			witnessed++
			if !x.MemoryFault {
				continue
			}
			if x.Unobservable != "" && !x.Replay.Confirmed {
				t.Logf("%s (%s): %s", path, profile, x.Unobservable)
				unobservable++
				continue
			}
			faults++
			if x.Replay.Confirmed {
				confirmed++
			} else {
				t.Errorf("%s (%s): memory fault at %d (%s) not confirmed: replay %+v", path, profile, res.Diag.Insn, res.Diag.Message, x.Replay)
			}
		}
	}
	t.Logf("%d rejections, %d on a walked path (%d of them infeasible), %d with a witness; %d memory faults exec can observe, %d confirmed by replay (%.0f%%); %d it cannot observe",
		rejected, walked, infeasible, witnessed, faults, confirmed, 100*float64(confirmed)/float64(max(faults, 1)), unobservable)
}

// TestCorpusAcceptedReChecked is the solver's re-check of the kernel
// profiles: on every accepted corpus program, no obligation on a feasible
// path may fail (a failure is a disagreement: a bug in a profile or in the
// encoding).
func TestCorpusAcceptedReChecked(t *testing.T) {
	s := newSolver(t)
	files := corpusCases(t)
	var programs, proved, total int
	for _, path := range files {
		p := corpusProgram(t, path)
		res, err := absint.Verify(p, absint.Options{Profile: "linux-4.3"})
		if err != nil || res.Verdict != absint.Accept {
			continue
		}
		x, err := s.Prove(p, "linux-4.3")
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if x.Unmodelled != "" {
			continue
		}
		programs++
		for _, o := range x.Obligations {
			total++
			switch o.Status {
			case Proved:
				proved++
			case Failed:
				t.Errorf("%s: linux-4.3 accepts it, but insn %d (%s of %d bytes via r%d, %s) can fault: %s", path, o.Insn, o.Kind, o.Size, o.Reg, o.Region, o.Condition)
			}
		}
	}
	t.Logf("%d accepted programs re-checked: %d of %d obligations proved", programs, proved, total)
}

// TestCCorpusWitnesses compiles the C corpus with clang and explains each
// rejection under linux-4.3: memory faults must replay.
func TestCCorpusWitnesses(t *testing.T) {
	clang, err := osexec.LookPath("clang")
	if err != nil {
		t.Skip("clang not installed")
	}
	s := newSolver(t)
	files, _ := filepath.Glob("../../corpus/c/*.c")
	var faults, confirmed int
	for _, path := range files {
		obj := filepath.Join(t.TempDir(), filepath.Base(path)+".o")
		if out, err := osexec.Command(clang, "-O2", "-g", "-target", "bpf", "-c", path, "-o", obj).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", path, err, out)
		}
		data, _ := os.ReadFile(obj)
		progs, err := object.Load(obj, data, object.Options{})
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, p := range progs {
			res, err := absint.Verify(p, absint.Options{Profile: "linux-4.3", Path: true})
			if err != nil || res.Verdict != absint.Reject {
				continue
			}
			x, err := s.Explain(p, res, "linux-4.3")
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			if len(x.Path) > 0 && x.Witness == nil && !x.Infeasible {
				t.Errorf("%s: no witness for %s", path, res.Diag.Message)
			}
			if x.MemoryFault {
				faults++
				if x.Replay.Confirmed {
					confirmed++
				} else {
					t.Errorf("%s: memory fault at %d not confirmed: %+v", path, res.Diag.Insn, x.Replay)
				}
			}
		}
	}
	if faults == 0 {
		t.Error("no memory fault in the C corpus")
	}
	t.Logf("C corpus: %d memory faults, %d confirmed by replay", faults, confirmed)
}

// corpusCases lists the assembly corpus (or, under the race detector, every
// fourth case), without corpus/limits: those programs are rejected for the
// walk's size, with no instruction to witness, and take the walker longest.
func corpusCases(t *testing.T) []string {
	files, _ := filepath.Glob("../../corpus/*/*.s")
	if len(files) < 100 {
		t.Fatalf("found only %d cases", len(files))
	}
	var out []string
	for i, f := range files {
		if strings.Contains(filepath.ToSlash(f), "/limits/") || (raceEnabled && i%4 != 0) {
			continue
		}
		out = append(out, f)
	}
	return out
}
