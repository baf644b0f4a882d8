package absint

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bpfcheck/bpfcheck/ir"
)

// TestModernPrecisionPruning checks the programs in BPFCHECK_CHECK_DIR
// (assembly, one map array:4:48:4, xdp when the name says packet) with and
// without precision-based pruning: the verdicts must agree.
func TestModernPrecisionPruning(t *testing.T) {
	dir := os.Getenv("BPFCHECK_CHECK_DIR")
	if dir == "" {
		t.Skip("BPFCHECK_CHECK_DIR not set")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.s"))
	for _, f := range files {
		src, _ := os.ReadFile(f)
		insns, err := ir.Assemble(string(src))
		if err != nil {
			t.Fatal(err)
		}
		p := &ir.Program{Type: ir.ProgTypeSocketFilter, Insns: insns, License: "GPL",
			Maps: []ir.MapSpec{{Type: ir.MapTypeArray, KeySize: 4, ValueSize: 48, MaxEntries: 4}}}
		a, _ := Verify(p, Options{Profile: "linux-6.18"})
		b, _ := Verify(p, Options{Profile: "linux-6.18", OnState: func(int, *[11]RegState) {}})
		t.Logf("%s: precise pruning %s, full comparison %s", filepath.Base(f), a.Verdict, b.Verdict)
		if a.Verdict != b.Verdict {
			t.Errorf("%s: verdicts differ", f)
		}
	}
}
