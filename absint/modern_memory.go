package absint

import (
	"fmt"
	"unsafe"

	"github.com/bpfcheck/bpfcheck/internal/limits"
)

// The memory the modern profiles keep for pruning is bounded
// (Options.MaxStateMemory): the kernel bounds it only by its processed
// instructions, and a million of them over states with full stacks is
// gigabytes (a worst case allocated 2.6 GB). The 2015 profiles need no
// bound: their 32,768 processed instructions keep at most that many
// 1,412-byte states (46 MB).

// stateBytes estimates the memory one stored state holds.
func stateBytes(s *mstate) int64 {
	n := int64(unsafe.Sizeof(mstate{})) + int64(cap(s.refs))*int64(unsafe.Sizeof(mref{})) + int64(cap(s.frames))*8
	for _, f := range s.frames {
		n += int64(unsafe.Sizeof(mframe{})) + int64(cap(f.stack))*int64(unsafe.Sizeof(mslot{}))
	}
	return n
}

// nodeBytes estimates the memory of a stored node besides its state.
func nodeBytes(n *mnode) int64 {
	return int64(unsafe.Sizeof(mnode{})) + 4 + int64(cap(n.read)+cap(n.segWritten))*8
}

// stateMemoryLimit resolves Options.MaxStateMemory.
func stateMemoryLimit(opt int64) int64 {
	switch {
	case opt == 0:
		return limits.DefaultMaxStateMemory
	case opt < 0:
		return 0
	}
	return opt
}

// noteStored counts a new node (and its state) and checks the bound.
func (w *mwalker) noteStored(n *mnode) *merr {
	w.stateMem += nodeBytes(n)
	if n.st != nil {
		w.stateMem += stateBytes(n.st)
	}
	w.peakStateMem = max(w.peakStateMem, w.stateMem)
	if w.lim.stateMemory > 0 && w.stateMem > w.lim.stateMemory {
		return &merr{code: "state-limit", unsupported: true,
			msg: fmt.Sprintf("verification stopped at the stored-state memory limit of %s (%d states stored) after %d processed insns",
				limits.FormatSize(w.lim.stateMemory), len(w.nodes), w.processed),
			ob: Obligation{Kind: ObLimit, Reg: -1, Limit: w.lim.stateMemory}}
	}
	return nil
}

// forgetStored uncounts a stored state that is dropped.
func (w *mwalker) forgetStored(s *mstate) { w.stateMem -= stateBytes(s) }
