package main

import (
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/internal/oracle"
	"github.com/bpfcheck/bpfcheck/ir"
)

var kernelStatsRE = regexp.MustCompile(`processed (\d+) insns .* total_states (\d+)`)

// progWork is what verifying one program took, by one verifier.
type progWork struct {
	processed, states int
	ns                float64
	ok                bool
}

// TestCollectionWork prints, for every program of the collection (largest
// bpfcheck time first), the processed instructions, stored states and
// time of bpfcheck's linux-6.18 profile beside the running kernel's (as
// root; from its stats log), and the totals. A measuring aid, not a check:
// it runs only with BPFCHECK_SAMPLES and BPFCHECK_WORK set.
//
//	BPFCHECK_SAMPLES=/work/ext/ebpf-samples BPFCHECK_WORK=1 go test ./internal/cmd/samples -run CollectionWork -v
func TestCollectionWork(t *testing.T) {
	if os.Getenv("BPFCHECK_WORK") == "" {
		t.Skip("BPFCHECK_WORK is not set (a measuring aid)")
	}
	progs, files := collectionFiles(t)
	var o *oracle.Oracle
	if oracle.Available() {
		var err error
		if o, err = oracle.New(); err != nil {
			t.Fatal(err)
		}
		defer o.Close()
	}
	type row struct {
		name   string
		us, kr progWork
	}
	var rows []row
	for i, p := range progs {
		r := row{name: fmt.Sprintf("%s %s %s", files[i], p.Section, p.Name)}
		start := time.Now()
		res, err := absint.Verify(p, absint.Options{Profile: "linux-6.18"})
		if err != nil {
			t.Fatal(err)
		}
		r.us = progWork{res.Stats.Processed, res.Stats.States, float64(time.Since(start).Nanoseconds()), true}
		if o != nil {
			r.kr = kernelWork(o, p)
		}
		rows = append(rows, r)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].us.ns > rows[j].us.ns })
	var us, kr, both [2]progWork
	t.Logf("%-70s %9s %7s %9s | %9s %7s %9s", "program", "insns", "states", "µs", "k-insns", "k-states", "k-µs")
	for _, r := range rows {
		t.Logf("%-70s %9d %7d %9.0f | %9d %7d %9.0f", r.name, r.us.processed, r.us.states, r.us.ns/1000,
			r.kr.processed, r.kr.states, r.kr.ns/1000)
		add := func(s *progWork, w progWork) { s.processed += w.processed; s.states += w.states; s.ns += w.ns }
		add(&us[0], r.us)
		add(&kr[0], r.kr)
		if r.kr.ok {
			add(&both[0], r.us)
			add(&both[1], r.kr)
		}
	}
	t.Logf("all %d programs: bpfcheck %d insns, %d states, %.0f ms; kernel (where it verified) %d insns, %d states, %.0f ms",
		len(rows), us[0].processed, us[0].states, us[0].ns/1e6, kr[0].processed, kr[0].states, kr[0].ns/1e6)
	t.Logf("where the kernel verified: bpfcheck %d insns, %d states, %.0f ms; kernel %d insns, %d states, %.0f ms",
		both[0].processed, both[0].states, both[0].ns/1e6, both[1].processed, both[1].states, both[1].ns/1e6)
}

// kernelWork loads p into the running kernel (from the oracle's child)
// and reads processed insns, total states and time from its stats log.
func kernelWork(o *oracle.Oracle, p *ir.Program) progWork {
	v, err := o.Load(oracle.Request{Type: uint32(p.Type), Attach: uint32(p.AttachType), Insns: p.Insns,
		Maps: p.Maps, License: p.License, LogLevel: 4})
	if err != nil || v.Setup {
		return progWork{}
	}
	m := verifyTimeRE.FindStringSubmatch(v.Log)
	s := kernelStatsRE.FindStringSubmatch(v.Log)
	if m == nil || s == nil {
		return progWork{}
	}
	us, _ := strconv.ParseFloat(m[1], 64)
	n, _ := strconv.Atoi(s[1])
	k, _ := strconv.Atoi(s[2])
	return progWork{n, k, us * 1000, true}
}
