package main

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/internal/oracle"
	"github.com/bpfcheck/bpfcheck/ir"
	"github.com/bpfcheck/bpfcheck/ir/object"
)

func TestMain(m *testing.M) {
	oracle.ServeIfChild()
	os.Exit(m.Run())
}

// collection loads every program of the ebpf-samples collection
// (BPFCHECK_SAMPLES, fetched beside the project) with bpfcheck's loader;
// a program without a type gets the harness's (PREVAIL's) choice.
func collection(b testing.TB) []*ir.Program {
	progs, _ := collectionFiles(b)
	return progs
}

// collectionFiles is collection with each program's object file.
func collectionFiles(b testing.TB) ([]*ir.Program, []string) {
	dir := os.Getenv("BPFCHECK_SAMPLES")
	if dir == "" {
		b.Skip("BPFCHECK_SAMPLES is not set (the ebpf-samples collection, fetched beside the project)")
	}
	files, err := elfFiles(dir)
	if err != nil || len(files) == 0 {
		b.Skipf("no ELF files under %s: %v", dir, err)
	}
	loader := object.NewLoader(object.Options{})
	var progs []*ir.Program
	var names []string
	for _, rel := range files {
		data, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			b.Fatal(err)
		}
		ps, err := loader.Load(rel, data)
		if err != nil {
			continue // invalid/: objects that do not load
		}
		for _, p := range ps {
			if p.Type == ir.ProgTypeUnspec {
				p.Type = ir.ProgType(sectionTypeFallback(rel))
			}
			progs = append(progs, p)
			names = append(names, rel)
		}
	}
	return progs, names
}

var verifyTimeRE = regexp.MustCompile(`verification time (\d+) usec`)

// BenchmarkCollection is the whole collection verified once per
// iteration, by bpfcheck's linux-6.18 profile and, as root, by the running
// kernel (each program loaded from a child process with its stats log).
// Both report verify-ns/op, the sum of the verifiers' own per-program
// times (the kernel's "verification time"; the kernel's ns/op also counts
// map creation and the round trip to the child), median-µs and programs,
// the number of programs timed.
//
// As root, both time the same programs: those the kernel gets to verify
// when handed bpfcheck's loader output without BTF (found in a first
// pass); without root, bpfcheck times every program.
func BenchmarkCollection(b *testing.B) {
	progs := collection(b)
	var o *oracle.Oracle
	if oracle.Available() {
		var err error
		if o, err = oracle.New(); err == nil {
			defer o.Close()
			var set []*ir.Program
			for _, p := range progs {
				if _, ok := kernelTime(o, p); ok {
					set = append(set, p)
				}
			}
			progs = set
		}
	}
	b.Run("verifier=bpfcheck-linux-6.18", func(b *testing.B) {
		times := make([]float64, 0, len(progs))
		for b.Loop() {
			times = times[:0]
			for _, p := range progs {
				start := time.Now()
				if _, err := absint.Verify(p, absint.Options{Profile: "linux-6.18"}); err != nil {
					b.Fatal(err)
				}
				times = append(times, float64(time.Since(start).Nanoseconds()))
			}
		}
		reportTimes(b, times)
	})
	b.Run("verifier=kernel", func(b *testing.B) {
		if o == nil {
			b.Skip("loading BPF programs needs root")
		}
		var times []float64
		for b.Loop() {
			times = times[:0]
			for _, p := range progs {
				if ns, ok := kernelTime(o, p); ok {
					times = append(times, ns)
				}
			}
		}
		reportTimes(b, times)
	})
}

// kernelTime loads p into the running kernel (from the oracle's child)
// and returns the verifier's own time, from its stats log, in ns.
func kernelTime(o *oracle.Oracle, p *ir.Program) (float64, bool) {
	v, err := o.Load(oracle.Request{Type: uint32(p.Type), Attach: uint32(p.AttachType), Insns: p.Insns,
		Maps: p.Maps, License: p.License, LogLevel: 4})
	if err != nil || v.Setup {
		return 0, false
	}
	m := verifyTimeRE.FindStringSubmatch(v.Log)
	if m == nil {
		return 0, false
	}
	us, _ := strconv.ParseFloat(m[1], 64)
	return us * 1000, true
}

func reportTimes(b *testing.B, ns []float64) {
	var sum float64
	for _, t := range ns {
		sum += t
	}
	s := append([]float64(nil), ns...)
	sort.Float64s(s)
	med := 0.0
	if len(s) > 0 {
		med = s[len(s)/2]
	}
	b.ReportMetric(sum, "verify-ns/op")
	b.ReportMetric(med/1000, "median-µs")
	b.ReportMetric(float64(len(ns)), "programs")
}
