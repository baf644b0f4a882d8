package absint

import (
	"fmt"

	"github.com/bpfcheck/bpfcheck/absint/scalar"
)

// stackAccess checks and performs an access through a stack pointer.
func (w *mwalker) stackAccess(base *mreg, a access, ob *Obligation) (mreg, *merr) {
	off := int64(a.off) + int64(base.off)
	dir := " read from"
	if a.write {
		dir = " write to"
	}
	c, known := base.v.Const()
	// Stack accesses are always checked for alignment.
	if t := base.v.T; (t.Value+uint64(off))%uint64(a.size) != 0 || t.Mask&uint64(a.size-1) != 0 {
		return mreg{}, mfail("misaligned-access/stack", *ob, tnumString(base.v), base.off, a.off, a.size)
	}
	var lo, hi int64 // [lo, hi) may be touched
	if known {
		lo = int64(c) + off
		hi = lo + int64(a.size)
	} else {
		if base.v.SMax >= w.lim.maxVarOff || base.v.SMin <= -w.lim.maxVarOff {
			return mreg{}, mfail("unbounded-stack/access", *ob, dir, a.regno)
		}
		lo = base.v.SMin + off
		hi = base.v.SMax + off + int64(a.size)
	}
	ob.Off, ob.MaxOff, ob.Limit = lo, hi-int64(a.size), -int64(w.lim.stackSize)
	if e := w.stackBounds(base, a.regno, lo, hi, off, int64(a.size), dir, known, ob); e != nil {
		return mreg{}, e
	}
	fi := int(base.frame)
	f := w.cur.frames[fi]
	if d := int(-lo); d > w.stackDepth[f.entry] {
		w.stackDepth[f.entry] = d
	}
	if e := iterTouched(f, base, a.regno, lo, hi, known, a.size, a.write, "", ob); e != nil {
		return mreg{}, e
	}
	if known {
		w.noteStack(fi, int((-lo-1)/8))
	}
	if !a.write {
		w.markRead(fi, slotsOf(lo, hi))
	} else if known && a.size == 8 {
		f.written |= 1 << ((-lo - 1) / 8)
	}
	if a.write {
		if known {
			return mreg{}, w.stackWriteFixed(fi, int(lo), a)
		}
		w.stackWriteVar(f, int(lo), int(hi), a)
		return mreg{}, nil
	}
	if known {
		return w.stackReadFixed(f, int(lo), a)
	}
	return stackReadRange(f, int(lo), int(hi), a.size, a.sx), nil
}

// stackBounds is check_stack_access_within_bounds for [lo, hi).
func (w *mwalker) stackBounds(base *mreg, regno int, lo, hi, off, size int64, dir string, known bool, ob *Obligation) *merr {
	errno := ""
	switch {
	case lo < -int64(w.lim.stackSize) || lo > -1:
		errno = "EACCES"
	case hi > 0:
		errno = "EINVAL"
	default:
		return nil
	}
	if known {
		return withErrno(errno, mfail("stack-bounds/fixed", *ob, dir, regno, lo, size))
	}
	return withErrno(errno, mfail("stack-bounds/var", *ob, dir, regno, tnumString(base.v), off, size))
}

// isZero reports whether r is the scalar 0.
func isZero(r *mreg) bool {
	if r == nil || r.t != mScalar {
		return false
	}
	c, ok := r.v.Const()
	return ok && c == 0
}

// scrub turns a slot that held a spilled register into plain data.
func scrub(s *mslot) {
	if s.kind[0] != sSpill {
		return
	}
	for j := range s.kind {
		if s.kind[j] != sInvalid {
			s.kind[j] = sMisc
		}
	}
	s.spill = mreg{}
}

// stackWriteFixed is check_stack_write_fixed_off: an 8-byte store of a
// register, or a narrower store of a scalar at a slot's start, spills it;
// any other store writes data (zero when the value is zero).
func (w *mwalker) stackWriteFixed(fi, off int, a access) *merr {
	f := w.cur.frames[fi]
	i := (-off - 1) / 8
	s := f.slot(i)
	j := off + 8*(i+1) // first byte within the slot
	aligned := j == 0
	spill := func(r mreg) {
		scrub(s)
		for k := range 8 {
			switch {
			case k < a.size:
				s.kind[k] = sSpill
			case s.kind[k] == sZero || s.kind[k] == sInvalid:
			default:
				s.kind[k] = sMisc
			}
		}
		s.spill = r
	}
	switch {
	case a.val != nil && aligned && a.val.t == mScalar:
		r := *a.val
		if a.size < 8 {
			if c, ok := r.v.Const(); !ok || c>>(8*a.size) != 0 {
				if ok || r.v.UMax>>(8*a.size) != 0 {
					r.id = 0
				}
			}
			r.v = truncate(r.v, a.size, false)
		}
		spill(r)
	case a.val == nil && aligned && a.stImm != nil && *a.stImm != 0:
		v := uint64(int64(*a.stImm))
		spill(scalarReg(truncate(scalar.Const(v), a.size, false)))
	case a.val != nil && a.val.isPtr():
		if a.size != 8 {
			return mfail("invalid-spill-size", Obligation{Kind: ObAccess, Reg: a.regno, Region: RegionStack, Write: true})
		}
		if fi != len(w.cur.frames)-1 && a.val.t == mStack {
			return mfail("caller-stack-spill", Obligation{Kind: ObAccess, Reg: a.regno, Region: RegionStack, Write: true})
		}
		spill(*a.val)
	default:
		kind := sMisc
		if isZero(a.val) || (a.val == nil && a.stImm != nil && *a.stImm == 0) {
			kind = sZero
		}
		scrub(s)
		for k := j; k < j+a.size; k++ {
			s.kind[k] = kind
		}
	}
	return nil
}

// stackWriteVar is check_stack_write_var_off: every byte in [lo, hi) may be
// written, so spilled registers there are lost and the bytes become data.
func (w *mwalker) stackWriteVar(f *mframe, lo, hi int, a access) {
	zero := isZero(a.val) || (a.val == nil && a.stImm != nil && *a.stImm == 0)
	for o := lo; o < hi; o++ {
		i := (-o - 1) / 8
		s := f.slot(i)
		j := o + 8*(i+1)
		if zero && s.kind[j] == sSpill && isZero(&s.spill) {
			continue
		}
		scrub(s)
		if zero && s.kind[j] == sZero {
			continue
		}
		s.kind[j] = sMisc
	}
}

// stackReadFixed is check_stack_read_fixed_off.
func (w *mwalker) stackReadFixed(f *mframe, off int, a access) (mreg, *merr) {
	i := (-off - 1) / 8
	if i >= len(f.stack) {
		return unknownOfSize(a.size, a.sx), nil
	}
	s := &f.stack[i]
	j := off + 8*(i+1)
	if s.kind[0] == sSpill {
		spillSize := 0
		for spillSize < 8 && s.kind[spillSize] == sSpill {
			spillSize++
		}
		if a.size == 8 && spillSize == 8 {
			return s.spill, nil
		}
		if s.spill.t != mScalar {
			return mreg{}, mfail("invalid-fill-size", Obligation{Kind: ObAccess, Reg: a.regno, Region: RegionStack, Off: int64(off), Size: a.size})
		}
		if j == 0 && a.size <= spillSize {
			r := s.spill
			if a.size < 8 {
				if r.v.UMax>>(8*a.size) != 0 {
					r.id = 0
				}
				r.v = truncate(r.v, a.size, a.sx)
			}
			return r, nil
		}
		spills, zeros := 0, 0
		for k := j; k < j+a.size; k++ {
			switch s.kind[k] {
			case sSpill:
				spills++
			case sZero:
				zeros++
			}
		}
		if (spills == a.size && isZero(&s.spill)) || zeros == a.size {
			return constReg(0), nil
		}
		return unknownOfSize(a.size, a.sx), nil
	}
	return stackReadRange(f, off, off+a.size, a.size, a.sx), nil
}

// stackReadRange reads data from [lo, hi): zero when every byte is known
// zero, else a number of the load's size.
func stackReadRange(f *mframe, lo, hi, size int, sx bool) mreg {
	for o := lo; o < hi; o++ {
		k := f.stackByte(o)
		if k == sSpill {
			i := (-o - 1) / 8
			if isZero(&f.stack[i].spill) {
				continue
			}
		}
		if k != sZero {
			return unknownOfSize(size, sx)
		}
	}
	return constReg(0)
}

// stackHelperAccess checks that a helper may read (or write) size bytes
// of the stack through base (check_stack_range_initialized): privileged
// programs may pass never-written bytes, so only the bounds matter; a
// write turns the bytes into data.
func (w *mwalker) stackHelperAccess(base *mreg, regno int, size int64, write bool, ob *Obligation) *merr {
	c, known := base.v.Const()
	off := int64(base.off)
	var lo, hi int64
	if known {
		lo = int64(c) + off
		hi = lo + size
	} else {
		if base.v.SMax >= w.lim.maxVarOff || base.v.SMin <= -w.lim.maxVarOff {
			return mfail("unbounded-stack/helper", *ob, regno)
		}
		lo = base.v.SMin + off
		hi = base.v.SMax + off + size
	}
	ob.Region, ob.Off, ob.MaxOff, ob.Size, ob.Limit, ob.Write = RegionStack, lo, hi-size, int(size), -int64(w.lim.stackSize), write
	dir := " read from"
	if write {
		dir = " write to"
	}
	if e := w.stackBounds(base, regno, lo, hi, off, size, dir, known, ob); e != nil {
		return e
	}
	f := w.cur.frames[base.frame]
	if d := int(-lo); d > w.stackDepth[f.entry] {
		w.stackDepth[f.entry] = d
	}
	if e := iterTouched(f, base, regno, lo, hi, known, int(size), write, " indirect", ob); e != nil {
		return e
	}
	if size > 0 {
		// A helper's write may be partial: it counts as a read here.
		w.markRead(int(base.frame), slotsOf(lo, hi))
	}
	if write {
		for o := lo; o < hi; o++ {
			i := (-int(o) - 1) / 8
			s := f.slot(i)
			scrub(s)
			s.kind[int(o)+8*(i+1)] = sMisc
		}
	}
	return nil
}

// iterTouched refuses a read of bytes [lo, hi) of frame f that hold an
// iterator's state, with the kernel's messages for a byte that is not
// data; a write destroys the iterator.
func iterTouched(f *mframe, base *mreg, regno int, lo, hi int64, known bool, size int, write bool, extra string, ob *Obligation) *merr {
	for o := lo; o < hi; o++ {
		if f.stackByte(int(o)) != sIter {
			continue
		}
		switch {
		case write:
			// A store over an iterator makes its slot data: the iterator
			// is gone (its reference is not released, so it leaks).
			sl := &f.stack[(-o-1)/8]
			sl.kind, sl.spill = [8]uint8{sMisc, sMisc, sMisc, sMisc, sMisc, sMisc, sMisc, sMisc}, mreg{}
			continue
		case known && extra == "":
			return mfail("invalid-stack-read/plain", *ob, lo, o-lo, size)
		case known:
			return mfail("invalid-stack-read/reg", *ob, extra, regno, lo, o-lo, size)
		}
		return mfail("invalid-stack-read/var", *ob, extra, regno, base.v.T.Value, base.v.T.Mask, o-lo, size)
	}
	return nil
}

var _ = fmt.Sprint
