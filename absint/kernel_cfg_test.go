package absint

import (
	"strconv"
	"testing"

	"github.com/bpfcheck/bpfcheck/ir"
)

// structText is a structural error as the kernel profiles report it.
func structText(e *structErr) (msg Message, text string) {
	return messages2015.text(e.code, e.args...)
}

func asm(t *testing.T, src string) []ir.Instruction {
	t.Helper()
	insns, err := ir.Assemble(src)
	if err != nil {
		t.Fatal(err)
	}
	return insns
}

func TestKernelCheckMessages(t *testing.T) {
	tests := []struct {
		name, src, want string
		silent          bool
	}{
		{"falling off the end jumps out of range", "r0 = 0", "jump out of range from insn 0 to 1", false},
		{"a jump past the end", "if r0 == 0x0 goto pc+5\nr0 = 0\nexit", "jump out of range from insn 0 to 6", false},
		{"a jump before the start", "goto pc-2\nexit", "jump out of range from insn 0 to -1", false},
		{"a loop is a back-edge to the insn on the DFS path", "r0 = 0\nr0 += 1\nif r0 > 0x5 goto pc+1\ngoto pc-3\nexit",
			"back-edge from insn 3 to 1", false},
		{"the conditional loop names the first cycle in DFS order", "r0 = 0\nr1 = 1\nif r1 == 0x0 goto pc-2\nexit",
			"back-edge from insn 2 to 1", false},
		{"a self-loop", "goto pc-1\nexit", "back-edge from insn 0 to 0", false},
		{"an instruction nothing reaches", "exit\nr0 = 0\nexit", "unreachable insn 1", false},
		{"the lowest unreachable index is named", "r0 = 0\ngoto pc+2\nr0 = 1\nr0 = 2\nexit", "unreachable insn 2", false},
		{"JA with the X bit is rejected silently", ".insn 0x0d, 0, 0, 0, 0\nexit", "BPF_JA uses the BPF_X source bit (code 0x0d)", true},
		{"class 6 falls through like any instruction", ".insn 0x06, 0, 0, 5, 0", "jump out of range from insn 0 to 1", false},
	}
	for _, tt := range tests {
		_, err := kernelCheck(asm(t, tt.src))
		if err == nil {
			t.Errorf("%s: accepted, want %q", tt.name, tt.want)
			continue
		}
		if m, text := structText(err); text != tt.want || m.Silent != tt.silent || m.Errno != "EINVAL" {
			t.Errorf("%s: got %+v (%q), want %q (silent %v)", tt.name, err, text, tt.want, tt.silent)
		}
	}
}

func TestKernelCheckAccepts(t *testing.T) {
	tests := []struct {
		name, src string
		prune     []int
	}{
		{"a backward jump to an explored insn is a cross edge",
			"r0 = 0\nif r0 == 0x0 goto pc+2\nr0 = 1\nexit\ngoto pc-2", []int{4}},
		{"conditional targets and the insn after JA are pruning points",
			"r0 = 0\nif r0 == 0x1 goto pc+1\ngoto pc+1\nr0 = 2\nexit\n", []int{3}},
		{"a JA marks the insn after it even when nothing falls into it",
			"goto pc+1\nexit\nif r0 == 0x1 goto pc-2\nexit", []int{1}},
		{"helper calls fall through and are not pruning points",
			"call 5\nr0 = 0\nexit", nil},
		{"an ld_imm64's halves are separate nodes",
			"r1 = 0x100000000 ll\nr0 = 0\nexit", nil},
	}
	for _, tt := range tests {
		prune, err := kernelCheck(asm(t, tt.src))
		if err != nil {
			t.Errorf("%s: rejected: %v", tt.name, err)
			continue
		}
		var got []int
		for i, p := range prune {
			if p {
				got = append(got, i)
			}
		}
		if len(got) != len(tt.prune) {
			t.Errorf("%s: pruning points %v, want %v", tt.name, got, tt.prune)
			continue
		}
		for i := range got {
			if got[i] != tt.prune[i] {
				t.Errorf("%s: pruning points %v, want %v", tt.name, got, tt.prune)
			}
		}
	}
}

func TestPrepassMessages(t *testing.T) {
	tests := []struct {
		name, src string
		maps      int
		want      string
		errno     string
		insn      int
	}{
		{"LDX with mode ABS", "exit\n.insn 0x21, 0, 1, 0, 0", 0, "BPF_LDX uses reserved fields", "EINVAL", 1},
		{"LDX with an immediate", ".insn 0x61, 0, 1, 0, 7\nexit", 0, "BPF_LDX uses reserved fields", "EINVAL", 0},
		{"STX with mode MEMSX", ".insn 0x83, 1, 2, 0, 0\nexit", 0, "BPF_STX uses reserved fields", "EINVAL", 0},
		{"XADD with an immediate", ".insn 0xdb, 1, 2, 0, 1\nexit", 0, "BPF_STX uses reserved fields", "EINVAL", 0},
		{"an ld_imm64 as the last slot", "exit\n.insn 0x18, 1, 0, 0, 0", 0, "invalid bpf_ld_imm64 insn", "EINVAL", 1},
		{"an ld_imm64 whose second half has a register", ".insn 0x18, 1, 0, 0, 0\n.insn 0x00, 1, 0, 0, 0\nexit", 0, "invalid bpf_ld_imm64 insn", "EINVAL", 0},
		{"an unknown pseudo source", ".insn 0x18, 1, 2, 0, 0\n.insn 0, 0, 0, 0, 0\nexit", 0, "unrecognized bpf_ld_imm64 insn", "EINVAL", 0},
		{"a map fd beyond the --map flags", "r1 = map[3]\nexit", 2, "fd 3 is not pointing to valid bpf_map", "EBADF", 0},
		{"a negative map fd", "r1 = map[-1]\nexit", 2, "fd -1 is not pointing to valid bpf_map", "EBADF", 0},
		{"the first offending slot wins, reachable or not", "exit\n.insn 0x61, 0, 1, 0, 7\nr1 = map[9]", 1, "BPF_LDX uses reserved fields", "EINVAL", 1},
	}
	for _, tt := range tests {
		err := prepass(asm(t, tt.src), fds(tt.maps), limits2015.Maps)
		if err == nil {
			t.Errorf("%s: accepted, want %q", tt.name, tt.want)
			continue
		}
		if m, text := structText(err); text != tt.want || m.Errno != tt.errno || err.insn != tt.insn {
			t.Errorf("%s: got %+v (%q), want %q %s at %d", tt.name, err, text, tt.want, tt.errno, tt.insn)
		}
	}
	// The second half's imm is free, and a valid map load passes.
	if err := prepass(asm(t, "r1 = map[0]\nr2 = 0x1122334455667788\nexit"), fds(1), limits2015.Maps); err != nil {
		t.Errorf("valid loads rejected: %v", err)
	}
}

func TestPrepassMapLimit(t *testing.T) {
	var src string
	maxMaps := limits2015.Maps
	for i := 0; i <= maxMaps; i++ {
		src += "r1 = map[" + strconv.Itoa(i) + "]\n"
	}
	src += "exit"
	err := prepass(asm(t, src), fds(maxMaps+1), maxMaps)
	if err == nil {
		t.Fatalf("65 maps accepted")
	}
	if m, _ := structText(err); !m.Silent || m.Errno != "E2BIG" || err.insn != 2*maxMaps {
		t.Errorf("65 maps: got %+v, want a silent E2BIG at the 65th load", err)
	}
	if err := prepass(asm(t, "r1 = map[0]\nr1 = map[0]\nexit"), fds(1), maxMaps); err != nil {
		t.Errorf("one map loaded twice: %v", err)
	}
}

// fds says that the map fds are 0..n-1.
func fds(n int) func(int32) bool {
	return func(fd int32) bool { return fd >= 0 && int(fd) < n }
}
