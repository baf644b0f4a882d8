package proof

import "github.com/bpfcheck/bpfcheck/absint"

// stricterRules says, per rejection code, what the kernel demands beyond
// memory safety when no input makes the rejected instruction fault.
var stricterRules = map[string]string{
	"invalid-mem-access":   "the kernel dereferences only registers whose pointer type it tracks; this one's type was lost (a scalar, pointer arithmetic the kernel does not follow, or a stack pointer other than r10) although the access stays in memory the program owns",
	"misaligned-access":    "the kernel requires every access to be aligned to its size; the access is in bounds",
	"invalid-ctx-access":   "the kernel allows only the context fields of the program type with their exact sizes; the access stays inside the context buffer",
	"uninit-register":      "the kernel rejects reading a register no instruction on the path wrote; the interpreter reads a stale value instead of faulting",
	"helper-arg-type":      "the kernel requires each helper argument to have the type of the helper's prototype",
	"helper-stack-uninit":  "the kernel requires helper buffers on the stack to be initialised",
	"invalid-stack-read":   "the kernel requires stack bytes to be written before they are read",
	"invalid-spill-size":   "the kernel spills pointers only as whole 8-byte slots",
	"corrupted-spill":      "the kernel rejects reading a partly overwritten spilled pointer",
	"ctx-pointer-mix":      "the kernel rewrites context accesses, so one instruction may not serve the context and another pointer",
	"frame-pointer-write":  "the kernel keeps r10 read-only",
	"map-value-bounds":     "the kernel bounds map value accesses by the value size",
	"stack-bounds":         "the kernel bounds stack accesses to the 512-byte frame",
	"helper-stack-range":   "the kernel bounds helper buffers to the frame",
	"helper-arg-not-stack": "the kernel requires helper buffers to be on the stack",
}

// rule names the kernel rule behind a rejection; memFault says a memory
// fault exists that the replay did not reproduce.
func rule(d *absint.Diagnostic, memFault bool) string {
	if memFault {
		return "a memory fault exists on the path, but the replay did not reproduce it (" + d.Code + ")"
	}
	if r, ok := stricterRules[d.Code]; ok {
		return r + " (" + d.Code + ": " + d.Message + ")"
	}
	return "the kernel's rule " + d.Code + " (" + d.Message + ")"
}
