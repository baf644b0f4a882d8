//go:build amd64

package jit

import (
	"encoding/binary"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/ir"
)

// TestInlineArrayLookup: the JIT looks up array map values inline in
// verified programs without a helper hook; keys inside, at the end of and
// past the map, and a second map whose lookups still call the helper,
// give the interpreter's results and map contents.
func TestInlineArrayLookup(t *testing.T) {
	src := `
		r6 = r1
		r7 = *(u32 *)(r6 + 8)
		*(u32 *)(r10 - 4) = r7
		r2 = r10
		r2 += -4
		r1 = map[0]
		call 1
		if r0 == 0 goto miss
		r1 = 3
		lock *(u64 *)(r0 + 0) += r1
		r0 = *(u64 *)(r0 + 8)
		goto hash
	miss:
		r0 = 1000
	hash:
		r8 = r0
		*(u32 *)(r10 - 8) = r7
		r2 = r10
		r2 += -8
		r1 = map[1]
		call 1
		if r0 == 0 goto out
		r1 = 5
		lock *(u64 *)(r0 + 0) += r1
	out:
		r0 = r8
		exit`
	insns, err := ir.Assemble(src)
	if err != nil {
		t.Fatal(err)
	}
	specs := []ir.MapSpec{
		{Name: "arr", Type: ir.MapTypeArray, KeySize: 4, ValueSize: 16, MaxEntries: 7},
		{Name: "h", Type: ir.MapTypeHash, KeySize: 4, ValueSize: 8, MaxEntries: 8},
	}
	p := &ir.Program{Name: "lookup", Type: ir.ProgTypeSocketFilter, Insns: insns, Maps: specs, License: "GPL"}
	res, err := absint.Verify(p, absint.Options{Profile: "linux-4.3"})
	if err != nil || res.Verdict != absint.Accept {
		t.Fatalf("not verified: %v %+v", err, res.Diag)
	}
	type outcome struct {
		r0s  []uint64
		maps [][]byte
	}
	var got []outcome
	for _, e := range bothEngines() {
		ms, _ := exec.NewMaps(p)
		for k := uint32(0); k < 7; k++ {
			v := make([]byte, 16)
			binary.LittleEndian.PutUint64(v[8:], uint64(100+k))
			ms[0].Update(binary.LittleEndian.AppendUint32(nil, k), v, exec.UpdateAny)
		}
		ms[1].Update([]byte{6, 0, 0, 0}, make([]byte, 8), exec.UpdateAny)
		prog, err := exec.Load(res.Verified, ms, exec.Options{Engine: e})
		if err != nil {
			t.Fatal(err)
		}
		var o outcome
		for _, key := range []uint32{0, 3, 6, 7, 1 << 31, 0xffffffff, 6} {
			skb := &exec.SkBuff{Mark: key} // r7 = mark, the key
			r0, err := prog.Run(skb)
			if err != nil {
				t.Fatalf("%s key %d: %v", name(e), key, err)
			}
			o.r0s = append(o.r0s, r0)
		}
		for k := uint32(0); k < 7; k++ {
			v, _ := ms[0].Lookup(binary.LittleEndian.AppendUint32(nil, k))
			o.maps = append(o.maps, v)
		}
		v, _ := ms[1].Lookup([]byte{6, 0, 0, 0})
		o.maps = append(o.maps, v)
		prog.Close()
		got = append(got, o)
	}
	a, b := got[0], got[1]
	for i := range a.r0s {
		if a.r0s[i] != b.r0s[i] {
			t.Errorf("run %d: interpreter r0 %d, JIT %d", i, a.r0s[i], b.r0s[i])
		}
	}
	for i := range a.maps {
		if string(a.maps[i]) != string(b.maps[i]) {
			t.Errorf("value %d: interpreter %x, JIT %x", i, a.maps[i], b.maps[i])
		}
	}
	t.Logf("r0s %v", a.r0s)
}

// TestInlineHelpers: get_smp_processor_id and the default
// get_prandom_u32 answered inline give the interpreter's numbers, in
// checked and verified programs, and so do the helpers when Env.Rand is
// set (which the JIT then calls).
func TestInlineHelpers(t *testing.T) {
	src := `
		call 7
		r6 = r0
		call 7
		r6 <<= 32
		r6 |= r0
		call 8
		r6 += r0
		call 7
		r6 ^= r0
		r0 = r6
		exit`
	insns, err := ir.Assemble(src)
	if err != nil {
		t.Fatal(err)
	}
	p := &ir.Program{Name: "helpers", Type: ir.ProgTypeSocketFilter, Insns: insns, License: "GPL"}
	res, err := absint.Verify(p, absint.Options{Profile: "linux-4.3"})
	if err != nil || res.Verdict != absint.Accept {
		t.Fatalf("not verified: %v %+v", err, res.Diag)
	}
	seq := uint32(0)
	for _, env := range []exec.Env{{CPU: 3}, {CPU: 1, Rand: func() uint32 { seq++; return seq * 7 }}} {
		for _, checked := range []bool{true, false} {
			var got []uint64
			for _, e := range bothEngines() {
				seq = 0
				var prog *exec.Program
				if checked {
					prog, err = exec.LoadChecked(p, nil, exec.Options{Engine: e, Env: env})
				} else {
					prog, err = exec.Load(res.Verified, nil, exec.Options{Engine: e, Env: env})
				}
				if err != nil {
					t.Fatal(err)
				}
				for run := 0; run < 2; run++ {
					r0, err := prog.Run(&exec.SkBuff{})
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, r0)
				}
				prog.Close()
			}
			if got[0] != got[2] || got[1] != got[3] || got[0] != got[1] && env.Rand == nil {
				t.Errorf("cpu %d, checked %v: interpreter %#x %#x, JIT %#x %#x", env.CPU, checked, got[0], got[1], got[2], got[3])
			}
		}
	}
}
