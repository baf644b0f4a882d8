package platform

import "testing"

func TestNames(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{HelperID(1).String(), "map_lookup_elem"},
		{HelperID(12).String(), "tail_call"},
		{HelperID(130).String(), "ringbuf_output"},
		{HelperID(100000).String(), "helper(100000)"},
		{ProgType(1).String(), "socket_filter"},
		{ProgType(3).String(), "sched_cls"},
		{ProgType(6).String(), "xdp"},
		{ProgType(27).String(), "struct_ops"},
		{MapType(1).String(), "hash"},
		{MapType(27).String(), "ringbuf"},
		{MapType(19).String(), "cgroup_storage"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	if id, ok := HelperByName("bpf_ringbuf_reserve"); !ok || id != 131 {
		t.Errorf("HelperByName(bpf_ringbuf_reserve) = %d, %v", id, ok)
	}
	if pt, ok := ParseProgType("kprobe"); !ok || pt != 2 {
		t.Errorf("ParseProgType(kprobe) = %d, %v", pt, ok)
	}
	if _, ok := ParseProgType("unspec"); ok {
		t.Errorf("unspec parsed as a program type")
	}
	if MaxHelperID < 212 {
		t.Errorf("MaxHelperID = %d, want at least 212 (Linux 6.18)", MaxHelperID)
	}
}
