//go:build !amd64

package jit

import (
	"errors"

	"github.com/bpfcheck/bpfcheck/internal/engine"
)

// Supported reports whether this build can run the JIT: only on amd64.
func Supported() bool { return false }

type jitEngine struct{}

// Engine returns the JIT engine; on this architecture Compile fails.
func Engine() engine.Engine { return jitEngine{} }

func (jitEngine) Name() string { return "jit" }

func (jitEngine) Compile(*engine.Program) (engine.Compiled, error) {
	return nil, errors.New("the JIT needs linux/amd64")
}
