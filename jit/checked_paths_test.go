//go:build amd64

package jit

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/ir"
)

// TestCheckedPathsAgree runs programs through each of the checked JIT's
// inline paths and their slow paths (a group of accesses covered by one
// context test, a group that leaves the context part-way, faulting after
// a store ran; stack accesses through r10 in a program that never writes
// it and through a copy of r10; a program that writes r10; the budget on
// backward jumps; jumps out of the program) on both engines and compares
// r0, the fault and the memory.
var hexAddr = regexp.MustCompile(`0x[0-9a-f]{6,}`)

func TestCheckedPathsAgree(t *testing.T) {
	cases := []struct {
		name, src string
		mem       int
		budget    uint64
	}{
		{"group inside", `
			r2 = *(u32 *)(r1 + 0)
			r3 = *(u32 *)(r1 + 4)
			*(u32 *)(r1 + 4) = r2
			*(u32 *)(r1 + 0) = r3
			r0 = r2
			r0 += r3
			exit`, 16, 0},
		{"group leaves the context after a store", `
			*(u32 *)(r1 + 8) = 7
			r2 = *(u32 *)(r1 + 12)
			r3 = *(u32 *)(r1 + 16)
			r0 = r3
			exit`, 16, 0},
		{"group with a stack store inside", `
			r2 = *(u32 *)(r1 + 0)
			*(u64 *)(r10 - 16) = 31
			r3 = *(u32 *)(r1 + 4)
			r4 = 5
			lock *(u64 *)(r10 - 16) += r4
			r0 = *(u64 *)(r10 - 16)
			exit`, 16, 0},
		{"group with another pointer's access inside", `
			r5 = r1
			r5 += 64
			r2 = *(u32 *)(r1 + 0)
			r3 = *(u32 *)(r5 + 0)
			r4 = *(u32 *)(r1 + 4)
			r0 = r3
			exit`, 16, 0},
		{"group whose last load changes the base", `
			r1 += 4
			r2 = *(u8 *)(r1 + 1)
			r1 = *(u32 *)(r1 + 0)
			r0 = r1
			r0 += r2
			exit`, 16, 0},
		{"group below the context", `
			r2 = *(u8 *)(r1 + 1)
			r3 = *(u8 *)(r1 - 1)
			r0 = r3
			exit`, 16, 0},
		{"group through a copy of r10", `
			r1 = r10
			*(u64 *)(r1 - 8) = 5
			*(u32 *)(r1 - 12) = 6
			r0 = *(u64 *)(r1 - 8)
			r2 = *(u32 *)(r1 - 12)
			r0 += r2
			r3 = *(u32 *)(r1 - 16)
			exit`, 0, 0},
		{"frame: uninitialised read", `
			*(u32 *)(r10 - 8) = 1
			r0 = *(u64 *)(r10 - 8)
			exit`, 0, 0},
		{"frame: written, read", `
			*(u16 *)(r10 - 2) = 1
			*(u8 *)(r10 - 3) = 2
			*(u8 *)(r10 - 4) = 3
			r0 = *(u32 *)(r10 - 4)
			r1 = *(u64 *)(r10 + 8)
			exit`, 0, 0},
		{"a program that writes r10", `
			*(u64 *)(r10 - 8) = 9
			r10 += -8
			r0 = *(u64 *)(r10 + 0)
			r1 = *(u64 *)(r10 + 0x1000)
			exit`, 0, 0},
		{"group across a jump not taken", `
			r2 = *(u32 *)(r1 + 0)
			r3 = *(u32 *)(r1 + 4)
			if r2 > r3 goto +2
			*(u32 *)(r1 + 0) = r3
			*(u32 *)(r1 + 4) = r2
			r0 = *(u32 *)(r1 + 0)
			exit`, 16, 0},
		{"group across a jump taken", `
			r2 = *(u32 *)(r1 + 4)
			r3 = *(u32 *)(r1 + 0)
			if r2 > r3 goto +2
			*(u32 *)(r1 + 0) = r3
			*(u32 *)(r1 + 4) = r2
			r0 = *(u32 *)(r1 + 0)
			exit`, 16, 0},
		{"group across a jump, the store after it outside", `
			r2 = *(u32 *)(r1 + 8)
			if r2 == 0 goto +1
			*(u32 *)(r1 + 16) = r2
			r0 = r2
			exit`, 16, 0},
		{"group across a jump, the store after it outside, jump taken", `
			r2 = *(u32 *)(r1 + 8)
			if r2 != 0 goto +1
			*(u32 *)(r1 + 16) = r2
			r0 = r2
			exit`, 16, 0},
		{"group looping across a backward jump", `
			r0 = 0
			r2 = *(u8 *)(r1 + 0)
			r3 = *(u8 *)(r1 + 1)
			r0 += 1
			if r0 < 5 goto -4
			*(u8 *)(r1 + 2) = r0
			r0 = *(u8 *)(r1 + 2)
			exit`, 16, 3},
		{"group looping across a backward jump to the end", `
			r0 = 0
			r2 = *(u8 *)(r1 + 0)
			r3 = *(u8 *)(r1 + 1)
			r0 += 1
			if r0 < 5 goto -4
			*(u8 *)(r1 + 2) = r0
			r0 = *(u8 *)(r1 + 2)
			exit`, 16, 0},
		{"read-only context: loads, a jump not taken, a store", `
			r2 = *(u64 *)(r1 + 0)
			r3 = *(u64 *)(r1 + 8)
			if r2 == r3 goto +1
			*(u64 *)(r1 + 8) = r2
			r0 = r3
			exit`, 0, 0},
		{"read-only context: loads, a jump, a store", `
			r2 = *(u64 *)(r1 + 0)
			r3 = *(u64 *)(r1 + 8)
			if r2 != r3 goto +1
			*(u64 *)(r1 + 8) = r2
			r0 = r3
			exit`, 0, 0},
		{"read-only context write in a group", `
			r2 = *(u64 *)(r1 + 0)
			*(u64 *)(r1 + 8) = r2
			exit`, 0, 0},
		{"budget on a backward conditional jump", `
			r0 = 0
			r0 += 1
			if r0 < 1000 goto -2
			exit`, 0, 100},
		{"budget on a backward goto", `
			r0 = 0
			r0 += 1
			goto -2
			exit`, 0, 50},
		{"forward jumps are free", `
			r0 = 0
			if r0 == 0 goto +0
			if r0 == 0 goto +0
			goto +0
			r0 = 1
			exit`, 0, 1},
		{"a jump out of the program", `
			r0 = 1
			if r0 == 1 goto +5
			exit`, 0, 0},
		{"a jump before the program", `
			r0 = 1
			if r0 == 1 goto -3
			exit`, 0, 0},
	}
	for _, tc := range cases {
		insns, err := ir.Assemble(tc.src)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var got []string
		var mems [][]byte
		for _, e := range bothEngines() {
			prog, err := exec.LoadChecked(&ir.Program{Name: "t", Insns: insns}, nil, exec.Options{Engine: e, Budget: tc.budget})
			if err != nil {
				t.Fatalf("%s on %s: %v", tc.name, name(e), err)
			}
			var ctx exec.Context
			mem := make([]byte, tc.mem)
			for i := range mem {
				mem[i] = byte(i + 1)
			}
			ctx = exec.Memory(mem)
			if strings.HasPrefix(tc.name, "read-only context") {
				regs := &exec.PtRegs{1, 2}
				ctx = regs
			}
			r0, err := prog.Run(ctx)
			// Each engine's run has its own buffer, and may have its own
			// pooled stack: name addresses near the buffer by their offset
			// from it, others not at all.
			msg := hexAddr.ReplaceAllStringFunc(fmt.Sprint(err), func(h string) string {
				v, _ := strconv.ParseUint(h[2:], 16, 64)
				if len(mem) > 0 {
					if off := int64(v - uint64(uintptr(unsafe.Pointer(&mem[0])))); off >= -64 && off < int64(len(mem))+64 {
						return fmt.Sprintf("mem%+d", off)
					}
				}
				return "ADDR"
			})
			got = append(got, fmt.Sprintf("r0 %#x, %s", r0, msg))
			mems = append(mems, mem)
			prog.Close()
		}
		if got[0] != got[1] || !bytes.Equal(mems[0], mems[1]) {
			t.Errorf("%s: interpreter %s, memory %x; JIT %s, memory %x", tc.name, got[0], mems[0], got[1], mems[1])
		} else {
			t.Logf("%s: %s", tc.name, got[0])
		}
	}
}
