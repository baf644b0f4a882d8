package absint

import "github.com/bpfcheck/bpfcheck/internal/verified"

// Verified is a program that a profile of this verifier accepted. Only
// Verify constructs one; it holds its own copy of everything that was
// judged (instructions, maps, program type, license) and the layout of the
// context its program type implies, and it never changes, so code that
// takes a *Verified (the exec and jit engines) may rely on everything the
// profile proved: every reachable instruction is well formed, every memory
// access is in bounds for the pointer it goes through, helpers get the
// argument types they declare, and the program terminates.
type Verified = verified.Program
