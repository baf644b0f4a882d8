// Package diag is bpfcheck's catalogue of diagnostic codes: one documented,
// append-only list (code, title, why, fix, example) from which the command
// line's explanations, the SARIF rules and docs/diagnostics.md are all made.
//
// Guarantees: every code the verifier (absint, cfg) can emit has an entry
// (a test scans their sources); codes are never renamed or removed, so a
// code seen in CI output stays searchable; Explain adds, for a kernel
// profile's rejection of a feature of a later kernel, a hint naming the
// feature and the first release that has it (facts from internal/platform).
package diag
