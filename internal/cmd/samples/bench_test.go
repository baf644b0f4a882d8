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
func collection(b *testing.B) []*ir.Program {
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
		}
	}
	return progs
}

var verifyTimeRE = regexp.MustCompile(`verification time (\d+) usec`)

// BenchmarkCollection is the whole collection verified once per
// iteration, by bpfcheck's linux-6.18 profile and, as root, by the running
// kernel (each program loaded from a child process with its stats log).
// Both report verify-ns/op, the sum of the verifiers' own per-program
// times (the kernel's "verification time"; the kernel's ns/op also counts
// map creation and the round trip to the child), median-µs and programs,
// the number of programs timed (the kernel's: those it got to verify).
func BenchmarkCollection(b *testing.B) {
	progs := collection(b)
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
		if !oracle.Available() {
			b.Skip("loading BPF programs needs root")
		}
		o, err := oracle.New()
		if err != nil {
			b.Skip(err)
		}
		defer o.Close()
		var times []float64
		for b.Loop() {
			times = times[:0]
			for _, p := range progs {
				v, err := o.Load(oracle.Request{Type: uint32(p.Type), Attach: uint32(p.AttachType), Insns: p.Insns,
					Maps: p.Maps, License: p.License, LogLevel: 4})
				if err != nil || v.Setup {
					continue
				}
				if m := verifyTimeRE.FindStringSubmatch(v.Log); m != nil {
					us, _ := strconv.ParseFloat(m[1], 64)
					times = append(times, us*1000)
				}
			}
		}
		reportTimes(b, times)
	})
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
