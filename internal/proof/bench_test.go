//go:build cgo

package proof

import (
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/ir"
)

// benchJob is one program with its verdict under a profile.
type benchJob struct {
	p       *ir.Program
	res     *absint.Result
	profile string
}

// obligationTimes decides the obligations of every job once: a rejected
// program's path (Explain), an accepted one's feasible paths (Prove).
func obligationTimes(b *testing.B, s *Solver, jobs []benchJob, all, solver, cpu *[]time.Duration) {
	for _, j := range jobs {
		var obs []Obligation
		if j.res.Verdict == absint.Reject {
			x, err := s.Explain(j.p, j.res, j.profile)
			if err != nil {
				b.Fatal(err)
			}
			obs = x.Obligations
		} else if j.res.Verdict == absint.Accept {
			x, err := s.Prove(j.p, j.profile)
			if err != nil {
				b.Fatal(err)
			}
			obs = x.Obligations
		}
		for _, o := range obs {
			*all = append(*all, o.Time)
			if o.By == "solver" {
				*solver = append(*solver, o.Time)
				*cpu = append(*cpu, o.CPU)
			}
		}
	}
}

// reportTimes reports the median and 99th percentile of the times per
// obligation, over all obligations and over those the solver decided
// (the rest the simplifier decided without a solver call).
func reportTimes(b *testing.B, all, solver, cpu []time.Duration) {
	q := func(ts []time.Duration, f float64) float64 {
		if len(ts) == 0 {
			return 0
		}
		sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
		return float64(ts[int(f*float64(len(ts)-1))].Nanoseconds()) / 1e6
	}
	b.ReportMetric(q(all, 0.5), "median-ms/obligation")
	b.ReportMetric(q(all, 0.99), "p99-ms/obligation")
	b.ReportMetric(q(solver, 0.5), "solver-median-ms")
	b.ReportMetric(q(solver, 0.99), "solver-p99-ms")
	b.ReportMetric(q(cpu, 0.5), "solver-cpu-median-ms")
	b.ReportMetric(q(cpu, 0.99), "solver-cpu-p99-ms")
	b.ReportMetric(float64(len(all)), "obligations")
	b.ReportMetric(float64(len(solver)), "solver-calls")
}

// BenchmarkObligation decides the obligations of the corpus's rejected
// paths (linux-4.3) and of its accepted programs' feasible paths, and
// reports the median and 99th-percentile time per obligation.
func BenchmarkObligation(b *testing.B) {
	s := newSolver(b)
	t := &testing.T{}
	files, _ := filepath.Glob("../../corpus/*/*.s")
	var jobs []benchJob
	for _, path := range files {
		p := corpusProgram(t, path)
		res, err := absint.Verify(p, absint.Options{Profile: "linux-4.3", Path: true})
		if err != nil || (res.Verdict == absint.Reject && (len(res.Path) == 0 || limitCodes[res.Diag.Code])) {
			continue
		}
		jobs = append(jobs, benchJob{p, res, "linux-4.3"})
	}
	var all, solver, cpu []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		all, solver, cpu = all[:0], solver[:0], cpu[:0]
		obligationTimes(b, s, jobs, &all, &solver, &cpu)
	}
	reportTimes(b, all, solver, cpu)
}

// BenchmarkObligationModern is BenchmarkObligation on corpus/modern
// (assembly and C) under linux-6.18 and precise.
func BenchmarkObligationModern(b *testing.B) {
	s := newSolver(b)
	t := &testing.T{}
	var jobs []benchJob
	for _, c := range modernCorpus(t) {
		for _, profile := range []string{"linux-6.18", "precise"} {
			res, err := absint.Verify(c.p, absint.Options{Profile: profile, Discharge: s.Discharge()})
			if err != nil || res.Verdict == absint.Unsupported || (res.Verdict == absint.Reject && limitCodes[res.Diag.Code]) {
				continue
			}
			jobs = append(jobs, benchJob{c.p, res, profile})
		}
	}
	var all, solver, cpu []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		all, solver, cpu = all[:0], solver[:0], cpu[:0]
		obligationTimes(b, s, jobs, &all, &solver, &cpu)
	}
	reportTimes(b, all, solver, cpu)
}
