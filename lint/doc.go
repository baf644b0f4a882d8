// Package lint verifies BPF programs from Go code, typically a `go test`
// next to the C sources of a cilium/ebpf project, and returns what it finds
// as values.
//
// Findings and failures are distinct, as in go/analysis: a rejected or
// unsupported program yields a Diagnostic (position, stable code, the
// kernel's message, why and fix from the diagnostic catalogue, and a hint
// naming a later kernel's feature); an input that cannot be read or parsed
// yields an *InputError and no diagnostics. Nothing panics on hostile input.
//
//	report, err := lint.File("bpf/probe.o", lint.Options{Profile: "linux-4.3"})
//	if err != nil { t.Fatal(err) }           // could not analyse
//	for _, d := range report.Diagnostics() { // findings
//		t.Errorf("%s", d)
//	}
//
// With cilium/ebpf, lint.Spec verifies the *ebpf.CollectionSpec a loader
// returns. Codes are documented in docs/diagnostics.md.
package lint
