package lint_test

import (
	"errors"
	"fmt"

	"github.com/cilium/ebpf"

	"github.com/bpfcheck/bpfcheck/ir"
	"github.com/bpfcheck/bpfcheck/lint"
)

// In a go test beside your BPF C sources, verify the object bpf2go or your
// Makefile built, and fail on every finding. Here the input is assembly
// text, which needs its maps spelled out; an ELF object brings its own.
func ExampleFile() {
	rep, err := lint.File("testdata/lookup.s", lint.Options{
		Profile: "linux-4.3",
		Maps:    []ir.MapSpec{{Name: "m", Type: ir.MapTypeHash, KeySize: 8, ValueSize: 8, MaxEntries: 16}},
	})
	if err != nil {
		fmt.Println("could not analyse:", err) // t.Fatal(err) in a test
		return
	}
	for _, d := range rep.Diagnostics() {
		fmt.Println(d) // t.Errorf("%s", d) in a test
		fmt.Println("fix:", d.Fix)
	}
	// Output:
	// testdata/lookup.s:7: error: R0 invalid mem access 'map_value_or_null' [invalid-mem-access]
	// fix: check the result of bpf_map_lookup_elem against NULL before dereferencing it
}

// Inputs that cannot be analysed are errors, never diagnostics.
func ExampleInputError() {
	_, err := lint.File("testdata/missing.o", lint.Options{})
	var ie *lint.InputError
	if errors.As(err, &ie) {
		fmt.Println(ie.Code)
	}
	// Output: unreadable-input
}

// A cilium/ebpf project verifies the CollectionSpec its loader returns
// (bpf2go's loadXxx(), or ebpf.LoadCollectionSpec on the object).
func ExampleSpec() {
	spec, err := ebpf.LoadCollectionSpec("bpf/probe_bpfel.o")
	if err != nil {
		return // t.Fatal(err) in a test
	}
	rep, err := lint.Spec("probe_bpfel.o", spec, lint.Options{Profile: "linux-6.18"})
	if err != nil {
		return // t.Fatal(err): could not analyse
	}
	for _, d := range rep.Diagnostics() {
		fmt.Printf("%s\n\twhy: %s\n\tfix: %s\n", d, d.Why, d.Fix) // t.Errorf in a test
	}
}
