package absint

import (
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"testing"

	"github.com/bpfcheck/bpfcheck/internal/oracle"
	"github.com/bpfcheck/bpfcheck/ir"
)

func TestMain(m *testing.M) {
	oracle.ServeIfChild()
	os.Exit(m.Run())
}

// genCount is how many programs the differential test generates:
// BPFCHECK_DIFF_N, or a few hundred by default.
func genCount() int {
	if n, err := strconv.Atoi(os.Getenv("BPFCHECK_DIFF_N")); err == nil && n > 0 {
		return n
	}
	return 300
}

// TestModernGeneratedSound runs every generated program through the
// verifier: it never panics, and every verdict comes with its evidence.
func TestModernGeneratedSound(t *testing.T) {
	g := &gen{r: rand.New(rand.NewSource(1))}
	for i := 0; i < 2000; i++ {
		gp := g.program(genFamilies[i%len(genFamilies)])
		p := genProgram(t, gp)
		res, err := Verify(p, Options{Profile: "linux-6.18"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Verdict == Reject && res.Failure == nil {
			t.Fatalf("a rejection without evidence:\n%s", gp.text)
		}
	}
}

func genProgram(t testing.TB, gp genProg) *ir.Program {
	insns, err := ir.Assemble(gp.text)
	if err != nil {
		t.Fatalf("generated program does not assemble: %v\n%s", err, gp.text)
	}
	return &ir.Program{Name: gp.family, Type: gp.typ, Insns: insns, Maps: gp.maps, License: "GPL"}
}

// kernelOracle is the running kernel (internal/oracle) for this test,
// closed when it ends; the test is skipped where programs cannot be
// loaded.
func kernelOracle(t *testing.T) *oracle.Oracle {
	t.Helper()
	if !oracle.Available() {
		t.Skip("loading BPF programs needs root")
	}
	o, err := oracle.New()
	if err != nil {
		t.Skip(err)
	}
	t.Cleanup(o.Close)
	return o
}

// TestModernDifferential compares linux-6.18's verdicts with the running
// kernel's on generated programs. Every program bpfcheck accepts and the
// kernel refuses is reported (it must be a kernel imprecision, never an
// unsafe accept); overall agreement must reach 99%.
func TestModernDifferential(t *testing.T) {
	o := kernelOracle(t)
	seed := int64(2)
	if s, err := strconv.ParseInt(os.Getenv("BPFCHECK_DIFF_SEED"), 10, 64); err == nil {
		seed = s
	}
	g := &gen{r: rand.New(rand.NewSource(seed))}
	n := genCount()
	type tally struct{ total, agree, acceptRej, rejAccept, kernAccept int }
	per := map[string]*tally{}
	var all tally
	shown := 0
	fams := diffFamilies()
	for i := 0; i < n; i++ {
		fam := fams[i%len(fams)]
		gp := g.program(fam)
		p := genProgram(t, gp)
		res, err := Verify(p, Options{Profile: "linux-6.18", LogLevel: 1})
		if err != nil {
			t.Fatal(err)
		}
		v, err := o.Load(oracle.Request{Type: uint32(p.Type), Insns: p.Insns, Maps: p.Maps, License: "GPL"})
		if err != nil || v.Setup {
			t.Logf("kernel could not judge program %d: %v %s", i, err, v.Msg)
			continue
		}
		if per[fam] == nil {
			per[fam] = &tally{}
		}
		for _, c := range []*tally{per[fam], &all} {
			c.total++
			if v.Loaded {
				c.kernAccept++
			}
			switch ours := res.Verdict == Accept; {
			case ours == v.Loaded:
				c.agree++
			case ours:
				c.acceptRej++
			default:
				c.rejAccept++
			}
		}
		if dir := os.Getenv("BPFCHECK_DIFF_DUMP"); dir != "" && (res.Verdict == Accept) != v.Loaded {
			os.WriteFile(fmt.Sprintf("%s/%d-%s-%s.s", dir, i, fam, res.Verdict), []byte(gp.text), 0o644)
		}
		if (res.Verdict == Accept) != v.Loaded && shown < 8 {
			shown++
			msg := diagMessage(res)
			t.Logf("disagreement (%s): bpfcheck %s %q, kernel loaded=%v %q\n%s", fam, res.Verdict, msg, v.Loaded, v.Msg, gp.text)
		}
		if res.Verdict == Accept && !v.Loaded {
			// Each of these must be a kernel imprecision: docs/verifier.md
			// records the ones examined; the concrete runs of
			// TestModernConcreteInAbstract cover accepted programs.
			t.Logf("bpfcheck accepts what the kernel refuses (%q): examine\n%s", v.Msg, gp.text)
		}
	}
	for _, f := range genFamilies {
		if c := per[f]; c != nil {
			t.Logf("%-7s %5d programs, kernel accepts %5d, agree %5d (%.2f%%), we accept/kernel rejects %d, we reject/kernel accepts %d",
				f, c.total, c.kernAccept, c.agree, 100*float64(c.agree)/float64(c.total), c.acceptRej, c.rejAccept)
		}
	}
	t.Logf("all     %5d programs, kernel accepts %5d, agree %5d (%.2f%%)", all.total, all.kernAccept, all.agree, 100*float64(all.agree)/float64(max(all.total, 1)))
	if all.total > 0 && float64(all.agree) < 0.99*float64(all.total) {
		t.Errorf("agreement %.2f%% is below 99%%", 100*float64(all.agree)/float64(all.total))
	}
}
