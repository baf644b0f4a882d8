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

// BenchmarkObligation decides the obligations of the corpus's rejected
// paths (linux-4.3) and of its accepted programs' feasible paths, and
// reports the median and 99th-percentile solver time per obligation.
func BenchmarkObligation(b *testing.B) {
	s := newSolver(b)
	t := &testing.T{}
	files, _ := filepath.Glob("../../corpus/*/*.s")
	type job struct {
		p   *ir.Program
		res *absint.Result
	}
	var jobs []job
	for _, path := range files {
		p := corpusProgram(t, path)
		res, err := absint.Verify(p, absint.Options{Profile: "linux-4.3", Path: true})
		if err != nil || (res.Verdict == absint.Reject && (len(res.Path) == 0 || limitCodes[res.Diag.Code])) {
			continue
		}
		jobs = append(jobs, job{p, res})
	}
	var times []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		times = times[:0]
		for _, j := range jobs {
			var obs []Obligation
			if j.res.Verdict == absint.Reject {
				x, err := s.Explain(j.p, j.res)
				if err != nil {
					b.Fatal(err)
				}
				obs = x.Obligations
			} else if j.res.Verdict == absint.Accept {
				x, err := s.Prove(j.p, "linux-4.3")
				if err != nil {
					b.Fatal(err)
				}
				obs = x.Obligations
			}
			for _, o := range obs {
				times = append(times, o.Time)
			}
		}
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	if len(times) > 0 {
		b.ReportMetric(float64(times[len(times)/2].Nanoseconds())/1e6, "median-ms/obligation")
		b.ReportMetric(float64(times[len(times)*99/100].Nanoseconds())/1e6, "p99-ms/obligation")
		b.ReportMetric(float64(len(times)), "obligations")
	}
}
