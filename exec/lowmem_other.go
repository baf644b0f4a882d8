//go:build !(linux && amd64)

package exec

import "errors"

// lowMem is unavailable here: packet pointers need memory a 32-bit
// context field can address, which only linux/amd64 maps (MAP_32BIT).
func lowMem(n int) (*lowBuf, error) {
	return nil, errors.New("exec: packet pointers need memory below 4 GiB, which this platform cannot map")
}
