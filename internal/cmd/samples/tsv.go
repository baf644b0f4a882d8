package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

func clean(s string) string { return strings.NewReplacer("\t", " ", "\n", " ").Replace(s) }

var kernelHeader = []string{"project", "file", "section", "program", "type", "kernel", "insns", "usec", "loader", "reason"}

func writeKernelTSV(path string, es []entry, k map[string]kernelResult) error {
	var b strings.Builder
	b.WriteString(strings.Join(kernelHeader, "\t") + "\n")
	for _, e := range es {
		r := k[e.Key()]
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%s\t%s\n", e.Project, e.File, e.Section, e.Program,
			r.Type, r.Verdict, r.Insns, r.Micros, r.Loader, clean(r.Reason))
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func readKernelTSV(path string) (map[string]kernelResult, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]kernelResult{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for first := true; sc.Scan(); first = false {
		c := strings.Split(sc.Text(), "\t")
		if first || len(c) != len(kernelHeader) {
			continue
		}
		e := entry{Project: c[0], File: c[1], Section: c[2], Program: c[3]}
		insns, _ := strconv.Atoi(c[6])
		us, _ := strconv.Atoi(c[7])
		out[e.Key()] = kernelResult{Type: c[4], Verdict: c[5], Insns: insns, Micros: us, Loader: c[8], Reason: c[9]}
	}
	return out, sc.Err()
}

// writeResultsTSV writes every entry's verdicts side by side.
func writeResultsTSV(path string, es []entry, k map[string]kernelResult, profs []string, checks map[string]map[string]checkResult) error {
	var b strings.Builder
	h := []string{"project", "file", "section", "program", "status", "kind", "loaded", "prevail", "intent", "type", "kernel", "kernel_insns", "kernel_usec", "kernel_loader", "kernel_reason"}
	for _, p := range profs {
		h = append(h, p, p+"_ns", p+"_message")
	}
	b.WriteString(strings.Join(h, "\t") + "\n")
	for _, e := range es {
		r := k[e.Key()]
		row := []string{e.Project, e.File, e.Section, e.Program, e.Status, e.Kind, strconv.FormatBool(e.Loaded), e.Prevail, e.Intent, r.Type, r.Verdict,
			strconv.Itoa(r.Insns), strconv.Itoa(r.Micros), r.Loader, clean(r.Reason)}
		for _, p := range profs {
			c := checks[p][e.Key()]
			row = append(row, c.Verdict, strconv.FormatInt(c.Nanos, 10), clean(c.Message))
		}
		b.WriteString(strings.Join(row, "\t") + "\n")
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func writeWalls(path string, profs []string, walls map[string]time.Duration) error {
	var b strings.Builder
	b.WriteString("profile\twall_ns\n")
	for _, p := range profs {
		fmt.Fprintf(&b, "%s\t%d\n", p, walls[p].Nanoseconds())
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// table is a TSV read back: its header and rows as maps.
type table struct {
	header []string
	rows   []map[string]string
}

func readTSV(path string) (*table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t := &table{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if t.header == nil {
			t.header = c
			continue
		}
		row := map[string]string{}
		for i, h := range t.header {
			if i < len(c) {
				row[h] = c[i]
			}
		}
		t.rows = append(t.rows, row)
	}
	return t, sc.Err()
}
