package absint

import (
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/ir"
)

// callbackProg assembles a socket filter whose functions start at the
// given slots, as an object with BTF func_info would say.
func callbackProg(t *testing.T, text string, funcs ...int) *ir.Program {
	t.Helper()
	insns, err := ir.Assemble(text)
	if err != nil {
		t.Fatal(err)
	}
	p := &ir.Program{Name: "cb", Type: 1, Insns: insns, License: "GPL"}
	for _, f := range append([]int{0}, funcs...) {
		p.Funcs = append(p.Funcs, ir.Func{Name: "f", Insn: f})
	}
	return p
}

// TestModernCallbackUnsafeNeighbours: each callback program is unsafe in
// one way the walk must find, next to its safe variant.
func TestModernCallbackUnsafeNeighbours(t *testing.T) {
	// The caller keeps a counter at fp-16 that the callback increments and
	// uses to index the 4 bytes fp-4..fp-1 of the caller's frame.
	counter := func(check int) string {
		return strings.ReplaceAll(`r1 = 0
*(u64 *)(r10 -8) = r1
*(u64 *)(r10 -16) = r1
r1 = NLOOPS
r2 = func[+7]
r3 = r10
r3 += -16
r4 = 0
call 181
r0 = 0
exit
r1 = *(u64 *)(r2 +0)
if r1 > CHECK goto +7
r3 = r2
r3 += 12
r3 += r1
r4 = 1
*(u8 *)(r3 +0) = r4
r1 += 1
*(u64 *)(r2 +0) = r1
r0 = 0
exit`, "CHECK", map[int]string{3: "3", 4: "4"}[check])
	}
	tests := []struct {
		what, src string
		want      Verdict
		msg       string
	}{
		{"counter bounded by the buffer", strings.ReplaceAll(counter(3), "NLOOPS", "100"), Accept, ""},
		{"counter one past the buffer", strings.ReplaceAll(counter(4), "NLOOPS", "100"), Reject, "stack"},
		{"counter one past the buffer, a pointer as the count", strings.ReplaceAll(counter(4), "r1 = NLOOPS", "r1 = r10"), Reject, "stack"},
		{"callback returning a pointer", `r1 = 4
r2 = func[+6]
r3 = 0
r4 = 0
call 181
r0 = 0
exit
r0 = r10
exit`, Reject, "cannot return stack pointer to the caller"},
		{"callback returning 1", `r1 = 4
r2 = func[+6]
r3 = 0
r4 = 0
call 181
r0 = 0
exit
r0 = 1
exit`, Accept, ""},
	}
	for _, tt := range tests {
		funcs := []int{12}
		if !strings.Contains(tt.src, "r1 = *(u64 *)(r2 +0)") {
			funcs = []int{8}
		}
		res, err := Verify(callbackProg(t, tt.src, funcs...), Options{Profile: "linux-6.18", LogLevel: 1})
		if err != nil {
			t.Fatal(err)
		}
		if res.Verdict != tt.want || tt.msg != "" && (res.Diag == nil || !strings.Contains(res.Diag.Message, tt.msg)) {
			t.Errorf("%s: %v %+v, want %v %q\n%s", tt.what, res.Verdict, res.Diag, tt.want, tt.msg, res.Log)
		}
	}
}
