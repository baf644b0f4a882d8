//go:build !linux

package proof

import "time"

// threadCPU is 0: the per-thread CPU time is read on Linux only.
func threadCPU() time.Duration { return 0 }
