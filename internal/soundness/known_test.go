package soundness

import (
	"github.com/bpfcheck/bpfcheck/absint"
	"testing"

	"github.com/bpfcheck/bpfcheck/ir"
)

// knownUnsound is generated program seed 5130802 (at 6954a62), a
// linux-6.18 containment failure until the fix of pruning in nested frames
// (docs/soundness.md): a state two calls deep compared a caller's r6-r9 by
// the liveness at the wrong return site, so the path on which the caller's
// r7 was unbounded was pruned against the bounded one.
const knownUnsound = `
(bf) r6 = r1
(b7) r7 = 31
(b7) r8 = 531332886
(b7) r9 = 710962547
(bf) r1 = r6
(18) r2 = map[2]
(bf) r3 = r9
(57) r3 &= 3
(85) call 12
(b7) r1 = 0
(0f) r7 += r1
(07) r1 += 1
(a6) if w1 < 0x2 goto pc-3
(7b) *(u64 *)(r10 -40) = r6
(79) r3 = *(u64 *)(r10 -40)
(61) r8 = *(u32 *)(r3 +68)
(61) r8 = *(u32 *)(r6 +24)
(bf) r1 = r6
(18) r2 = map[2]
(bf) r3 = r8
(57) r3 &= 3
(85) call 12
(7a) *(u64 *)(r10 -8) = 4
(18) r1 = map[0]
(bf) r2 = r10
(07) r2 += -8
(85) call 1
(15) if r0 == 0x0 goto pc+4
(bf) r1 = r8
(25) if r1 > 0x8 goto pc+2
(0f) r0 += r1
(7b) *(u64 *)(r0 +0) = r9
(7b) *(u64 *)(r10 -16) = r9
(7b) *(u64 *)(r10 -8) = r8
(bf) r1 = r10
(07) r1 += -16
(bf) r2 = r9
(85) call pc+23
(bf) r7 = r0
(7a) *(u64 *)(r10 -16) = 32
(7a) *(u64 *)(r10 -8) = 1327570178
(bf) r1 = r10
(07) r1 += -16
(bf) r2 = r9
(85) call pc+21
(bf) r8 = r0
(be) if w9 <= w7 goto pc+2
(af) r9 ^= r7
(94) (u32) r9 %= (u32) -820371245
(de) if w9 s<= w9 goto pc+5
(a4) (u32) r7 ^= (u32) 576620851
(04) (u32) r7 += (u32) 64
(b7) r1 = 14
(6f) r8 <<= r1
(44) (u32) r9 |= (u32) 1235489322
(25) if r8 > 0xcf93f948 goto pc+3
(77) r9 >>= 44
(af) r7 ^= r9
(c4) (u32) r8 s>>= (u32) 15
(bf) r0 = r8
(95) exit
(79) r0 = *(u64 *)(r1 +8)
(0f) r0 += r2
(7b) *(u64 *)(r10 -8) = r0
(79) r0 = *(u64 *)(r10 -8)
(95) exit
(79) r0 = *(u64 *)(r1 +0)
(0f) r0 += r2
(7b) *(u64 *)(r10 -8) = r0
(79) r0 = *(u64 *)(r10 -8)
(7b) *(u64 *)(r10 -16) = r0
(bf) r2 = r0
(bf) r1 = r10
(07) r1 += -16
(85) call pc+1
(95) exit
(79) r0 = *(u64 *)(r1 +0)
(0f) r0 += r2
(7b) *(u64 *)(r10 -8) = r0
(79) r0 = *(u64 *)(r10 -8)
(7b) *(u64 *)(r10 -16) = r0
(bf) r2 = r0
(bf) r1 = r10
(07) r1 += -16
(85) call pc+1
(95) exit
(79) r0 = *(u64 *)(r1 +0)
(0f) r0 += r2
(7b) *(u64 *)(r10 -8) = r0
(79) r0 = *(u64 *)(r10 -8)
(95) exit
`

// TestKnownContainmentFailure checks that every concrete state of the
// program above lies inside linux-6.18's abstract states.
func TestKnownContainmentFailure(t *testing.T) {
	insns, err := ir.Assemble(knownUnsound)
	if err != nil {
		t.Fatal(err)
	}
	p := &ir.Program{Name: "known", Type: ir.ProgTypeSocketFilter, Insns: insns, Maps: Maps(), License: "GPL"}
	for k := int64(0); k < 20; k++ {
		in := NewInput(5130802*1_000_003 + k)
		if failure, _, _, err := containSteps("linux-6.18", p, in, absint.Options{}); err != nil || failure != "" {
			t.Fatalf("%s: %v %s", in, err, failure)
		}
	}
}
