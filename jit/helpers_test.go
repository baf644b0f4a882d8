//go:build amd64

package jit

import (
	"fmt"
	"unsafe"
)

func uintptrOf(b []byte) uintptr { return uintptr(unsafe.Pointer(&b[0])) }

func fmtSscanRange(s string, lo, hi *uintptr) (int, error) {
	return fmt.Sscanf(s, "%x-%x", lo, hi)
}
