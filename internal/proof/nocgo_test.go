//go:build !cgo

package proof

import (
	"testing"

	"github.com/bpfcheck/bpfcheck/smt"
)

func TestUnavailableWithoutCgo(t *testing.T) {
	if _, err := New(); err != smt.ErrUnavailable {
		t.Fatalf("New without cgo: %v, want smt.ErrUnavailable", err)
	}
}
