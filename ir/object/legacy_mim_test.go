package object

import (
	"fmt"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
)

// TestLegacyInnerMapAcrossSections: with one maps/NAME section per map (as
// ebpf-samples' map_in_map_legacy.o has them), a legacy definition's
// inner_map_idx counts the object's maps in section order, not the maps of
// its own section. The inner map's value size then bounds what a lookup
// in it may read: 8 bytes read is fine, 8 bytes at offset 8 is not.
func TestLegacyInnerMapAcrossSections(t *testing.T) {
	const src = `
struct def { unsigned type, key_size, value_size, max_entries, map_flags, inner_map_idx, numa_node; };
SEC("maps/outer") struct def outer = { .type = BPF_MAP_TYPE_ARRAY_OF_MAPS, .key_size = 4, .value_size = 4, .max_entries = 1, .inner_map_idx = 1 };
SEC("maps/inner") struct def inner = { .type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 8, .max_entries = 1 };
SEC("socket") int prog(void *ctx) {
	unsigned k = 0;
	void *m = bpf_map_lookup_elem(&outer, &k);
	if (!m) return 0;
	long *v = bpf_map_lookup_elem(m, &k);
	if (!v) return 0;
	return v[%d] & 1;
}
char _license[] SEC("license") = "GPL";
`
	for _, c := range []struct {
		index int
		want  absint.Verdict
	}{{0, absint.Accept}, {1, absint.Reject}} {
		p := byName(t, mustLoad(t, buildC(t, fmt.Sprintf(src, c.index)), Options{}), "prog")
		found := false
		for _, m := range p.Maps {
			if m.Name == "outer" {
				if m.Inner == nil || m.Inner.ValueSize != 8 {
					t.Fatalf("outer's inner map: %+v", m.Inner)
				}
				found = true
			}
		}
		if !found {
			t.Fatalf("no map outer in %+v", p.Maps)
		}
		r, err := absint.Verify(p, absint.Options{Profile: "linux-6.18"})
		if err != nil {
			t.Fatal(err)
		}
		if r.Verdict != c.want {
			t.Errorf("v[%d]: %v %+v, want %v", c.index, r.Verdict, r.Diag, c.want)
		}
	}
}
