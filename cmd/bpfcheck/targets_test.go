package main

import (
	"os"
	"path/filepath"
	"testing"
)

// Directory walks take ELF objects for BPF: e_machine EM_BPF, or EM_NONE
// in a relocatable object (old LLVM); not other machines or executables.
func TestIsBPFObject(t *testing.T) {
	dir := t.TempDir()
	header := func(typ, machine byte) string {
		h := make([]byte, 64)
		copy(h, "\x7fELF\x02\x01\x01")
		h[16], h[18] = typ, machine
		p := filepath.Join(dir, string(rune('a'+typ))+string(rune('a'+machine%26)))
		if err := os.WriteFile(p, h, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, c := range []struct {
		typ, machine byte
		want         bool
	}{{1, 247, true}, {1, 0, true}, {2, 0, false}, {1, 62, false}} {
		if got := isBPFObject(header(c.typ, c.machine)); got != c.want {
			t.Errorf("e_type %d e_machine %d: %v, want %v", c.typ, c.machine, got, c.want)
		}
	}
}
