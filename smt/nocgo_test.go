//go:build !cgo

package smt

import "testing"

func TestUnavailableWithoutCgo(t *testing.T) {
	if _, err := New(); err != ErrUnavailable {
		t.Fatalf("New without cgo: %v, want ErrUnavailable", err)
	}
}
