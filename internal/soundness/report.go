package soundness

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Merge sums the statistics of several checkers.
func Merge(cs []*Checker) Stats {
	t := Stats{Profiles: map[string]*ProfileStats{}}
	for _, c := range cs {
		t.Programs += c.Stats.Programs
		t.Executed += c.Stats.Executed
		t.Runs += c.Stats.Runs
		t.Mismatches += c.Stats.Mismatches
		t.ExplainedMismatches += c.Stats.ExplainedMismatches
		t.Bugs += c.Stats.Bugs
		for name, p := range c.Stats.Profiles {
			q := t.Profiles[name]
			if q == nil {
				q = &ProfileStats{}
				t.Profiles[name] = q
			}
			q.Accepted += p.Accepted
			q.Warned += p.Warned
			q.Rejected += p.Rejected
			q.Unsupported += p.Unsupported
			q.Faults += p.Faults
			q.Expected += p.Expected
			q.Gaps += p.Gaps
			q.Contained += p.Contained
			q.ContainFailures += p.ContainFailures
			q.Uncontained += p.Uncontained
			q.Discharged += p.Discharged
		}
		for k, v := range c.Stats.Causes {
			if t.Causes == nil {
				t.Causes = map[string]*Cause{}
			}
			if q := t.Causes[k]; q == nil {
				t.Causes[k] = &Cause{Count: v.Count, Seed: v.Seed}
			} else {
				q.Count += v.Count
				q.Seed = min(q.Seed, v.Seed)
			}
		}
	}
	return t
}

// Findings is the number of soundness bugs found: faults in cleanly
// accepted programs and engine disagreements.
func (s Stats) Findings() int { return s.Bugs }

// Report is the summary table docs/soundness.md records.
func (s Stats) Report(seed int64, d time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "programs %d (seeds %d..%d), executed %d, runs %d, findings %d (engine mismatches %d: %d findings, %d explained below), %s\n",
		s.Programs, seed, seed+int64(s.Programs)-1, s.Executed, s.Runs, s.Bugs, s.Mismatches, s.Mismatches-s.ExplainedMismatches, s.ExplainedMismatches, d.Round(time.Second))
	names := make([]string, 0, len(s.Profiles))
	for n := range s.Profiles {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintf(&b, "%-12s %10s %10s %10s %11s %7s %9s %6s %10s %9s %11s %10s\n", "profile", "accepted", "warned", "rejected", "unsupported", "faults", "expected", "gaps", "contained", "outside", "uncontained", "discharged")
	for _, n := range names {
		p := s.Profiles[n]
		fmt.Fprintf(&b, "%-12s %10d %10d %10d %11d %7d %9d %6d %10d %9d %11d %10d\n", n, p.Accepted, p.Warned, p.Rejected, p.Unsupported, p.Faults, p.Expected, p.Gaps, p.Contained, p.ContainFailures, p.Uncontained, p.Discharged)
	}
	causes := make([]string, 0, len(s.Causes))
	for k := range s.Causes {
		causes = append(causes, k)
	}
	sort.Strings(causes)
	for _, k := range causes {
		fmt.Fprintf(&b, "  %6d x %s (first: program seed %d)\n", s.Causes[k].Count, k, s.Causes[k].Seed)
	}
	return b.String()
}
