//go:build cgo

package soundness

import (
	"testing"
)

// TestPreciseRunsWithItsSolver: in the checker the precise profile has its
// solver, so it accepts generated programs linux-6.18 rejects (bounds only
// the solver proves); those run on every engine and are checked for
// containment like every accepted program, and none faults. Every
// accepted program is accounted for.
func TestPreciseRunsWithItsSolver(t *testing.T) {
	c := NewChecker(Options{Inputs: 3, Profiles: []string{"linux-6.18", "precise"}})
	defer c.Close()
	for seed := int64(1); seed <= 2000; seed++ {
		found, err := c.Check(seed)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range found {
			t.Errorf("finding:\n%s", f.Reproducer())
		}
		if st := c.Stats.Profiles["precise"]; st.Discharged >= 2 && st.Contained > 0 {
			break
		}
	}
	if err := c.SolverError(); err != nil {
		t.Skipf("no solver: %v", err)
	}
	pr, mo := c.Stats.Profiles["precise"], c.Stats.Profiles["linux-6.18"]
	if pr.Discharged < 2 || pr.Accepted <= mo.Accepted {
		t.Errorf("precise discharged %d, accepted %d (linux-6.18 %d): the solver is not used", pr.Discharged, pr.Accepted, mo.Accepted)
	}
	for name, st := range c.Stats.Profiles {
		if st.Faults != 0 || st.ContainFailures != 0 {
			t.Errorf("%s: %d faults, %d outside", name, st.Faults, st.ContainFailures)
		}
		if sum := st.Faults + st.Expected + st.Gaps + st.Contained + st.Uncontained; sum != st.Accepted {
			t.Errorf("%s: %d accepted, but faults+expected+gaps+contained+uncontained = %d", name, st.Accepted, sum)
		}
	}
	t.Logf("%d programs: precise accepted %d (%d by the solver), linux-6.18 %d", c.Stats.Programs, pr.Accepted, pr.Discharged, mo.Accepted)
}
