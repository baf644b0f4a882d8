package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestReadInventory checks how the inventory's statuses become verdicts:
// the default is pass, a single-program section takes its override at
// section scope and a multi-program one per program, and a section where
// one program must fail to load fails as a whole.
func TestReadInventory(t *testing.T) {
	src := `{"projects": {
  "linux": {"objects": {"a.o": {"sections": {
      "xdp": [{"function": "xdp_prog"}],
      "kprobe/x": [{"function": "kx"}],
      ".text": [{"function": "f"}, {"function": "g"}]},
    "test_overrides": {
      "sections": {"kprobe/x": {"status": "expected_failure", "kind": "VerifierBoundsTracking"}},
      "programs": {".text": {"g": {"status": "reject"}}}}}}},
  "build": {"objects": {"bad.o": {"sections": {
      "s": [{"function": "p"}, {"function": "q", "reject_load": true}]},
    "test_overrides": {"programs": {"s": {"q": {"status": "reject_load"}}}}}}}}}`
	path := filepath.Join(t.TempDir(), "elf_inventory.json")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := readInventory(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []entry{
		{Project: "build", File: "bad.o", Section: "s", Program: "p", Status: "reject_load", Prevail: "load-error", Intent: "invalid"},
		{Project: "build", File: "bad.o", Section: "s", Program: "q", Status: "reject_load", Prevail: "load-error", Intent: "invalid"},
		{Project: "linux", File: "a.o", Section: ".text", Program: "f", Status: "pass", Prevail: "accept", Intent: "safe"},
		{Project: "linux", File: "a.o", Section: ".text", Program: "g", Status: "reject", Prevail: "reject", Intent: "unsafe"},
		{Project: "linux", File: "a.o", Section: "kprobe/x", Program: "kx", Status: "expected_failure", Kind: "VerifierBoundsTracking", Prevail: "reject", Intent: "safe"},
		{Project: "linux", File: "a.o", Section: "xdp", Program: "xdp_prog", Status: "pass", Prevail: "accept", Intent: "safe"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("inventory (-want +got):\n%s", d)
	}
	if _, err := readInventory(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("a missing inventory is no error")
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"projects": {"p": {"objects": {"o": {"sections": {"s": [{"function": "f"}]}, "test_overrides": {"sections": {"s": {"status": "maybe"}}}}}}}}`), 0o644)
	if _, err := readInventory(bad); err == nil {
		t.Error("an unknown status is no error")
	}
}

// TestMerge checks the join of the inventory with the loader's records:
// exact names, a symbol-less single-program section named differently,
// an unlisted record, and an inventory subprogram the loader does not
// report as a program.
func TestMerge(t *testing.T) {
	inv := []entry{
		{Project: "p", File: "a.o", Section: "xdp", Program: "xdp", Status: "pass"},
		{Project: "p", File: "a.o", Section: "tc", Program: "cls", Status: "reject"},
		{Project: "p", File: "a.o", Section: ".text", Program: "sub", Status: "pass"},
	}
	recs := []record{{"p/a.o", "xdp", "a.o"}, {"p/a.o", "tc", "cls"}, {"p/b.o", "socket", "f"}}
	got := merge(inv, recs)
	want := []entry{
		{Project: "p", File: "a.o", Section: ".text", Program: "sub", Status: "pass"},
		{Project: "p", File: "a.o", Section: "tc", Program: "cls", Status: "reject", Loaded: true},
		{Project: "p", File: "a.o", Section: "xdp", Program: "xdp", Status: "pass", Loaded: true},
		{Project: "p", File: "b.o", Section: "socket", Program: "f", Status: "unlisted", Intent: "unknown", Loaded: true},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("merge (-want +got):\n%s", d)
	}
}

// TestStatsAndMessage checks what the harness reads from a verifier log.
func TestStatsAndMessage(t *testing.T) {
	log := []string{
		"0: R1=ctx() R10=fp0",
		"0: (61) r2 = *(u32 *)(r1 +80)",
		"invalid bpf_context access off=80 size=4",
		"processed 1 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0",
		"verification time 42 usec",
		"stack depth 0",
	}
	insns, us := stats(log[3] + "\n" + log[4])
	if insns != 1 || us != 42 {
		t.Errorf("stats = %d insns, %d µs", insns, us)
	}
	if m := lastMessage(log); m != "invalid bpf_context access off=80 size=4" {
		t.Errorf("lastMessage = %q", m)
	}
	if m := lastMessage([]string{"expected prog array map for tail callverification time 103 usec"}); m != "expected prog array map for tail call" {
		t.Errorf("lastMessage with a glued stats line = %q", m)
	}
}

// TestSummaryMedian checks the report's arithmetic.
func TestSummaryMedian(t *testing.T) {
	if m := median([]float64{5, 1, 3}); m != 3 {
		t.Errorf("median of three = %v", m)
	}
	if m := median([]float64{4, 1, 3, 2}); m != 2.5 {
		t.Errorf("median of four = %v", m)
	}
	if m := median(nil); m != 0 {
		t.Errorf("median of none = %v", m)
	}
	if p := pct(1, 0); p != 0 {
		t.Errorf("pct of nothing = %v", p)
	}
}
