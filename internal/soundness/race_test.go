package soundness

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/ir"
)

// TestParallelVerify verifies the same generated programs from many
// goroutines in every profile at once: every result equals the sequential
// one (run with -race, this also checks that Verify shares no state).
func TestParallelVerify(t *testing.T) {
	const n = 60
	type key struct {
		seed    int64
		profile string
	}
	want := map[key]string{}
	summary := func(res *absint.Result) string {
		s := res.Verdict.String()
		if res.Diag != nil {
			s += ": " + res.Diag.Message
		}
		return fmt.Sprintf("%s processed %d", s, res.Stats.Processed)
	}
	for seed := int64(1); seed <= n; seed++ {
		for _, profile := range absint.ProfileNames() {
			res, err := absint.Verify(Generate(seed), absint.Options{Profile: profile, LogLevel: 1})
			if err != nil {
				t.Fatal(err)
			}
			want[key{seed, profile}] = summary(res)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*n)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := int64(0); i < n; i++ {
				seed := 1 + (i+int64(g)*7)%n
				for _, profile := range absint.ProfileNames() {
					res, err := absint.Verify(Generate(seed), absint.Options{Profile: profile, LogLevel: 1})
					if err != nil {
						errs <- err.Error()
						return
					}
					if got := summary(res); got != want[key{seed, profile}] {
						errs <- fmt.Sprintf("seed %d, %s: %s in parallel, %s alone", seed, profile, got, want[key{seed, profile}])
					}
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestConcurrentRunsShareMaps runs one verified program from many
// goroutines at once over the same maps, on every engine: it looks up a
// counter in the array and adds to it atomically, so the final count is
// exact, and every run returns the value it saw.
func TestConcurrentRunsShareMaps(t *testing.T) {
	insns, err := ir.Assemble(`
		*(u32 *)(r10 -4) = 2
		r1 = map[1]
		r2 = r10
		r2 += -4
		call 1
		if r0 == 0x0 goto pc+4
		r1 = 1
		lock *(u64 *)(r0 +8) += r1
		r0 = *(u64 *)(r0 +16)
		exit
		r0 = 0
		exit`)
	if err != nil {
		t.Fatal(err)
	}
	p := &ir.Program{Name: "counter", Type: ir.ProgTypeSocketFilter, Insns: insns, Maps: Maps(), License: "GPL"}
	for _, profile := range absint.ProfileNames() {
		res, err := absint.Verify(p, absint.Options{Profile: profile})
		if err != nil || res.Verdict != absint.Accept {
			t.Fatalf("%s: %v %+v", profile, err, res.Diag)
		}
		maps, err := exec.NewMaps(p)
		if err != nil {
			t.Fatal(err)
		}
		val := make([]byte, 24)
		binary.LittleEndian.PutUint64(val[16:], 0x5eed)
		if err := maps[mapArray].Update([]byte{2, 0, 0, 0}, val, 0); err != nil {
			t.Fatal(err)
		}
		const goroutines, runs = 8, 200
		var progs []*exec.Program
		for _, e := range engines(true) {
			prog, err := exec.Load(res.Verified, maps, exec.Options{Engine: e.engine})
			if errors.Is(err, exec.ErrNoModel) {
				// exec cannot run this profile's context verified: run checked.
				prog, err = exec.LoadChecked(p, maps, exec.Options{Engine: e.engine})
			}
			if err != nil {
				t.Fatal(err)
			}
			defer prog.Close()
			progs = append(progs, prog)
		}
		var wg sync.WaitGroup
		errs := make(chan error, goroutines)
		for g := 0; g < goroutines; g++ {
			wg.Add(1)
			go func(g int) {
				defer wg.Done()
				prog := progs[g%len(progs)]
				for i := 0; i < runs; i++ {
					r0, err := prog.Run(&exec.SkBuff{Packet: make([]byte, 14)})
					if err == nil && r0 != 0x5eed {
						err = fmt.Errorf("r0 = %#x, want 0x5eed", r0)
					}
					if err != nil {
						errs <- err
						return
					}
				}
			}(g)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("%s: %v", profile, err)
		}
		got, err := maps[mapArray].Lookup([]byte{2, 0, 0, 0})
		if err != nil {
			t.Fatal(err)
		}
		if n := binary.LittleEndian.Uint64(got[8:]); n != goroutines*runs {
			t.Errorf("%s: counter %d after %d runs", profile, n, goroutines*runs)
		}
	}
}
