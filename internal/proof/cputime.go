package proof

import (
	"runtime"
	"syscall"
	"time"
)

// threadCPU is the CPU time the calling OS thread has used (Linux's
// RUSAGE_THREAD; 0 where it is not available). The solver runs on the
// thread of its cgo call, so the difference around a call is the solver's
// own work, which, unlike the wall time, does not grow with the machine's
// load.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// measure runs f on a locked thread and returns its wall and CPU time.
func measure(f func()) (wall, cpu time.Duration) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	c0, t0 := threadCPU(), time.Now()
	f()
	return time.Since(t0), threadCPU() - c0
}
