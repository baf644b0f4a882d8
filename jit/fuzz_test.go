//go:build amd64

package jit

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/ir"
)

// FuzzEngines runs arbitrary bytes in checked mode on both engines: neither
// may crash, and both must give the same r0, error and memory.
func FuzzEngines(f *testing.F) {
	f.Add(ir.Encode([]ir.Instruction{{Opcode: 0xb7, Imm: 5}, {Opcode: 0x95}}))
	f.Add(ir.Encode([]ir.Instruction{{Opcode: 0x61, Src: 1, Off: 4}, {Opcode: 0x63, Dst: 1, Off: 60}, {Opcode: 0x95}}))
	f.Add(ir.Encode([]ir.Instruction{{Opcode: 0xdb, Dst: 10, Src: 1, Off: -8, Imm: ir.AtomicCmpXchg}, {Opcode: 0x05, Off: -2}, {Opcode: 0x95}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		insns, err := ir.DecodeSlots(b)
		if err != nil || len(insns) == 0 {
			return
		}
		// One buffer for both runs, so pointers stored or returned agree.
		mem := make([]byte, 64)
		run := func(engine exec.Engine) (uint64, string, []byte, bool) {
			p, err := exec.LoadChecked(&ir.Program{Name: "fuzz", Insns: insns}, nil, exec.Options{Engine: engine, Budget: 5000})
			if err != nil {
				return 0, err.Error(), nil, false
			}
			defer p.Close()
			copy(mem, bytes.Repeat([]byte{0xa5}, 64))
			r0, err := p.Run(exec.Memory(mem))
			msg := ""
			if err != nil {
				msg = address.ReplaceAllString(err.Error(), "ADDR") // buffers differ between runs
			}
			return r0, msg, bytes.Clone(mem), true
		}
		r0a, ea, ma, la := run(nil)
		r0b, eb, mb, lb := run(Engine())
		if la != lb {
			return // a load error on one side only would be a compile gap; both must at least not crash
		}
		if r0a != r0b || ea != eb || !bytes.Equal(ma, mb) {
			t.Fatalf("engines differ: interp %#x %q, jit %#x %q\n%s", r0a, ea, r0b, eb, ir.Disassemble(insns))
		}
	})
}

var address = regexp.MustCompile(`0x[0-9a-f]{6,}`)
