package absint

import (
	"github.com/bpfcheck/bpfcheck/absint/scalar"
)

// The precise profile (Profile.Refine): where the modern domain cannot
// prove a bound on a map value or packet pointer, the check is deferred
// to the solver (Options.Discharge) and the walk goes on with what the
// domain can still say: a load gives an unknown value, pointer arithmetic
// whose offset the domain cannot bound gives a pointer of the same type
// with an unknown offset (every access through it is deferred in turn),
// and an access through data_end or a pointer computed from it is an
// access to the packet at an unknown offset. Types, permissions, helper
// arguments and everything else stay the domain's.

// deferCheck records that the check of the current instruction failed in
// the domain with e and is left to the solver.
func (w *mwalker) deferCheck(e *merr) {
	e.ob.Insn = w.at
	if w.deferredErr == nil {
		w.deferredErr = map[int]*merr{}
		w.deferredPath = map[int][]PathStep{}
	}
	if _, ok := w.deferredErr[w.at]; ok {
		return
	}
	w.deferred = append(w.deferred, w.at)
	w.deferredErr[w.at] = e
	path := append([]PathStep(nil), w.trail...)
	if n := len(path); n == 0 || path[n-1].Insn != w.at {
		path = append(path, PathStep{Insn: w.at})
	}
	w.deferredPath[w.at] = path
}

// refinableArith reports pointer arithmetic failures the precise profile
// defers: an offset the domain cannot bound, on a map value or packet
// pointer.
func refinableArith(t mtype, code string) bool {
	return (t == mMapValue || t == mPacket) && (code == "unbounded-pointer-math" || code == "pointer-offset")
}

// unboundedPtr is ptr with an offset the domain knows nothing of: every
// access through it fails the domain's bounds and is deferred.
func (w *mwalker) unboundedPtr(ptr mreg) mreg {
	res := ptr
	res.off = 0
	res.v = scalar.Unknown()
	if res.isPkt() {
		res.id, res.rng = w.newID(), 0
	}
	return res
}

// dischargeDeferred asks the solver about the deferred checks: nil when
// every one is proved, else the rejection at the first it could not
// prove, on the path where an input makes it fault (if it found one).
func (w *mwalker) dischargeDeferred() *Result {
	var d Discharged
	if w.discharge != nil {
		d = w.discharge(w.prog, w.deferred)
	}
	if d.Proved {
		return nil
	}
	e, ok := w.deferredErr[d.Insn]
	if !ok {
		d.Insn = w.deferred[0]
		e = w.deferredErr[d.Insn]
		d.Path = nil
	}
	e.path = w.deferredPath[d.Insn]
	if len(d.Path) > 0 && d.Path[len(d.Path)-1] == d.Insn {
		e.path = make([]PathStep, len(d.Path))
		for i, insn := range d.Path {
			e.path[i] = PathStep{Insn: insn}
		}
	}
	return w.reject(d.Insn, e)
}
