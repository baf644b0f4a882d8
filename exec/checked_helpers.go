package exec

import "fmt"

// checkHelperRead is, in checked mode, the check that a map helper reads
// only initialised stack bytes (its key or value buffer).
func (r *run) checkHelperRead(pc int, addr uint64, n int) error {
	if !r.prog.checked {
		return nil
	}
	if off, ok := inside(r.stack[:], addr, n); ok {
		for i := 0; i < n; i++ {
			if !r.init[off+i] {
				return &RunError{PC: pc, Msg: fmt.Sprintf("helper reads uninitialised stack at fp%d", off+i-len(r.stack))}
			}
		}
	}
	return nil
}
