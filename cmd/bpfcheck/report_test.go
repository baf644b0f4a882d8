//go:build cgo

package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestVerifyReport runs verify --report on a NULL dereference and on a safe
// program: the JSON records carry the contract's witness and obligations,
// the directory gets a Markdown report, the CFG and one .smt2 file per
// obligation, and the z3 command gives each file its recorded answer.
func TestVerifyReport(t *testing.T) {
	bad := writeFile(t, "bad.s", lookupProg)
	good := writeFile(t, "good.s", "r0 = *(u32 *)(r1 +0)\nexit\n")
	dir := t.TempDir()
	code, out, errOut := bpfcheck("", "verify", "--format", "json", "--map", "hash:8:8:16", "--report", dir, bad, good)
	if code != exitRejected {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 records:\n%s", out)
	}
	var rej, acc struct {
		Verdict string
		Witness *struct {
			Confirmed bool
			Inputs    map[string]any
		}
		Obligations *struct{ Total, Proved, Failed int }
	}
	if err := json.Unmarshal([]byte(lines[0]), &rej); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lines[1]), &acc); err != nil {
		t.Fatal(err)
	}
	if rej.Verdict != "reject" || rej.Witness == nil || !rej.Witness.Confirmed || rej.Obligations == nil || rej.Obligations.Failed != 1 {
		t.Errorf("rejection record lacks a confirmed witness or its failed obligation: %s", lines[0])
	}
	if acc.Verdict != "accept" || acc.Witness != nil || acc.Obligations == nil || acc.Obligations.Total != 1 || acc.Obligations.Proved != 1 {
		t.Errorf("acceptance record: %s", lines[1])
	}
	md, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	dots, _ := filepath.Glob(filepath.Join(dir, "*.dot"))
	queries, _ := filepath.Glob(filepath.Join(dir, "*.smt2"))
	if len(md) != 2 || len(dots) != 1 || len(queries) < 3 {
		t.Fatalf("report files: %d .md, %d .dot, %d .smt2", len(md), len(dots), len(queries))
	}
	report, _ := os.ReadFile(md[0])
	for _, want := range []string{"## Path", "## Obligations", "## Witness", "**Confirmed**", "```dot", "## Abstract states"} {
		if !strings.Contains(string(report), want) {
			t.Errorf("%s lacks %q", md[0], want)
		}
	}
	z3, err := exec.LookPath("z3")
	if err != nil {
		t.Skip("z3 command not installed")
	}
	for _, q := range queries {
		data, _ := os.ReadFile(q)
		_, rest, _ := strings.Cut(string(data), "; recorded answer: ")
		want, _, _ := strings.Cut(rest, "\n")
		got, err := exec.Command(z3, "-smt2", q).CombinedOutput()
		if err != nil || strings.TrimSpace(string(got)) != want {
			t.Errorf("%s: z3 says %q (%v), recorded %q", q, got, err, want)
		}
	}
}
