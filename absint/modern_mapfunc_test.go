package absint

import (
	"testing"

	"github.com/bpfcheck/bpfcheck/internal/platform"
	"github.com/bpfcheck/bpfcheck/ir"
)

// TestModernMapFuncCompatibility checks check_map_func_compatibility under
// linux-6.18 against the platform's table: a map passed to a helper that
// does not take its type is rejected, as the kernel rejects it (a hash map
// handed to ringbuf_output would be read as a ring buffer).
func TestModernMapFuncCompatibility(t *testing.T) {
	mt := func(name string) ir.MapType {
		m, ok := platform.ParseMapType(name)
		if !ok {
			t.Fatalf("no map type %s", name)
		}
		return m
	}
	pt := func(name string) ir.ProgType {
		p, ok := platform.ParseProgType(name)
		if !ok {
			t.Fatalf("no program type %s", name)
		}
		return p
	}
	ringbufOutput := `*(u64 *)(r10 -8) = 0
r1 = map[0]
r2 = r10
r2 += -8
r3 = 8
r4 = 0
call 130
r0 = 0
exit`
	localStorage := `r1 = map[0]
r2 = 0
call 81
r0 = 0
exit`
	tests := []struct {
		what string
		prog string
		typ  string
		m    ir.MapSpec
		want Verdict
	}{
		{"ringbuf_output takes a ringbuf", ringbufOutput, "socket_filter",
			ir.MapSpec{Type: mt("ringbuf"), MaxEntries: 4096}, Accept},
		{"ringbuf_output refuses a hash map", ringbufOutput, "socket_filter",
			ir.MapSpec{Type: mt("hash"), KeySize: 4, ValueSize: 8, MaxEntries: 4}, Reject},
		{"ringbuf_output refuses an array", ringbufOutput, "socket_filter",
			ir.MapSpec{Type: mt("array"), KeySize: 4, ValueSize: 8, MaxEntries: 4}, Reject},
		{"get_local_storage refuses a perf_event_array", localStorage, "cgroup_skb",
			ir.MapSpec{Type: mt("perf_event_array"), KeySize: 4, ValueSize: 4, MaxEntries: 4}, Reject},
	}
	for _, tt := range tests {
		insns, err := ir.Assemble(tt.prog)
		if err != nil {
			t.Fatal(err)
		}
		p := &ir.Program{Type: pt(tt.typ), Insns: insns, License: "GPL", Maps: []ir.MapSpec{tt.m}}
		res, err := Verify(p, Options{Profile: "linux-6.18"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Verdict != tt.want {
			t.Errorf("%s: %s (%+v), want %s", tt.what, res.Verdict, res.Diag, tt.want)
		}
		if tt.want == Reject && (res.Diag == nil || res.Diag.Code != "map-func-mismatch") {
			t.Errorf("%s: rejected with %+v, want map-func-mismatch", tt.what, res.Diag)
		}
	}
}
