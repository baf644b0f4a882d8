// Package corpus holds bpfcheck's own programs with their expected
// verdicts, errnos, messages and verifier logs under the kernel profiles.
// The tests in this package run every case through the verifier; see
// docs/corpus.md for the format.
package corpus
