//go:build !amd64

package jit

import (
	"errors"

	"github.com/bpfcheck/bpfcheck/exec"
)

// Supported reports whether this build can run the JIT: only on amd64.
func Supported() bool { return false }

type engine struct{}

// Engine returns the JIT engine; on this architecture Compile fails.
func Engine() exec.Engine { return engine{} }

func (engine) Name() string { return "jit" }

func (engine) Compile(*exec.Program) (exec.Compiled, error) {
	return nil, errors.New("the JIT needs linux/amd64")
}
