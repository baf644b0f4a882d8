package exec_test

import (
	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/jit"
)

// engines lists the engines every test runs on.
func engines() []exec.Engine {
	if jit.Supported() {
		return []exec.Engine{exec.Interpreter(), jit.Engine()}
	}
	return []exec.Engine{exec.Interpreter()}
}

func engineName(e exec.Engine) string {
	if e == nil {
		return "interp"
	}
	return e.Name()
}
