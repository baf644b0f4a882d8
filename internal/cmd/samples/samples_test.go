package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestReadInventory checks the macros' verdicts, multi-line calls,
// TEST_PROGRAM's function argument, and that commented-out entries and
// the #define lines are skipped.
func TestReadInventory(t *testing.T) {
	src := `#define TEST_SECTION(project, filename, section) \
    TEST_CASE(project "/" filename " " section, "[verify]") { }
TEST_SECTION("linux", "a.o", "xdp")
TEST_SECTION_REJECT("build", "bad.o", ".text")
TEST_SECTION_FAIL("cilium", "c.o",
                  "2/1")
TEST_PROGRAM("build", "bpf2bpf.o", ".text", "add1", 2);
TEST_SECTION_REJECT_FAIL("build", "leak.o", "test")
// TEST_SECTION("linux", "commented.o", "x")
/*
TEST_SECTION("linux", "block.o", "y")
*/
FAIL_LOAD_ELF("cilium", "not-found.o", "2/1")
`
	path := filepath.Join(t.TempDir(), "test_verify.cpp")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := readInventory(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []entry{
		{Project: "linux", File: "a.o", Section: "xdp", Macro: "TEST_SECTION", Prevail: "accept", Intent: "safe"},
		{Project: "build", File: "bad.o", Section: ".text", Macro: "TEST_SECTION_REJECT", Prevail: "reject", Intent: "unsafe"},
		{Project: "cilium", File: "c.o", Section: "2/1", Macro: "TEST_SECTION_FAIL", Prevail: "reject", Intent: "safe"},
		{Project: "build", File: "bpf2bpf.o", Section: ".text", Program: "add1", Macro: "TEST_PROGRAM", Prevail: "accept", Intent: "safe"},
		{Project: "build", File: "leak.o", Section: "test", Macro: "TEST_SECTION_REJECT_FAIL", Prevail: "accept", Intent: "unsafe"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("inventory (-want +got):\n%s", d)
	}
	if _, err := readInventory(filepath.Join(t.TempDir(), "missing.cpp")); err == nil {
		t.Error("a missing inventory is no error")
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
