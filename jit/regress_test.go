//go:build amd64

package jit

import (
	"encoding/binary"
	"sync"
	"testing"

	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/ir"
)

func bothEngines() []exec.Engine { return []exec.Engine{nil, Engine()} }

func name(e exec.Engine) string {
	if e == nil {
		return "interp"
	}
	return e.Name()
}

// A failed tail call leaves r0 as it was, on both engines (issue 9, hole 3:
// the old JIT returned 0 where the interpreter returned 7).
func TestFailedTailCallKeepsR0(t *testing.T) {
	insns, err := ir.Assemble(`
		r0 = 7
		r2 = map[0]
		r3 = 0
		call 12
		exit`)
	if err != nil {
		t.Fatal(err)
	}
	p := &ir.Program{Name: "tail", Insns: insns, Maps: []ir.MapSpec{{Type: ir.MapTypeProgArray, KeySize: 4, ValueSize: 4, MaxEntries: 1}}}
	for _, e := range bothEngines() {
		maps, _ := exec.NewMaps(p)
		prog, err := exec.LoadChecked(p, maps, exec.Options{Engine: e})
		if err != nil {
			t.Fatal(err)
		}
		if r0, err := prog.Run(exec.Memory(nil)); err != nil || r0 != 7 {
			t.Errorf("%s: r0 %d, %v; want 7", name(e), r0, err)
		}
		prog.Close()
	}
}

// Concurrent runs of one program over shared maps are safe on both
// engines: run under -race (issue 9, hole 4: the old code shared one
// math/rand.Rand for get_prandom_u32 between all runs).
func TestConcurrentRuns(t *testing.T) {
	insns, err := ir.Assemble(`
		r6 = r1
		call 7
		r7 = r0
		call 5
		*(u32 *)(r10 -4) = 0
		r2 = r10
		r2 += -4
		r1 = map[0]
		call 1
		if r0 == 0x0 goto out
		r1 = 1
		lock *(u64 *)(r0 +0) += r1
	out:
		*(u64 *)(r10 -16) = r7
		r2 = r10
		r2 += -16
		r3 = r10
		r3 += -16
		r1 = map[1]
		r4 = 0
		call 2
		r2 = r10
		r2 += -16
		r1 = map[1]
		call 3
		r0 = r7
		exit`)
	if err != nil {
		t.Fatal(err)
	}
	p := &ir.Program{Name: "conc", Insns: insns, Maps: []ir.MapSpec{
		{Type: ir.MapTypeArray, KeySize: 4, ValueSize: 8, MaxEntries: 1},
		{Type: ir.MapTypeHash, KeySize: 8, ValueSize: 8, MaxEntries: 64},
	}}
	const goroutines, runs = 8, 200
	for _, e := range bothEngines() {
		maps, _ := exec.NewMaps(p)
		prog, err := exec.LoadChecked(p, maps, exec.Options{Engine: e})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for g := 0; g < goroutines; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < runs; i++ {
					if _, err := prog.Run(exec.Memory(nil)); err != nil {
						t.Errorf("%s: %v", name(e), err)
						return
					}
				}
			}()
		}
		wg.Wait()
		if v, _ := maps[0].Lookup([]byte{0, 0, 0, 0}); binary.LittleEndian.Uint64(v) != goroutines*runs {
			t.Errorf("%s: counter %v, want %d", name(e), v, goroutines*runs)
		}
		prog.Close()
	}
}
