package proof

import (
	"runtime"
	"time"
)

// measure runs f on a locked thread and returns its wall and CPU time.
func measure(f func()) (wall, cpu time.Duration) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	c0, t0 := threadCPU(), time.Now()
	f()
	return time.Since(t0), threadCPU() - c0
}
