package lint

import (
	"github.com/cilium/ebpf"

	"github.com/bpfcheck/bpfcheck/ir"
)

// Spec verifies every program of a cilium/ebpf CollectionSpec, as
// ebpf.LoadCollectionSpec or a bpf2go-generated loadXxx() returns it; name
// labels it in positions (the object's file name reads best). Programs come
// in section then name order with their linked subprograms, CO-RE
// relocated against the loader's target BTF (ir/object.FromCollectionSpec).
// Options.Type and License override as for File; Maps and Section are not
// used.
func Spec(name string, spec *ebpf.CollectionSpec, opts Options) (*Report, error) {
	var lo ir.LoadOptions
	if opts.Type != "" {
		t, err := ir.ParseProgType(opts.Type)
		if err != nil {
			return nil, err
		}
		lo.Type = t
	}
	if opts.License != nil && *opts.License != "" {
		lo.License = *opts.License
	}
	ld := opts.Loader
	if ld == nil {
		ld = defaultLoader
	}
	progs, err := ld.WithOptions(lo).FromCollectionSpec(spec)
	if err != nil {
		return nil, inputError(name, err)
	}
	if opts.License != nil {
		for _, p := range progs {
			p.License = *opts.License
		}
	}
	return programs(name, progs, opts, nil)
}
