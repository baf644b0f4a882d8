// The interpreter's dispatch loop: one case per handler, each written out
// for its operand form and size so that no case decodes anything at run
// time. The cases follow a few patterns (ALU, jumps, accesses in three
// modes); keep them uniform when editing.

package exec

import (
	"unsafe"

	"github.com/bpfcheck/bpfcheck/internal/engine"
)

// The interpreter's handlers: one per operation and operand form, chosen
// when the program is predecoded (code.go). K forms take the immediate,
// X forms the source register; C forms are checked accesses, S forms
// checked accesses at a constant offset inside r10's frame of a program
// that never writes r10 (only the shadow of written bytes is tested).
const (
	hBad uint8 = iota
	hOut
	hAdd64K
	hAdd64X
	hSub64K
	hSub64X
	hMul64K
	hMul64X
	hOr64K
	hOr64X
	hAnd64K
	hAnd64X
	hXor64K
	hXor64X
	hDiv64K
	hSDiv64K
	hMod64K
	hSMod64K
	hLsh64K
	hRsh64K
	hArsh64K
	hDiv64X
	hSDiv64X
	hMod64X
	hSMod64X
	hLsh64X
	hRsh64X
	hArsh64X
	hAdd32K
	hAdd32X
	hSub32K
	hSub32X
	hMul32K
	hMul32X
	hOr32K
	hOr32X
	hAnd32K
	hAnd32X
	hXor32K
	hXor32X
	hDiv32K
	hSDiv32K
	hMod32K
	hSMod32K
	hLsh32K
	hRsh32K
	hArsh32K
	hDiv32X
	hSDiv32X
	hMod32X
	hSMod32X
	hLsh32X
	hRsh32X
	hArsh32X
	hMov64X
	hMov32X
	hMovsx64
	hMovsx32
	hNeg64
	hNeg32
	hMovK
	hLdImm64
	hSwap
	hTrunc
	hJEq64K
	hJEq64X
	hJGt64K
	hJGt64X
	hJGe64K
	hJGe64X
	hJSet64K
	hJSet64X
	hJNe64K
	hJNe64X
	hJSgt64K
	hJSgt64X
	hJSge64K
	hJSge64X
	hJLt64K
	hJLt64X
	hJLe64K
	hJLe64X
	hJSlt64K
	hJSlt64X
	hJSle64K
	hJSle64X
	hJEq32K
	hJEq32X
	hJGt32K
	hJGt32X
	hJGe32K
	hJGe32X
	hJSet32K
	hJSet32X
	hJNe32K
	hJNe32X
	hJSgt32K
	hJSgt32X
	hJSge32K
	hJSge32X
	hJLt32K
	hJLt32X
	hJLe32K
	hJLe32X
	hJSlt32K
	hJSlt32X
	hJSle32K
	hJSle32X
	hJa
	hCallLocal
	hCall
	hCallX
	hExit
	hLdAbs
	hLdInd
	hLd1
	hSt1
	hStK1
	hLdsx1
	hLd2
	hSt2
	hStK2
	hLdsx2
	hLd4
	hSt4
	hStK4
	hLdsx4
	hLd8
	hSt8
	hStK8
	hLd1C
	hSt1C
	hStK1C
	hLdsx1C
	hLd2C
	hSt2C
	hStK2C
	hLdsx2C
	hLd4C
	hSt4C
	hStK4C
	hLdsx4C
	hLd8C
	hSt8C
	hStK8C
	hLd1S
	hSt1S
	hStK1S
	hLdsx1S
	hLd2S
	hSt2S
	hStK2S
	hLdsx2S
	hLd4S
	hSt4S
	hStK4S
	hLdsx4S
	hLd8S
	hSt8S
	hStK8S
	hAtomic
	hAtomicC
)

// interpret runs c on r until it exits. tail reports that the program
// ended in a successful tail call to r.next.
func (r *run) interpret(c *interpCode) (r0 uint64, tail bool, err error) {
	// Every jump target is a slot of code (compile), so the slots are
	// reached without bounds checks. Around calls pc and the budget go
	// through r.pc and r.left, so that the compiler keeps them in
	// registers on the fast paths instead of spilling them at every step.
	code := unsafe.Pointer(&c.code[0])
	regs := &r.regs
	left := c.budget // backward jumps and local calls still allowed
	onInsn := r.prog.onInsn
	pc := 0
	for {
		if onInsn != nil && pc < c.insns {
			r.pc, r.left = pc, left
			onInsn(pc, regs)
			pc, left = r.pc, r.left
		}
		o := (*slot)(unsafe.Add(code, uintptr(pc)*unsafe.Sizeof(slot{})))
		switch o.h {
		case hAdd64K:
			regs[o.dst&15] += o.imm
		case hAdd64X:
			regs[o.dst&15] += regs[o.src&15]
		case hSub64K:
			regs[o.dst&15] -= o.imm
		case hSub64X:
			regs[o.dst&15] -= regs[o.src&15]
		case hMul64K:
			regs[o.dst&15] *= o.imm
		case hMul64X:
			regs[o.dst&15] *= regs[o.src&15]
		case hOr64K:
			regs[o.dst&15] |= o.imm
		case hOr64X:
			regs[o.dst&15] |= regs[o.src&15]
		case hAnd64K:
			regs[o.dst&15] &= o.imm
		case hAnd64X:
			regs[o.dst&15] &= regs[o.src&15]
		case hXor64K:
			regs[o.dst&15] ^= o.imm
		case hXor64X:
			regs[o.dst&15] ^= regs[o.src&15]
		case hDiv64K:
			d := &regs[o.dst&15]
			if b := o.imm; b != 0 {
				*d /= b
			} else {
				*d = 0
			}
		case hSDiv64K:
			d := &regs[o.dst&15]
			if b := o.imm; b != 0 {
				*d = uint64(int64(*d) / int64(b))
			} else {
				*d = 0
			}
		case hMod64K:
			d := &regs[o.dst&15]
			if b := o.imm; b != 0 {
				*d %= b
			}
		case hSMod64K:
			d := &regs[o.dst&15]
			if b := o.imm; b != 0 {
				*d = uint64(int64(*d) % int64(b))
			}
		case hLsh64K:
			regs[o.dst&15] <<= o.imm & 63
		case hRsh64K:
			regs[o.dst&15] >>= o.imm & 63
		case hArsh64K:
			d := &regs[o.dst&15]
			*d = uint64(int64(*d) >> (o.imm & 63))
		case hDiv64X:
			d := &regs[o.dst&15]
			if b := regs[o.src&15]; b != 0 {
				*d /= b
			} else {
				*d = 0
			}
		case hSDiv64X:
			d := &regs[o.dst&15]
			if b := regs[o.src&15]; b != 0 {
				*d = uint64(int64(*d) / int64(b))
			} else {
				*d = 0
			}
		case hMod64X:
			d := &regs[o.dst&15]
			if b := regs[o.src&15]; b != 0 {
				*d %= b
			}
		case hSMod64X:
			d := &regs[o.dst&15]
			if b := regs[o.src&15]; b != 0 {
				*d = uint64(int64(*d) % int64(b))
			}
		case hLsh64X:
			regs[o.dst&15] <<= regs[o.src&15] & 63
		case hRsh64X:
			regs[o.dst&15] >>= regs[o.src&15] & 63
		case hArsh64X:
			d := &regs[o.dst&15]
			*d = uint64(int64(*d) >> (regs[o.src&15] & 63))
		case hAdd32K:
			d := &regs[o.dst&15]
			*d = uint64(uint32(*d) + uint32(o.imm))
		case hAdd32X:
			d := &regs[o.dst&15]
			*d = uint64(uint32(*d) + uint32(regs[o.src&15]))
		case hSub32K:
			d := &regs[o.dst&15]
			*d = uint64(uint32(*d) - uint32(o.imm))
		case hSub32X:
			d := &regs[o.dst&15]
			*d = uint64(uint32(*d) - uint32(regs[o.src&15]))
		case hMul32K:
			d := &regs[o.dst&15]
			*d = uint64(uint32(*d) * uint32(o.imm))
		case hMul32X:
			d := &regs[o.dst&15]
			*d = uint64(uint32(*d) * uint32(regs[o.src&15]))
		case hOr32K:
			d := &regs[o.dst&15]
			*d = uint64(uint32(*d) | uint32(o.imm))
		case hOr32X:
			d := &regs[o.dst&15]
			*d = uint64(uint32(*d) | uint32(regs[o.src&15]))
		case hAnd32K:
			d := &regs[o.dst&15]
			*d = uint64(uint32(*d) & uint32(o.imm))
		case hAnd32X:
			d := &regs[o.dst&15]
			*d = uint64(uint32(*d) & uint32(regs[o.src&15]))
		case hXor32K:
			d := &regs[o.dst&15]
			*d = uint64(uint32(*d) ^ uint32(o.imm))
		case hXor32X:
			d := &regs[o.dst&15]
			*d = uint64(uint32(*d) ^ uint32(regs[o.src&15]))
		case hDiv32K:
			d := &regs[o.dst&15]
			if b := uint32(o.imm); b != 0 {
				*d = uint64(uint32(*d) / b)
			} else {
				*d = 0
			}
		case hSDiv32K:
			d := &regs[o.dst&15]
			if b := uint32(o.imm); b != 0 {
				*d = uint64(uint32(int32(*d) / int32(b)))
			} else {
				*d = 0
			}
		case hMod32K:
			d := &regs[o.dst&15]
			if b := uint32(o.imm); b != 0 {
				*d = uint64(uint32(*d) % b)
			} else {
				*d = uint64(uint32(*d))
			}
		case hSMod32K:
			d := &regs[o.dst&15]
			if b := uint32(o.imm); b != 0 {
				*d = uint64(uint32(int32(*d) % int32(b)))
			} else {
				*d = uint64(uint32(*d))
			}
		case hLsh32K:
			d := &regs[o.dst&15]
			*d = uint64(uint32(*d) << (o.imm & 31))
		case hRsh32K:
			d := &regs[o.dst&15]
			*d = uint64(uint32(*d) >> (o.imm & 31))
		case hArsh32K:
			d := &regs[o.dst&15]
			*d = uint64(uint32(int32(*d) >> (o.imm & 31)))
		case hDiv32X:
			d := &regs[o.dst&15]
			if b := uint32(regs[o.src&15]); b != 0 {
				*d = uint64(uint32(*d) / b)
			} else {
				*d = 0
			}
		case hSDiv32X:
			d := &regs[o.dst&15]
			if b := uint32(regs[o.src&15]); b != 0 {
				*d = uint64(uint32(int32(*d) / int32(b)))
			} else {
				*d = 0
			}
		case hMod32X:
			d := &regs[o.dst&15]
			if b := uint32(regs[o.src&15]); b != 0 {
				*d = uint64(uint32(*d) % b)
			} else {
				*d = uint64(uint32(*d))
			}
		case hSMod32X:
			d := &regs[o.dst&15]
			if b := uint32(regs[o.src&15]); b != 0 {
				*d = uint64(uint32(int32(*d) % int32(b)))
			} else {
				*d = uint64(uint32(*d))
			}
		case hLsh32X:
			d := &regs[o.dst&15]
			*d = uint64(uint32(*d) << (regs[o.src&15] & 31))
		case hRsh32X:
			d := &regs[o.dst&15]
			*d = uint64(uint32(*d) >> (regs[o.src&15] & 31))
		case hArsh32X:
			d := &regs[o.dst&15]
			*d = uint64(uint32(int32(*d) >> (regs[o.src&15] & 31)))
		case hMov64X:
			regs[o.dst&15] = regs[o.src&15]
		case hMov32X:
			regs[o.dst&15] = uint64(uint32(regs[o.src&15]))
		case hMovsx64:
			regs[o.dst&15] = movsx64(regs[o.src&15], int16(o.off))
		case hMovsx32:
			regs[o.dst&15] = movsx32(regs[o.src&15], int16(o.off))
		case hNeg64:
			d := &regs[o.dst&15]
			*d = -*d
		case hNeg32:
			d := &regs[o.dst&15]
			*d = uint64(-uint32(*d))
		case hMovK:
			regs[o.dst&15] = o.imm
		case hLdImm64:
			regs[o.dst&15] = o.imm
			pc += 2
			continue
		case hSwap:
			d := &regs[o.dst&15]
			*d = bswap(*d, o.off)
		case hTrunc:
			d := &regs[o.dst&15]
			*d = truncate(*d, o.off)
		case hJEq64K:
			if regs[o.dst&15] == o.imm {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJEq64X:
			if regs[o.dst&15] == regs[o.src&15] {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJGt64K:
			if regs[o.dst&15] > o.imm {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJGt64X:
			if regs[o.dst&15] > regs[o.src&15] {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJGe64K:
			if regs[o.dst&15] >= o.imm {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJGe64X:
			if regs[o.dst&15] >= regs[o.src&15] {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJSet64K:
			if regs[o.dst&15]&o.imm != 0 {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJSet64X:
			if regs[o.dst&15]&regs[o.src&15] != 0 {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJNe64K:
			if regs[o.dst&15] != o.imm {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJNe64X:
			if regs[o.dst&15] != regs[o.src&15] {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJSgt64K:
			if int64(regs[o.dst&15]) > int64(o.imm) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJSgt64X:
			if int64(regs[o.dst&15]) > int64(regs[o.src&15]) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJSge64K:
			if int64(regs[o.dst&15]) >= int64(o.imm) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJSge64X:
			if int64(regs[o.dst&15]) >= int64(regs[o.src&15]) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJLt64K:
			if regs[o.dst&15] < o.imm {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJLt64X:
			if regs[o.dst&15] < regs[o.src&15] {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJLe64K:
			if regs[o.dst&15] <= o.imm {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJLe64X:
			if regs[o.dst&15] <= regs[o.src&15] {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJSlt64K:
			if int64(regs[o.dst&15]) < int64(o.imm) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJSlt64X:
			if int64(regs[o.dst&15]) < int64(regs[o.src&15]) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJSle64K:
			if int64(regs[o.dst&15]) <= int64(o.imm) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJSle64X:
			if int64(regs[o.dst&15]) <= int64(regs[o.src&15]) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJEq32K:
			if uint32(regs[o.dst&15]) == uint32(o.imm) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJEq32X:
			if uint32(regs[o.dst&15]) == uint32(regs[o.src&15]) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJGt32K:
			if uint32(regs[o.dst&15]) > uint32(o.imm) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJGt32X:
			if uint32(regs[o.dst&15]) > uint32(regs[o.src&15]) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJGe32K:
			if uint32(regs[o.dst&15]) >= uint32(o.imm) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJGe32X:
			if uint32(regs[o.dst&15]) >= uint32(regs[o.src&15]) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJSet32K:
			if uint32(regs[o.dst&15])&uint32(o.imm) != 0 {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJSet32X:
			if uint32(regs[o.dst&15])&uint32(regs[o.src&15]) != 0 {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJNe32K:
			if uint32(regs[o.dst&15]) != uint32(o.imm) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJNe32X:
			if uint32(regs[o.dst&15]) != uint32(regs[o.src&15]) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJSgt32K:
			if int32(regs[o.dst&15]) > int32(o.imm) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJSgt32X:
			if int32(regs[o.dst&15]) > int32(regs[o.src&15]) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJSge32K:
			if int32(regs[o.dst&15]) >= int32(o.imm) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJSge32X:
			if int32(regs[o.dst&15]) >= int32(regs[o.src&15]) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJLt32K:
			if uint32(regs[o.dst&15]) < uint32(o.imm) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJLt32X:
			if uint32(regs[o.dst&15]) < uint32(regs[o.src&15]) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJLe32K:
			if uint32(regs[o.dst&15]) <= uint32(o.imm) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJLe32X:
			if uint32(regs[o.dst&15]) <= uint32(regs[o.src&15]) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJSlt32K:
			if int32(regs[o.dst&15]) < int32(o.imm) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJSlt32X:
			if int32(regs[o.dst&15]) < int32(regs[o.src&15]) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJSle32K:
			if int32(regs[o.dst&15]) <= int32(o.imm) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJSle32X:
			if int32(regs[o.dst&15]) <= int32(regs[o.src&15]) {
				prev := pc
				pc = int(o.off)
				if o.aux != 0 {
					if left == 0 {
						return 0, false, budgetError(prev, c.budget)
					}
					left--
				}
				continue
			}
		case hJa:
			prev := pc
			pc = int(o.off)
			if o.aux != 0 {
				if left == 0 {
					return 0, false, budgetError(prev, c.budget)
				}
				left--
			}
			continue
		case hCallLocal:
			if o.aux != 0 {
				if left == 0 {
					return 0, false, budgetError(pc, c.budget)
				}
				left--
			}
			if len(r.frames) >= maxFrames-1 {
				return 0, false, engine.DepthError(pc)
			}
			r.pc, r.left = pc, left
			r.frames = append(r.frames, frame{ret: pc, regs: [5]uint64{regs[6], regs[7], regs[8], regs[9], regs[10]}})
			regs[10] -= frameSize
			pc, left = int(o.off), r.left
			continue
		case hCall:
			r.pc, r.left = pc, left
			v, t, e := r.callHelper(pc, int32(o.imm), [5]uint64{regs[1], regs[2], regs[3], regs[4], regs[5]}, regs[0])
			if e != nil || t {
				return 0, t, e
			}
			pc, left = r.pc, r.left
			regs[0] = v
		case hCallX:
			r.pc, r.left = pc, left
			v, t, e := r.callHelper(pc, int32(regs[o.dst&15]), [5]uint64{regs[1], regs[2], regs[3], regs[4], regs[5]}, regs[0])
			if e != nil || t {
				return 0, t, e
			}
			pc, left = r.pc, r.left
			regs[0] = v
		case hExit:
			if len(r.frames) == 0 {
				return regs[0], false, nil
			}
			f := r.frames[len(r.frames)-1]
			r.frames = r.frames[:len(r.frames)-1]
			regs[6], regs[7], regs[8], regs[9], regs[10] = f.regs[0], f.regs[1], f.regs[2], f.regs[3], f.regs[4]
			pc = f.ret
		case hLdAbs:
			r.pc, r.left = pc, left
			v, ok := r.loadPacket(int64(int32(o.imm)), int(o.aux))
			if !ok {
				return 0, false, nil // the kernel ends the program with 0
			}
			pc, left = r.pc, r.left
			regs[0] = v
		case hLdInd:
			r.pc, r.left = pc, left
			v, ok := r.loadPacket(int64(int32(o.imm))+int64(int32(uint32(regs[o.src&15]))), int(o.aux))
			if !ok {
				return 0, false, nil // the kernel ends the program with 0
			}
			pc, left = r.pc, r.left
			regs[0] = v
		case hLd1:
			addr := regs[o.src&15] + uint64(int64(o.off))
			regs[o.dst&15] = uint64(*(*uint8)(ptr(addr)))
		case hSt1:
			addr := regs[o.dst&15] + uint64(int64(o.off))
			*(*uint8)(ptr(addr)) = uint8(regs[o.src&15])
		case hStK1:
			addr := regs[o.dst&15] + uint64(int64(o.off))
			*(*uint8)(ptr(addr)) = uint8(o.imm)
		case hLdsx1:
			addr := regs[o.src&15] + uint64(int64(o.off))
			regs[o.dst&15] = uint64(int64(*(*int8)(ptr(addr))))
		case hLd2:
			addr := regs[o.src&15] + uint64(int64(o.off))
			regs[o.dst&15] = uint64(*(*uint16)(ptr(addr)))
		case hSt2:
			addr := regs[o.dst&15] + uint64(int64(o.off))
			*(*uint16)(ptr(addr)) = uint16(regs[o.src&15])
		case hStK2:
			addr := regs[o.dst&15] + uint64(int64(o.off))
			*(*uint16)(ptr(addr)) = uint16(o.imm)
		case hLdsx2:
			addr := regs[o.src&15] + uint64(int64(o.off))
			regs[o.dst&15] = uint64(int64(*(*int16)(ptr(addr))))
		case hLd4:
			addr := regs[o.src&15] + uint64(int64(o.off))
			regs[o.dst&15] = uint64(*(*uint32)(ptr(addr)))
		case hSt4:
			addr := regs[o.dst&15] + uint64(int64(o.off))
			*(*uint32)(ptr(addr)) = uint32(regs[o.src&15])
		case hStK4:
			addr := regs[o.dst&15] + uint64(int64(o.off))
			*(*uint32)(ptr(addr)) = uint32(o.imm)
		case hLdsx4:
			addr := regs[o.src&15] + uint64(int64(o.off))
			regs[o.dst&15] = uint64(int64(*(*int32)(ptr(addr))))
		case hLd8:
			addr := regs[o.src&15] + uint64(int64(o.off))
			regs[o.dst&15] = uint64(*(*uint64)(ptr(addr)))
		case hSt8:
			addr := regs[o.dst&15] + uint64(int64(o.off))
			*(*uint64)(ptr(addr)) = uint64(regs[o.src&15])
		case hStK8:
			addr := regs[o.dst&15] + uint64(int64(o.off))
			*(*uint64)(ptr(addr)) = uint64(o.imm)
		case hLd1C:
			addr := regs[o.src&15] + uint64(int64(o.off))
			d := o.dst & 15 // read before any call: o is not kept across one
			if addr-r.ctxLo >= r.ctxRd[1] {
				r.pc, r.left = pc, left
				if e := r.access(pc, addr, 1, false); e != nil {
					return 0, false, e
				}
				pc, left = r.pc, r.left
			}
			regs[d] = uint64(*(*uint8)(ptr(addr)))
		case hSt1C:
			addr := regs[o.dst&15] + uint64(int64(o.off))
			if addr-r.ctxLo >= r.ctxWr[1] {
				r.pc, r.left = pc, left
				if e := r.access(pc, addr, 1, true); e != nil {
					return 0, false, e
				}
				pc, left = r.pc, r.left
			}
			*(*uint8)(ptr(addr)) = uint8(regs[o.src&15])
		case hStK1C:
			addr := regs[o.dst&15] + uint64(int64(o.off))
			if addr-r.ctxLo >= r.ctxWr[1] {
				r.pc, r.left = pc, left
				if e := r.access(pc, addr, 1, true); e != nil {
					return 0, false, e
				}
				pc, left = r.pc, r.left
			}
			*(*uint8)(ptr(addr)) = uint8(o.imm)
		case hLdsx1C:
			addr := regs[o.src&15] + uint64(int64(o.off))
			d := o.dst & 15 // read before any call: o is not kept across one
			if addr-r.ctxLo >= r.ctxRd[1] {
				r.pc, r.left = pc, left
				if e := r.access(pc, addr, 1, false); e != nil {
					return 0, false, e
				}
				pc, left = r.pc, r.left
			}
			regs[d] = uint64(int64(*(*int8)(ptr(addr))))
		case hLd2C:
			addr := regs[o.src&15] + uint64(int64(o.off))
			d := o.dst & 15 // read before any call: o is not kept across one
			if addr-r.ctxLo >= r.ctxRd[2] {
				r.pc, r.left = pc, left
				if e := r.access(pc, addr, 2, false); e != nil {
					return 0, false, e
				}
				pc, left = r.pc, r.left
			}
			regs[d] = uint64(*(*uint16)(ptr(addr)))
		case hSt2C:
			addr := regs[o.dst&15] + uint64(int64(o.off))
			if addr-r.ctxLo >= r.ctxWr[2] {
				r.pc, r.left = pc, left
				if e := r.access(pc, addr, 2, true); e != nil {
					return 0, false, e
				}
				pc, left = r.pc, r.left
			}
			*(*uint16)(ptr(addr)) = uint16(regs[o.src&15])
		case hStK2C:
			addr := regs[o.dst&15] + uint64(int64(o.off))
			if addr-r.ctxLo >= r.ctxWr[2] {
				r.pc, r.left = pc, left
				if e := r.access(pc, addr, 2, true); e != nil {
					return 0, false, e
				}
				pc, left = r.pc, r.left
			}
			*(*uint16)(ptr(addr)) = uint16(o.imm)
		case hLdsx2C:
			addr := regs[o.src&15] + uint64(int64(o.off))
			d := o.dst & 15 // read before any call: o is not kept across one
			if addr-r.ctxLo >= r.ctxRd[2] {
				r.pc, r.left = pc, left
				if e := r.access(pc, addr, 2, false); e != nil {
					return 0, false, e
				}
				pc, left = r.pc, r.left
			}
			regs[d] = uint64(int64(*(*int16)(ptr(addr))))
		case hLd4C:
			addr := regs[o.src&15] + uint64(int64(o.off))
			d := o.dst & 15 // read before any call: o is not kept across one
			if addr-r.ctxLo >= r.ctxRd[4] {
				r.pc, r.left = pc, left
				if e := r.access(pc, addr, 4, false); e != nil {
					return 0, false, e
				}
				pc, left = r.pc, r.left
			}
			regs[d] = uint64(*(*uint32)(ptr(addr)))
		case hSt4C:
			addr := regs[o.dst&15] + uint64(int64(o.off))
			if addr-r.ctxLo >= r.ctxWr[4] {
				r.pc, r.left = pc, left
				if e := r.access(pc, addr, 4, true); e != nil {
					return 0, false, e
				}
				pc, left = r.pc, r.left
			}
			*(*uint32)(ptr(addr)) = uint32(regs[o.src&15])
		case hStK4C:
			addr := regs[o.dst&15] + uint64(int64(o.off))
			if addr-r.ctxLo >= r.ctxWr[4] {
				r.pc, r.left = pc, left
				if e := r.access(pc, addr, 4, true); e != nil {
					return 0, false, e
				}
				pc, left = r.pc, r.left
			}
			*(*uint32)(ptr(addr)) = uint32(o.imm)
		case hLdsx4C:
			addr := regs[o.src&15] + uint64(int64(o.off))
			d := o.dst & 15 // read before any call: o is not kept across one
			if addr-r.ctxLo >= r.ctxRd[4] {
				r.pc, r.left = pc, left
				if e := r.access(pc, addr, 4, false); e != nil {
					return 0, false, e
				}
				pc, left = r.pc, r.left
			}
			regs[d] = uint64(int64(*(*int32)(ptr(addr))))
		case hLd8C:
			addr := regs[o.src&15] + uint64(int64(o.off))
			d := o.dst & 15 // read before any call: o is not kept across one
			if addr-r.ctxLo >= r.ctxRd[8] {
				r.pc, r.left = pc, left
				if e := r.access(pc, addr, 8, false); e != nil {
					return 0, false, e
				}
				pc, left = r.pc, r.left
			}
			regs[d] = uint64(*(*uint64)(ptr(addr)))
		case hSt8C:
			addr := regs[o.dst&15] + uint64(int64(o.off))
			if addr-r.ctxLo >= r.ctxWr[8] {
				r.pc, r.left = pc, left
				if e := r.access(pc, addr, 8, true); e != nil {
					return 0, false, e
				}
				pc, left = r.pc, r.left
			}
			*(*uint64)(ptr(addr)) = uint64(regs[o.src&15])
		case hStK8C:
			addr := regs[o.dst&15] + uint64(int64(o.off))
			if addr-r.ctxLo >= r.ctxWr[8] {
				r.pc, r.left = pc, left
				if e := r.access(pc, addr, 8, true); e != nil {
					return 0, false, e
				}
				pc, left = r.pc, r.left
			}
			*(*uint64)(ptr(addr)) = uint64(o.imm)
		case hLd1S:
			addr := regs[o.src&15] + uint64(int64(o.off))
			d := o.dst & 15 // read before any call: o is not kept across one
			if *(*uint8)(ptr(addr + shadowDelta)) != 0x01 {
				r.pc, r.left = pc, left
				if e := r.access(pc, addr, 1, false); e != nil {
					return 0, false, e
				}
				pc, left = r.pc, r.left
			}
			regs[d] = uint64(*(*uint8)(ptr(addr)))
		case hSt1S:
			addr := regs[o.dst&15] + uint64(int64(o.off))
			*(*uint8)(ptr(addr)) = uint8(regs[o.src&15])
			*(*uint8)(ptr(addr + shadowDelta)) = 0x01
		case hStK1S:
			addr := regs[o.dst&15] + uint64(int64(o.off))
			*(*uint8)(ptr(addr)) = uint8(o.imm)
			*(*uint8)(ptr(addr + shadowDelta)) = 0x01
		case hLdsx1S:
			addr := regs[o.src&15] + uint64(int64(o.off))
			d := o.dst & 15 // read before any call: o is not kept across one
			if *(*uint8)(ptr(addr + shadowDelta)) != 0x01 {
				r.pc, r.left = pc, left
				if e := r.access(pc, addr, 1, false); e != nil {
					return 0, false, e
				}
				pc, left = r.pc, r.left
			}
			regs[d] = uint64(int64(*(*int8)(ptr(addr))))
		case hLd2S:
			addr := regs[o.src&15] + uint64(int64(o.off))
			d := o.dst & 15 // read before any call: o is not kept across one
			if *(*uint16)(ptr(addr + shadowDelta)) != 0x0101 {
				r.pc, r.left = pc, left
				if e := r.access(pc, addr, 2, false); e != nil {
					return 0, false, e
				}
				pc, left = r.pc, r.left
			}
			regs[d] = uint64(*(*uint16)(ptr(addr)))
		case hSt2S:
			addr := regs[o.dst&15] + uint64(int64(o.off))
			*(*uint16)(ptr(addr)) = uint16(regs[o.src&15])
			*(*uint16)(ptr(addr + shadowDelta)) = 0x0101
		case hStK2S:
			addr := regs[o.dst&15] + uint64(int64(o.off))
			*(*uint16)(ptr(addr)) = uint16(o.imm)
			*(*uint16)(ptr(addr + shadowDelta)) = 0x0101
		case hLdsx2S:
			addr := regs[o.src&15] + uint64(int64(o.off))
			d := o.dst & 15 // read before any call: o is not kept across one
			if *(*uint16)(ptr(addr + shadowDelta)) != 0x0101 {
				r.pc, r.left = pc, left
				if e := r.access(pc, addr, 2, false); e != nil {
					return 0, false, e
				}
				pc, left = r.pc, r.left
			}
			regs[d] = uint64(int64(*(*int16)(ptr(addr))))
		case hLd4S:
			addr := regs[o.src&15] + uint64(int64(o.off))
			d := o.dst & 15 // read before any call: o is not kept across one
			if *(*uint32)(ptr(addr + shadowDelta)) != 0x01010101 {
				r.pc, r.left = pc, left
				if e := r.access(pc, addr, 4, false); e != nil {
					return 0, false, e
				}
				pc, left = r.pc, r.left
			}
			regs[d] = uint64(*(*uint32)(ptr(addr)))
		case hSt4S:
			addr := regs[o.dst&15] + uint64(int64(o.off))
			*(*uint32)(ptr(addr)) = uint32(regs[o.src&15])
			*(*uint32)(ptr(addr + shadowDelta)) = 0x01010101
		case hStK4S:
			addr := regs[o.dst&15] + uint64(int64(o.off))
			*(*uint32)(ptr(addr)) = uint32(o.imm)
			*(*uint32)(ptr(addr + shadowDelta)) = 0x01010101
		case hLdsx4S:
			addr := regs[o.src&15] + uint64(int64(o.off))
			d := o.dst & 15 // read before any call: o is not kept across one
			if *(*uint32)(ptr(addr + shadowDelta)) != 0x01010101 {
				r.pc, r.left = pc, left
				if e := r.access(pc, addr, 4, false); e != nil {
					return 0, false, e
				}
				pc, left = r.pc, r.left
			}
			regs[d] = uint64(int64(*(*int32)(ptr(addr))))
		case hLd8S:
			addr := regs[o.src&15] + uint64(int64(o.off))
			d := o.dst & 15 // read before any call: o is not kept across one
			if *(*uint64)(ptr(addr + shadowDelta)) != 0x0101010101010101 {
				r.pc, r.left = pc, left
				if e := r.access(pc, addr, 8, false); e != nil {
					return 0, false, e
				}
				pc, left = r.pc, r.left
			}
			regs[d] = uint64(*(*uint64)(ptr(addr)))
		case hSt8S:
			addr := regs[o.dst&15] + uint64(int64(o.off))
			*(*uint64)(ptr(addr)) = uint64(regs[o.src&15])
			*(*uint64)(ptr(addr + shadowDelta)) = 0x0101010101010101
		case hStK8S:
			addr := regs[o.dst&15] + uint64(int64(o.off))
			*(*uint64)(ptr(addr)) = uint64(o.imm)
			*(*uint64)(ptr(addr + shadowDelta)) = 0x0101010101010101
		case hAtomic:
			r.pc, r.left = pc, left
			atomicOp(regs, o, regs[o.dst&15]+uint64(int64(o.off)))
			pc, left = r.pc, r.left
		case hAtomicC:
			addr := regs[o.dst&15] + uint64(int64(o.off))
			r.pc, r.left = pc, left
			if e := r.access(pc, addr, int(o.aux), false); e != nil {
				return 0, false, e
			}
			r.access(pc, addr, int(o.aux), true)
			atomicOp(regs, o, addr)
			pc, left = r.pc, r.left
		case hOut:
			return 0, false, engine.JumpOutError(int(int64(o.imm)))
		default:
			return 0, false, engine.BadOpcodeError(pc, 0xff)
		}
		pc++
	}
}
