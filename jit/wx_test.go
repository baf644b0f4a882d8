//go:build amd64

package jit

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/internal/engine"
	"github.com/bpfcheck/bpfcheck/ir"
)

// writableExecutable lists the mappings of this process that are both
// writable and executable.
func writableExecutable(t *testing.T) []string {
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		t.Skip("no /proc/self/maps")
	}
	defer f.Close()
	var bad []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) > 1 && strings.Contains(fields[1], "w") && strings.Contains(fields[1], "x") {
			bad = append(bad, sc.Text())
		}
	}
	return bad
}

// TestNoWritableExecutableMapping compiles and runs programs and checks,
// before, during and after, that no mapping is writable and executable,
// and that the code mapping is read-execute.
func TestNoWritableExecutableMapping(t *testing.T) {
	if bad := writableExecutable(t); len(bad) > 0 {
		t.Fatalf("W+X mappings before compiling: %v", bad)
	}
	insns, _ := ir.Assemble("r0 = 7\nr0 *= 6\nexit")
	var progs []*exec.Program
	for i := 0; i < 20; i++ {
		p, err := exec.LoadChecked(&ir.Program{Name: "wx", Insns: insns}, nil, exec.Options{Engine: Engine()})
		if err != nil {
			t.Fatal(err)
		}
		progs = append(progs, p)
		if r0, err := p.Run(exec.Memory(nil)); err != nil || r0 != 42 {
			t.Fatalf("run: %d %v", r0, err)
		}
	}
	if bad := writableExecutable(t); len(bad) > 0 {
		t.Fatalf("W+X mappings while programs are loaded: %v", bad)
	}
	c, err := Engine().Compile(&engine.Program{Insns: insns, Checked: true, Budget: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !mappingHasPerms(t, c.(*program).mem, "r-x") {
		t.Errorf("code mapping is not r-x")
	}
	c.Close()
	for _, p := range progs {
		if err := p.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if bad := writableExecutable(t); len(bad) > 0 {
		t.Fatalf("W+X mappings after closing: %v", bad)
	}
}

// mappingHasPerms finds the mapping holding mem and compares its perms.
func mappingHasPerms(t *testing.T, mem []byte, perms string) bool {
	data, _ := os.ReadFile("/proc/self/maps")
	addr := uintptrOf(mem)
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		var lo, hi uintptr
		if _, err := fmtSscanRange(fields[0], &lo, &hi); err != nil {
			continue
		}
		if addr >= lo && addr < hi {
			return strings.HasPrefix(fields[1], perms)
		}
	}
	t.Fatalf("no mapping holds the code")
	return false
}
