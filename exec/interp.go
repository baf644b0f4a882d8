package exec

import (
	"math/bits"
	"sync/atomic"
	"unsafe"

	"github.com/bpfcheck/bpfcheck/internal/engine"
)

// ptr turns a program address into a Go pointer. Every address a verified
// program dereferences lies in memory the run keeps alive; checked runs
// validate addresses first. Addresses are not derived from Go pointers in
// a way checkptr (-race) can follow, so it is told not to check here.
//
//go:nocheckptr
func ptr(addr uint64) unsafe.Pointer { return unsafe.Add(unsafe.Pointer(nil), uintptr(addr)) }

// interpret runs p's code on r until it exits. tail reports that the program
// ended in a successful tail call to r.next.
func (r *run) interpret(c *interpCode) (r0 uint64, tail bool, err error) {
	code := c.code
	regs := &r.regs
	checked := c.checked
	budget := c.budget
	var steps uint64
	pc := 0
	onInsn := r.prog.onInsn
	for {
		if onInsn != nil && pc >= 0 && pc < len(code) {
			onInsn(pc, regs)
		}
		if checked && (pc < 0 || pc >= len(code)) {
			return 0, false, engine.JumpOutError(pc)
		}
		s := &code[pc]
		dst, src := &regs[s.dst&15], regs[s.src&15]
		imm := uint64(int64(s.imm))
		switch s.op {
		// ALU64, immediate and register forms.
		case 0x07:
			*dst += imm
		case 0x0f:
			*dst += src
		case 0x17:
			*dst -= imm
		case 0x1f:
			*dst -= src
		case 0x27:
			*dst *= imm
		case 0x2f:
			*dst *= src
		case 0x37:
			*dst = div64(*dst, imm, s.off)
		case 0x3f:
			*dst = div64(*dst, src, s.off)
		case 0x47:
			*dst |= imm
		case 0x4f:
			*dst |= src
		case 0x57:
			*dst &= imm
		case 0x5f:
			*dst &= src
		case 0x67:
			*dst <<= imm & 63
		case 0x6f:
			*dst <<= src & 63
		case 0x77:
			*dst >>= imm & 63
		case 0x7f:
			*dst >>= src & 63
		case 0x87:
			*dst = -*dst
		case 0x97:
			*dst = mod64(*dst, imm, s.off)
		case 0x9f:
			*dst = mod64(*dst, src, s.off)
		case 0xa7:
			*dst ^= imm
		case 0xaf:
			*dst ^= src
		case 0xb7:
			*dst = imm
		case 0xbf:
			*dst = movsx64(src, s.off)
		case 0xc7:
			*dst = uint64(int64(*dst) >> (imm & 63))
		case 0xcf:
			*dst = uint64(int64(*dst) >> (src & 63))
		case 0xd7:
			*dst = bswap(*dst, s.imm)
		// ALU32: results are zero-extended.
		case 0x04:
			*dst = uint64(uint32(*dst) + uint32(imm))
		case 0x0c:
			*dst = uint64(uint32(*dst) + uint32(src))
		case 0x14:
			*dst = uint64(uint32(*dst) - uint32(imm))
		case 0x1c:
			*dst = uint64(uint32(*dst) - uint32(src))
		case 0x24:
			*dst = uint64(uint32(*dst) * uint32(imm))
		case 0x2c:
			*dst = uint64(uint32(*dst) * uint32(src))
		case 0x34:
			*dst = div32(*dst, imm, s.off)
		case 0x3c:
			*dst = div32(*dst, src, s.off)
		case 0x44:
			*dst = uint64(uint32(*dst) | uint32(imm))
		case 0x4c:
			*dst = uint64(uint32(*dst) | uint32(src))
		case 0x54:
			*dst = uint64(uint32(*dst) & uint32(imm))
		case 0x5c:
			*dst = uint64(uint32(*dst) & uint32(src))
		case 0x64:
			*dst = uint64(uint32(*dst) << (imm & 31))
		case 0x6c:
			*dst = uint64(uint32(*dst) << (src & 31))
		case 0x74:
			*dst = uint64(uint32(*dst) >> (imm & 31))
		case 0x7c:
			*dst = uint64(uint32(*dst) >> (src & 31))
		case 0x84:
			*dst = uint64(-uint32(*dst))
		case 0x94:
			*dst = mod32(*dst, imm, s.off)
		case 0x9c:
			*dst = mod32(*dst, src, s.off)
		case 0xa4:
			*dst = uint64(uint32(*dst) ^ uint32(imm))
		case 0xac:
			*dst = uint64(uint32(*dst) ^ uint32(src))
		case 0xb4:
			*dst = uint64(uint32(imm))
		case 0xbc:
			*dst = movsx32(src, s.off)
		case 0xc4:
			*dst = uint64(uint32(int32(*dst) >> (imm & 31)))
		case 0xcc:
			*dst = uint64(uint32(int32(*dst) >> (src & 31)))
		case 0xd4: // to little endian: truncate on this little-endian machine
			*dst = truncate(*dst, s.imm)
		case 0xdc: // to big endian
			*dst = bswap(*dst, s.imm)

		// Loads and stores.
		case 0x61, 0x69, 0x71, 0x79, 0x81, 0x89, 0x91:
			addr := src + uint64(int64(s.off))
			n := sizeOf(s.op)
			if checked {
				if e := r.access(pc, addr, n, false); e != nil {
					return 0, false, e
				}
			}
			*dst = load(addr, n, s.op&0xe0 == 0x80)
		case 0x62, 0x6a, 0x72, 0x7a:
			addr := *dst + uint64(int64(s.off))
			n := sizeOf(s.op)
			if checked {
				if e := r.access(pc, addr, n, true); e != nil {
					return 0, false, e
				}
			}
			store(addr, n, imm)
		case 0x63, 0x6b, 0x73, 0x7b:
			addr := *dst + uint64(int64(s.off))
			n := sizeOf(s.op)
			if checked {
				if e := r.access(pc, addr, n, true); e != nil {
					return 0, false, e
				}
			}
			store(addr, n, src)
		case 0xc3, 0xdb:
			addr := *dst + uint64(int64(s.off))
			n := sizeOf(s.op)
			if checked {
				if e := r.access(pc, addr, n, false); e != nil {
					return 0, false, e
				}
				r.access(pc, addr, n, true)
			}
			atomicOp(regs, s, addr, n == 8)
		case 0x18:
			*dst = s.imm64
			pc++
		case 0x20, 0x28, 0x30, 0x38, 0x40, 0x48, 0x50, 0x58:
			off := int64(s.imm)
			if s.op&0xe0 == 0x40 {
				off += int64(int32(uint32(src)))
			}
			v, ok := r.loadPacket(off, sizeOf(s.op))
			if !ok {
				return 0, false, nil // the kernel ends the program with 0
			}
			regs[0] = v

		// Jumps.
		case 0x05:
			if checked {
				if steps++; steps > budget {
					return 0, false, budgetError(pc, budget)
				}
			}
			pc += int(s.off)
		case 0x06:
			if checked {
				if steps++; steps > budget {
					return 0, false, budgetError(pc, budget)
				}
			}
			pc += int(s.imm)
		case 0x85:
			if s.src == 1 { // local call
				if checked {
					if steps++; steps > budget {
						return 0, false, budgetError(pc, budget)
					}
				}
				if len(r.frames) >= maxFrames-1 {
					return 0, false, engine.DepthError(pc)
				}
				r.frames = append(r.frames, frame{ret: pc, regs: [5]uint64{regs[6], regs[7], regs[8], regs[9], regs[10]}})
				regs[10] -= frameSize
				pc += int(s.imm)
				break
			}
			v, t, e := r.callHelper(pc, s.imm, [5]uint64{regs[1], regs[2], regs[3], regs[4], regs[5]}, regs[0])
			if e != nil || t {
				return 0, t, e
			}
			regs[0] = v
		case 0x8d:
			v, t, e := r.callHelper(pc, int32(regs[s.dst&15]), [5]uint64{regs[1], regs[2], regs[3], regs[4], regs[5]}, regs[0])
			if e != nil || t {
				return 0, t, e
			}
			regs[0] = v
		case 0x95:
			if len(r.frames) == 0 {
				return regs[0], false, nil
			}
			f := r.frames[len(r.frames)-1]
			r.frames = r.frames[:len(r.frames)-1]
			regs[6], regs[7], regs[8], regs[9], regs[10] = f.regs[0], f.regs[1], f.regs[2], f.regs[3], f.regs[4]
			pc = f.ret
		default:
			if taken, ok := cond(s.op, *dst, src, imm); ok {
				if taken {
					if checked {
						if steps++; steps > budget {
							return 0, false, budgetError(pc, budget)
						}
					}
					pc += int(s.off)
				}
				break
			}
			return 0, false, engine.BadOpcodeError(pc, s.op)
		}
		pc++
	}
}

func budgetError(pc int, budget uint64) error { return engine.BudgetError(pc, budget) }

// cond evaluates a conditional jump; ok is false for other opcodes.
func cond(op uint8, dst, src, imm uint64) (taken, ok bool) {
	class := op & 7
	if class != 5 && class != 6 {
		return false, false
	}
	b := src
	if op&8 == 0 {
		b = imm
	}
	a := dst
	if class == 6 {
		a, b = uint64(uint32(a)), uint64(uint32(b))
		switch op & 0xf0 {
		case 0x60, 0x70, 0xc0, 0xd0:
			a, b = uint64(int64(int32(a))), uint64(int64(int32(b)))
		}
	}
	switch op & 0xf0 {
	case 0x10:
		return a == b, true
	case 0x20:
		return a > b, true
	case 0x30:
		return a >= b, true
	case 0x40:
		return a&b != 0, true
	case 0x50:
		return a != b, true
	case 0x60:
		return int64(a) > int64(b), true
	case 0x70:
		return int64(a) >= int64(b), true
	case 0xa0:
		return a < b, true
	case 0xb0:
		return a <= b, true
	case 0xc0:
		return int64(a) < int64(b), true
	case 0xd0:
		return int64(a) <= int64(b), true
	}
	return false, false
}

func sizeOf(op uint8) int {
	switch op & 0x18 {
	case 0x00:
		return 4
	case 0x08:
		return 2
	case 0x10:
		return 1
	}
	return 8
}

func load(addr uint64, n int, signed bool) uint64 {
	p := ptr(addr)
	switch n {
	case 1:
		if signed {
			return uint64(int64(*(*int8)(p)))
		}
		return uint64(*(*uint8)(p))
	case 2:
		if signed {
			return uint64(int64(*(*int16)(p)))
		}
		return uint64(*(*uint16)(p))
	case 4:
		if signed {
			return uint64(int64(*(*int32)(p)))
		}
		return uint64(*(*uint32)(p))
	}
	return *(*uint64)(p)
}

func store(addr uint64, n int, v uint64) {
	p := ptr(addr)
	switch n {
	case 1:
		*(*uint8)(p) = uint8(v)
	case 2:
		*(*uint16)(p) = uint16(v)
	case 4:
		*(*uint32)(p) = uint32(v)
	default:
		*(*uint64)(p) = v
	}
}

func atomicOp(regs *[16]uint64, s *slot, addr uint64, wide bool) {
	src := &regs[s.src&15]
	if wide {
		p := (*uint64)(ptr(addr))
		var old uint64
		switch s.imm &^ 1 {
		case 0x00:
			old = atomic.AddUint64(p, *src) - *src
		case 0x40:
			old = atomic.OrUint64(p, *src)
		case 0x50:
			old = atomic.AndUint64(p, *src)
		case 0xa0:
			for {
				old = atomic.LoadUint64(p)
				if atomic.CompareAndSwapUint64(p, old, old^*src) {
					break
				}
			}
		case 0xe0:
			old = atomic.SwapUint64(p, *src)
		case 0xf0:
			for {
				old = atomic.LoadUint64(p)
				if old != regs[0] || atomic.CompareAndSwapUint64(p, old, *src) {
					break
				}
			}
			regs[0] = old
			return
		}
		if s.imm&1 != 0 {
			*src = old
		}
		return
	}
	p := (*uint32)(ptr(addr))
	v := uint32(*src)
	var old uint32
	switch s.imm &^ 1 {
	case 0x00:
		old = atomic.AddUint32(p, v) - v
	case 0x40:
		old = atomic.OrUint32(p, v)
	case 0x50:
		old = atomic.AndUint32(p, v)
	case 0xa0:
		for {
			old = atomic.LoadUint32(p)
			if atomic.CompareAndSwapUint32(p, old, old^v) {
				break
			}
		}
	case 0xe0:
		old = atomic.SwapUint32(p, v)
	case 0xf0:
		for {
			old = atomic.LoadUint32(p)
			if old != uint32(regs[0]) || atomic.CompareAndSwapUint32(p, old, v) {
				break
			}
		}
		regs[0] = uint64(old)
		return
	}
	if s.imm&1 != 0 {
		*src = uint64(old)
	}
}

// Division and modulo follow RFC 9669: x/0 = 0, x%0 = x; off 1 is signed.
func div64(a, b uint64, signed int16) uint64 {
	if b == 0 {
		return 0
	}
	if signed == 1 {
		return uint64(int64(a) / int64(b))
	}
	return a / b
}

func mod64(a, b uint64, signed int16) uint64 {
	if b == 0 {
		return a
	}
	if signed == 1 {
		return uint64(int64(a) % int64(b))
	}
	return a % b
}

func div32(a, b uint64, signed int16) uint64 {
	x, y := uint32(a), uint32(b)
	if y == 0 {
		return 0
	}
	if signed == 1 {
		return uint64(uint32(int32(x) / int32(y)))
	}
	return uint64(x / y)
}

func mod32(a, b uint64, signed int16) uint64 {
	x, y := uint32(a), uint32(b)
	if y == 0 {
		return uint64(x)
	}
	if signed == 1 {
		return uint64(uint32(int32(x) % int32(y)))
	}
	return uint64(x % y)
}

func movsx64(v uint64, off int16) uint64 {
	switch off {
	case 8:
		return uint64(int64(int8(v)))
	case 16:
		return uint64(int64(int16(v)))
	case 32:
		return uint64(int64(int32(v)))
	}
	return v
}

func movsx32(v uint64, off int16) uint64 {
	switch off {
	case 8:
		return uint64(uint32(int32(int8(v))))
	case 16:
		return uint64(uint32(int32(int16(v))))
	}
	return uint64(uint32(v))
}

func truncate(v uint64, width int32) uint64 {
	switch width {
	case 16:
		return uint64(uint16(v))
	case 32:
		return uint64(uint32(v))
	}
	return v
}

func bswap(v uint64, width int32) uint64 {
	switch width {
	case 16:
		return uint64(bits.ReverseBytes16(uint16(v)))
	case 32:
		return uint64(bits.ReverseBytes32(uint32(v)))
	}
	return bits.ReverseBytes64(v)
}
