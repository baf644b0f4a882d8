//go:build amd64

package jit

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/ir"
)

// TestStressWithGC runs long JIT loops and helper-heavy programs from
// several goroutines while another goroutine forces garbage collections:
// signals for preemption and GC arrive while native code runs, and helper
// exits happen while the Go stack may move. Every result must be right.
func TestStressWithGC(t *testing.T) {
	// r0 = sum of 1..200000 in a loop, with a helper call every iteration.
	insns, err := ir.Assemble(`
		r0 = 0
		r6 = 200000
	loop:
		r0 += r6
		r7 = r0
		call 8
		r0 = r7
		r6 += -1
		if r6 != 0x0 goto loop
		exit`)
	if err != nil {
		t.Fatal(err)
	}
	const want = 200000 * 200001 / 2
	prog, err := exec.LoadChecked(&ir.Program{Name: "loop", Insns: insns}, nil, exec.Options{Engine: Engine(), Budget: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	defer prog.Close()
	var stop atomic.Bool
	var gcs sync.WaitGroup
	gcs.Add(1)
	go func() {
		defer gcs.Done()
		var keep [][]byte
		for !stop.Load() {
			keep = append(keep, make([]byte, 1<<16))
			if len(keep) > 64 {
				keep = nil
				runtime.GC()
			}
		}
	}()
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 3; i++ {
				r0, err := prog.Run(exec.Memory(nil))
				if err != nil || r0 != want {
					t.Errorf("r0 %d err %v, want %d", r0, err, want)
					return
				}
			}
		}()
	}
	wg.Wait()
	stop.Store(true)
	gcs.Wait()
}

// TestTailCallLimit chains a program to itself through a prog_array on
// both engines: it runs once plus 32 tail calls, then the 33rd tail call
// fails and the program continues after it, as in the kernel.
func TestTailCallLimit(t *testing.T) {
	insns, err := ir.Assemble(`
		r6 = r1
		*(u32 *)(r10 -4) = 0
		r2 = r10
		r2 += -4
		r1 = map[1]
		call 1
		if r0 == 0x0 goto out
		r1 = 1
		lock *(u64 *)(r0 +0) += r1
	out:
		r1 = r6
		r2 = map[0]
		r3 = 0
		call 12
		r0 = 7
		exit`)
	if err != nil {
		t.Fatal(err)
	}
	p := &ir.Program{Name: "chain", Insns: insns, Maps: []ir.MapSpec{
		{Type: ir.MapTypeProgArray, KeySize: 4, ValueSize: 4, MaxEntries: 1},
		{Type: ir.MapTypeArray, KeySize: 4, ValueSize: 8, MaxEntries: 1},
	}}
	for _, engine := range []exec.Engine{nil, Engine()} {
		maps, _ := exec.NewMaps(p)
		prog, err := exec.LoadChecked(p, maps, exec.Options{Engine: engine})
		if err != nil {
			t.Fatal(err)
		}
		maps[0].SetProgram(0, prog)
		if r0, err := prog.Run(&exec.SkBuff{}); err != nil || r0 != 7 {
			t.Fatalf("engine %v: r0 %d, %v", engine, r0, err)
		}
		if v, _ := maps[1].Lookup([]byte{0, 0, 0, 0}); v[0] != 1+exec.MaxTailCalls {
			t.Errorf("engine %v: ran %d times, want %d", engine, v[0], 1+exec.MaxTailCalls)
		}
		prog.Close()
	}
}
