// Package exec runs BPF programs: an interpreter for the whole RFC 9669
// instruction set, maps with the kernel's semantics, the helpers of the 2015
// UAPI on user-space models (packet, task, clock, probe memory), and the
// __sk_buff, pt_regs and plain-memory contexts.
//
// Load takes only an *absint.Verified, so verified runs do no checks the
// verifier already proved. LoadChecked runs unverified programs: every memory
// access is checked against memory the run owns, reads of uninitialised
// stack are errors, and an instruction budget stops runaway loops; a fault is
// a *RunError naming the instruction, never a touch of foreign memory.
package exec
