// Package exec runs BPF programs: an interpreter for the whole RFC 9669
// instruction set, maps with the kernel's semantics, the helpers of the 2015
// UAPI and the common later ones on user-space models (packet, task, clock,
// probe memory), and the __sk_buff (2015 and Linux 6.18 layouts, with real
// packet pointers), xdp_md, pt_regs and plain-memory contexts.
//
// Load takes only a verified program (an *absint.Verified, which holds its
// own copy of what was judged), runs it exactly as it was verified, without
// the checks the verifier proved, and only on a context of the layout its
// program type implies: Run on any other context is an error and nothing
// runs. LoadChecked runs unverified programs: every memory access is checked
// against memory the run owns, reads of uninitialised stack are errors, and
// a budget of jumps stops runaway loops; a fault is a *RunError naming the
// instruction, never a touch of foreign memory.
//
// Engines (Interpreter, jit.Engine) implement an internal contract, so the
// public API is only loading, running, contexts and maps. A Program may run
// from many goroutines at once.
package exec
