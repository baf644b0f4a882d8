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
