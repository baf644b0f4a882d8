// Package ir is bpfcheck's model of eBPF programs: the instruction set of
// RFC 9669 as it travels on the wire (one Instruction per 8-byte slot, so an
// instruction index is a slot index and a LD_IMM64 takes two), decoding and
// encoding that round-trip byte for byte, the kernel verifier log's text form
// (printing and assembling), and loading of clang-built ELF objects.
//
// Guarantees: decoding never panics on any input; Encode(DecodeSlots(b))
// returns b; instructions the kernel would reject (unknown opcodes, reserved
// fields) decode as they are so that the verifier can reject them itself.
// The package depends only on the standard library and cilium/ebpf (for ELF).
package ir
