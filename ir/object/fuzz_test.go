package object

import (
	"os/exec"
	"strings"
	"testing"
)

// FuzzLoad feeds the ELF loader mutated objects (seeded with clang objects
// of every class the tests build): it must return programs or an error,
// never panic, and never hit the loader's last-resort recover. make test
// runs it for a short budget.
func FuzzLoad(f *testing.F) {
	if _, err := exec.LookPath("clang"); err == nil {
		for _, src := range []string{twoFuncsC, legacyMapsC} {
			f.Add(buildC(f, src))
		}
	}
	f.Add([]byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\xf7\x00"))
	ld := NewLoader(Options{BTFPath: "/dev/null/none", Kconfig: map[string]string{}})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 4 || string(data[:4]) != "\x7fELF" {
			return
		}
		progs, err := ld.Load("fuzz.o", data)
		if err != nil && strings.Contains(err.Error(), "internal error") {
			t.Fatalf("recovered panic: %v", err)
		}
		for _, p := range progs {
			for _, fn := range p.Funcs {
				if fn.Insn < 0 || fn.Insn >= len(p.Insns) {
					t.Fatalf("program %s: function %s at slot %d of %d", p.Name, fn.Name, fn.Insn, len(p.Insns))
				}
			}
		}
	})
}
