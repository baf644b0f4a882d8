// Package platform holds the facts about the BPF platform that the verifier
// and the runtime share, written once as data: helper ids and names,
// program types and map types with the kernel's enum values, program types'
// ELF section names and context layouts, and helper prototypes per profile.
//
// It imports only the standard library, so that both absint and exec can
// read it without depending on each other. enums_gen.go is generated from a
// kernel's BTF (go run ./internal/platform/gen); everything else is written
// by hand from the kernel's UAPI and checked against the running kernel in
// tests that skip where it is not available.
package platform
