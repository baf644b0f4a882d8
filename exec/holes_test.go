package exec_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/ir"
)

// runChecked runs src in checked mode on every engine with maps made from
// specs and returns r0 and the error of each.
func runChecked(t *testing.T, src string, specs []ir.MapSpec, ctx func() exec.Context) (r0s []uint64, errs []error) {
	t.Helper()
	insns, err := ir.Assemble(src)
	if err != nil {
		t.Fatal(err)
	}
	p := &ir.Program{Name: "t", Insns: insns, Maps: specs}
	for _, e := range engines() {
		maps, err := exec.NewMaps(p)
		if err != nil {
			t.Fatal(err)
		}
		prog, err := exec.LoadChecked(p, maps, exec.Options{Engine: e})
		if err != nil {
			t.Fatal(err)
		}
		var c exec.Context
		if ctx != nil {
			c = ctx()
		}
		r0, err := prog.Run(c)
		r0s, errs = append(r0s, r0), append(errs, err)
		prog.Close()
	}
	return
}

// Checked mode refuses helper arguments read from stack nothing wrote
// (soundness findings, hole 3), and runs their initialised neighbours.
func TestCheckedHelperArgsInitialised(t *testing.T) {
	hash := []ir.MapSpec{{Name: "h", Type: ir.MapTypeHash, KeySize: 8, ValueSize: 8, MaxEntries: 4}}
	tests := []struct {
		what, src string
		fault     string
	}{
		{"a lookup key of unwritten stack", "r1 = map[0]\nr2 = r10\nr2 += -8\ncall 1\nexit",
			"insn 4: helper 1 reads uninitialised stack at fp-8"},
		{"a lookup key half written", "*(u32 *)(r10 -8) = 0\nr1 = map[0]\nr2 = r10\nr2 += -8\ncall 1\nexit",
			"insn 5: helper 1 reads uninitialised stack at fp-4"},
		{"an update value of unwritten stack", "*(u64 *)(r10 -8) = 0\nr1 = map[0]\nr2 = r10\nr2 += -8\nr3 = r10\nr3 += -16\nr4 = 0\ncall 2\nexit",
			"insn 8: helper 2 reads uninitialised stack at fp-16"},
		{"a written key", "*(u64 *)(r10 -8) = 0\nr1 = map[0]\nr2 = r10\nr2 += -8\ncall 1\nexit", ""},
		{"a written key and value", "*(u64 *)(r10 -8) = 0\n*(u64 *)(r10 -16) = 0\nr1 = map[0]\nr2 = r10\nr2 += -8\nr3 = r10\nr3 += -16\nr4 = 0\ncall 2\nexit", ""},
	}
	for _, tt := range tests {
		_, errs := runChecked(t, tt.src, hash, nil)
		for i, err := range errs {
			if got := errString(err); tt.fault == "" && err != nil || tt.fault != "" && !strings.HasPrefix(got, tt.fault) {
				t.Errorf("%s (engine %d): %v; want %q", tt.what, i, err, tt.fault)
			}
		}
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// get_cgroup_classid runs without an __sk_buff (soundness findings, hole
// 2): the current task's class, 0 by default.
func TestCgroupClassidWithoutSkb(t *testing.T) {
	r0s, errs := runChecked(t, "call 17\nexit", nil, func() exec.Context { return &exec.PtRegs{} })
	for i := range r0s {
		if r0s[i] != 0 || errs[i] != nil {
			t.Errorf("engine %d: %d, %v; want 0", i, r0s[i], errs[i])
		}
	}
}

// An access from one array value by its size lands in a red zone, not in
// the next value (soundness findings, hole 4); the next value itself,
// reached by its own lookup, is fine.
func TestMapValueRedZone(t *testing.T) {
	arr := []ir.MapSpec{{Name: "a", Type: ir.MapTypeArray, KeySize: 4, ValueSize: 12, MaxEntries: 4}}
	lookup := "*(u32 *)(r10 -4) = %d\nr1 = map[0]\nr2 = r10\nr2 += -4\ncall 1\nif r0 == 0x0 goto +1\nr0 = *(u32 *)(r0 +%d)\nexit"
	for _, tt := range []struct {
		key, off int
		fault    string
	}{
		{0, 12, "insn 7: out-of-bounds read of 4 bytes"}, {0, 16, "insn 7: out-of-bounds read of 4 bytes"}, {0, 8, ""}, {1, 0, ""}, {3, 8, ""},
		{3, 12, "insn 7: out-of-bounds read of 4 bytes"},
	} {
		_, errs := runChecked(t, fmt.Sprintf(lookup, tt.key, tt.off), arr, nil)
		for i, err := range errs {
			if got := errString(err); tt.fault == "" && err != nil || tt.fault != "" && !strings.HasPrefix(got, tt.fault) {
				t.Errorf("value %d + %d (engine %d): %v; want %q", tt.key, tt.off, i, err, tt.fault)
			}
		}
	}
}
