// Package soundness tests the verifier's central promise: a program that a
// profile accepts never faults when it runs.
//
// Generate builds realistic programs from a seed: stack buffers, map
// lookups with and without NULL checks, context and packet accesses, bounds
// checks with off-by-one mistakes, loops, bpf-to-bpf calls, helper calls,
// spills and fills, ALU and JMP32 chains. A Checker verifies each program in
// every profile of absint and runs every accepted one on the checked
// interpreter and the checked JIT with many random contexts, packets, map
// contents and helper results, then on both engines in verified mode. A
// fault in an accepted program is a soundness bug, and so is any
// disagreement between engines; each comes back as a Finding with a
// minimised reproducer in the verifier log's assembly syntax.
//
// Everything is deterministic in the seed: the same seed gives the same
// programs, inputs and findings.
package soundness
