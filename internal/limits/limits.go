// Package limits holds the bounds that keep bpfcheck's work on hostile
// input finite, and the input reader that enforces the file size bound.
//
// Every limit ends in its own clear error, never in a hang or an
// out-of-memory death: the verifier's limits (processed instructions,
// stored states, time per program) are the profiles' and absint's; this
// package bounds what is read before any of them applies.
package limits

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// DefaultMaxInputSize is the largest input file read by default: 64 MiB,
// sixteen times the largest real-world BPF object we know (a 4 MiB probe
// with BTF). A raw program of 64 MiB would be eight million instructions,
// eight times the largest program any kernel loads.
const DefaultMaxInputSize = 64 << 20

// DefaultMaxStateMemory bounds the memory the modern profiles (linux-6.18,
// precise) keep in stored states for one program
// (absint.Options.MaxStateMemory): 512 MiB, far above what the largest
// real-world programs need, so that a worst case ends with a message
// (code state-limit) rather than in an out-of-memory death.
const DefaultMaxStateMemory = 512 << 20

// DefaultTimeout is the CLI's time limit per program (--timeout):
// verification of real-world programs takes milliseconds, the worst cases
// of the modern profiles about a minute on an idle machine.
const DefaultTimeout = 60 * time.Second

// TooLargeError is an input over the size limit.
type TooLargeError struct {
	Path  string
	Size  int64 // the file's size, or -1 when it is a stream (more than Limit bytes)
	Limit int64
}

func (e *TooLargeError) Error() string {
	size := fmt.Sprintf("%d bytes", e.Size)
	if e.Size < 0 {
		size = "more than " + FormatSize(e.Limit)
	}
	return fmt.Sprintf("%s: input is %s, over the input size limit of %s (raise it with --max-input-size)", e.Path, size, FormatSize(e.Limit))
}

// ReadFile reads a whole input file, refusing one larger than max bytes
// (max <= 0: DefaultMaxInputSize) before reading it. Streams (pipes,
// devices) are read up to max+1 bytes.
func ReadFile(path string, max int64) ([]byte, error) {
	if max <= 0 {
		max = DefaultMaxInputSize
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s: is a directory", path)
	}
	if st.Mode().IsRegular() && st.Size() > max {
		return nil, &TooLargeError{Path: path, Size: st.Size(), Limit: max}
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, &TooLargeError{Path: path, Size: -1, Limit: max}
	}
	return data, nil
}

// ParseSize parses a size in bytes with an optional K, M or G suffix
// (powers of 1024): "64M", "1G", "4096".
func ParseSize(s string) (int64, error) {
	mult := int64(1)
	t := strings.ToUpper(strings.TrimSuffix(strings.TrimSuffix(s, "iB"), "B"))
	switch {
	case strings.HasSuffix(t, "K"):
		mult, t = 1<<10, t[:len(t)-1]
	case strings.HasSuffix(t, "M"):
		mult, t = 1<<20, t[:len(t)-1]
	case strings.HasSuffix(t, "G"):
		mult, t = 1<<30, t[:len(t)-1]
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return 0, errors.New("size must be a positive number of bytes, with an optional K, M or G suffix")
	}
	return n * mult, nil
}

// FormatSize prints a size the way ParseSize reads it, in the largest unit
// that divides it.
func FormatSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%dG", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%dM", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%dK", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
