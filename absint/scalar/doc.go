// Package scalar is the value domain of the modern verifier: what it knows
// about a 64-bit scalar register. A Value pairs a tristate number (Tnum:
// bits known 0, known 1, unknown) with four intervals, the unsigned and the
// signed range of the whole value and of its low 32 bits, as the Linux
// verifier's scalar state does.
//
// Guarantees:
//
//   - Soundness. Every operation (Binary, Neg, MovSX, Zext32, Trunc,
//     SignExtendLoad, Swap, Meet, Join) returns a Value containing every
//     concrete result of the operation on concrete members of its operands,
//     with BPF semantics (division by zero gives 0, modulo by zero leaves
//     the dividend, shift amounts are masked to the width, ALU32 results are
//     zero-extended). Branch's refined operands contain every pair of
//     members that follows the edge, and an edge is called impossible only
//     when no pair follows it. Randomised differential tests against
//     concrete execution check each of these (soundness_test.go).
//   - Consistency. Every returned Value is normalised: its components have
//     been narrowed by what the others imply (tnum <-> ranges, signed <->
//     unsigned, 32 <-> 64 bits), without losing a member.
//   - Precision at least the kernel's where it matters for verdicts:
//     the shapes of TestKernelLogShapes print exactly as the Linux 6.18
//     log prints them. Where Binary is more precise than the kernel (DIV,
//     MOD), KernelTracks says so, so that a profile can match the kernel.
//   - Speed. No operation allocates; Values are small comparable structs.
//
// Tnum multiplication is shift-and-add in the line of Vishwanathan et al.,
// "Sound, Precise, and Fast Abstract Interpretation with Tristate Numbers"
// (CGO 2022); nothing here is copied from the kernel. TestKernelOracle
// compares the states of random programs with the running kernel's log.
package scalar
