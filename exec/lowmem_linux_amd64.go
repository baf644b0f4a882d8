package exec

import (
	"runtime"
	"syscall"
)

// lowMem maps n bytes below 2 GiB (MAP_32BIT), where a 32-bit context
// field can hold a real address. The mapping is released when the
// returned buffer's holder becomes unreachable.
func lowMem(n int) (*lowBuf, error) {
	m, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE,
		syscall.MAP_PRIVATE|syscall.MAP_ANON|syscall.MAP_32BIT)
	if err != nil {
		return nil, err
	}
	b := &lowBuf{mem: m}
	runtime.SetFinalizer(b, func(b *lowBuf) { syscall.Munmap(b.mem) })
	return b, nil
}
