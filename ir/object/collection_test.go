package object

import (
	"bytes"
	"testing"

	"github.com/cilium/ebpf"

	"github.com/bpfcheck/bpfcheck/ir"
)

// A CollectionSpec that cilium/ebpf read from an object converts into the
// same programs (instructions up to map numbering, functions, lines) as
// loading the object's bytes.
func TestFromCollectionSpec(t *testing.T) {
	src := twoFuncsC + `
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 4); __type(key, int); __type(value, long); } counts SEC(".maps");
const volatile int limit = 3;
SEC("socket") int uses_maps(void *ctx) { int k = 0; long *v = bpf_map_lookup_elem(&counts, &k); return v ? *v + limit : 0; }
`
	data := buildC(t, src)
	spec, err := ebpf.LoadCollectionSpecFromReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	ld := NewLoader(Options{})
	fromSpec, err := ld.FromCollectionSpec(spec)
	if err != nil {
		t.Fatal(err)
	}
	fromBytes, err := ld.Load("x.o", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(fromSpec) != 3 { // cilium/ebpf hides .text functions
		t.Fatalf("%d programs from the spec", len(fromSpec))
	}
	for _, a := range fromSpec {
		b := byName(t, fromBytes, a.Name)
		if len(a.Insns) != len(b.Insns) || a.Type != b.Type || len(a.Funcs) != len(b.Funcs) || len(a.Lines) != len(b.Lines) {
			t.Errorf("%s: %d/%d slots, types %v/%v, %d/%d funcs, %d/%d lines", a.Name, len(a.Insns), len(b.Insns), a.Type, b.Type,
				len(a.Funcs), len(b.Funcs), len(a.Lines), len(b.Lines))
			continue
		}
		for i := range a.Insns {
			x, y := a.Insns[i], b.Insns[i]
			if x.Opcode == opLdImm64 && (x.Src == ir.PseudoMapFD || x.Src == ir.PseudoMapValue) {
				if a.Maps[x.Imm].Name != b.Maps[y.Imm].Name || x.Src != y.Src {
					t.Errorf("%s slot %d: map %s vs %s", a.Name, i, a.Maps[x.Imm].Name, b.Maps[y.Imm].Name)
				}
				x.Imm, y.Imm = 0, 0
			}
			if x != y {
				t.Errorf("%s slot %d: %v vs %v", a.Name, i, x, y)
			}
		}
	}
	for _, m := range fromSpec[0].Maps {
		if m.Name == ".rodata" && (!m.Frozen || len(m.Contents) != 4 || m.Contents[0] != 3) {
			t.Errorf(".rodata from the spec: %+v", m)
		}
	}
}
