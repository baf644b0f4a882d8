//go:build linux

package proof

import (
	"syscall"
	"time"
)

// threadCPU is the CPU time the calling OS thread has used (Linux's
// RUSAGE_THREAD). The solver runs on the thread of its cgo call, so the
// difference around a call is the solver's own work, which, unlike the
// wall time, does not grow with the machine's load.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
