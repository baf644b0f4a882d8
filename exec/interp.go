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

// shadowDelta is how far the shadow of written stack bytes lies past
// the stack: init[i] is at &stack[i] + shadowDelta (engine.ShadowOffset,
// which the JIT relies on too).
const shadowDelta = uint64(unsafe.Offsetof(run{}.init) - unsafe.Offsetof(run{}.stack))

func init() {
	if shadowDelta != engine.ShadowOffset {
		panic("exec: the stack's shadow is not at engine.ShadowOffset")
	}
}

func budgetError(pc int, budget uint64) error { return engine.BudgetError(pc, budget) }

// atomicOp is STX|ATOMIC of s.aux bytes at addr (s.imm the operation).
func atomicOp(regs *[16]uint64, s *slot, addr uint64) {
	src := &regs[s.src&15]
	wide := s.aux == 8
	if wide {
		p := (*uint64)(ptr(addr))
		var old uint64
		switch int32(s.imm) &^ 1 {
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
	switch int32(s.imm) &^ 1 {
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
