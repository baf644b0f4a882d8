// Package object loads BPF programs from their inputs: ELF objects as
// clang, libbpf, iproute2 and samples/bpf toolchains made them, raw
// bytecode and text assembly (the last two through package ir).
//
// Guarantees: each object is parsed once, from its own unpatched bytes
// (debug/elf for sections, symbols and relocations; cilium/ebpf's btf
// package for BTF, .BTF.ext and CO-RE);
// the same bytes give the same programs, in the same order, with the same
// errors, on every run; a malformed object gives one error that says what
// is wrong and where, never a panic.
package object
