package absint

import (
	"testing"

	"github.com/bpfcheck/bpfcheck/ir"
)

// FuzzVerify verifies arbitrary bytes under every profile with a map of
// each type: no panic, and an accepted program is Verified.
func FuzzVerify(f *testing.F) {
	f.Add(ir.Encode([]ir.Instruction{{Opcode: 0xb7}, {Opcode: 0x95}}))
	f.Add(ir.Encode([]ir.Instruction{{Opcode: 0x7a, Dst: 10, Off: -8}, {Opcode: 0xbf, Dst: 2, Src: 10}, {Opcode: 0x07, Dst: 2, Imm: -8},
		{Opcode: 0x18, Dst: 1, Src: 1}, {}, {Opcode: 0x85, Imm: 1}, {Opcode: 0x15, Off: 1}, {Opcode: 0x7a, Off: 0}, {Opcode: 0x95}}))
	maps := []ir.MapSpec{
		{Type: ir.MapTypeHash, KeySize: 8, ValueSize: 8, MaxEntries: 4},
		{Type: ir.MapTypeArray, KeySize: 4, ValueSize: 16, MaxEntries: 4},
		{Type: ir.MapTypeProgArray, KeySize: 4, ValueSize: 4, MaxEntries: 4},
		{Type: ir.MapTypePerfEventArray, KeySize: 4, ValueSize: 4, MaxEntries: 4},
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		insns, err := ir.DecodeSlots(b)
		if err != nil || len(insns) == 0 {
			return
		}
		for _, typ := range []ir.ProgType{ir.ProgTypeSocketFilter, ir.ProgTypeKprobe, ir.ProgTypeSchedCLS} {
			p := &ir.Program{Name: "fuzz", Type: typ, Insns: insns, Maps: maps, License: "GPL"}
			for _, prof := range ProfileNames() {
				res, err := Verify(p, Options{Profile: prof, LogLevel: 1})
				if err != nil {
					t.Fatal(err)
				}
				if (res.Verdict == Accept) != (res.Verified != nil) || (res.Verdict == Reject && res.Diag == nil) {
					t.Fatalf("inconsistent result %+v", res)
				}
			}
		}
	})
}
