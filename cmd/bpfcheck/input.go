package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/bpfcheck/bpfcheck/internal/limits"
	"github.com/bpfcheck/bpfcheck/ir"
	"github.com/bpfcheck/bpfcheck/ir/object"
	"github.com/bpfcheck/bpfcheck/lint"
)

// inputFlags are the flags every command that reads programs shares.
type inputFlags struct {
	maps    []ir.MapSpec
	typ     string
	license string
	// licenseSet records an explicit --license, which may be empty: the
	// kernel treats an empty license as not GPL-compatible.
	licenseSet bool
	section    string
	btf        string
	kconfig    string

	once    sync.Once
	loader  *object.Loader
	err     error
	maxSize int64 // input file size limit (--max-input-size)
}

func (f *inputFlags) register(fs *flag.FlagSet) {
	fs.Func("map", "a map for raw and text input, `TYPE:KEY:VALUE:ENTRIES` (repeatable; the i-th is map fd i)", func(s string) error {
		m, err := ir.ParseMapFlag(s)
		if err != nil {
			return err
		}
		f.maps = append(f.maps, m)
		return nil
	})
	fs.StringVar(&f.typ, "type", "", "program type, any bpf_prog_type name: socket_filter, kprobe, sched_cls, xdp, tracing, ... (default: from the ELF section, socket_filter for raw and text)")
	fs.Func("license", "license `NAME` (default: the ELF license section, GPL for raw and text; '' is not GPL-compatible)", func(s string) error {
		f.license, f.licenseSet = s, true
		return nil
	})
	fs.StringVar(&f.section, "section", "", "ELF only: the section whose programs to read")
	fs.StringVar(&f.btf, "btf", "", "kernel BTF `FILE` for CO-RE relocations, kfuncs and attach targets (default: "+object.DefaultBTF+" where it exists, else each object's own BTF)")
	fs.StringVar(&f.kconfig, "kconfig", "", "kernel config `FILE` for .kconfig externs (default: /proc/config.gz or /boot/config-$(uname -r))")
	registerMaxSize(fs, &f.maxSize)
}

// objectLoader returns the command's ELF loader, made once so that the
// target BTF and the kernel config are read once.
func (f *inputFlags) objectLoader() (*object.Loader, error) {
	f.once.Do(func() {
		opts := object.Options{LoadOptions: ir.LoadOptions{Maps: f.maps, License: f.license, Section: f.section}, BTFPath: f.btf,
			Note: func(msg string) { fmt.Fprintln(os.Stderr, "bpfcheck: note: "+msg) }}
		if f.typ != "" {
			opts.Type, f.err = ir.ParseProgType(f.typ)
		}
		if f.kconfig != "" && f.err == nil {
			var b []byte
			if b, f.err = os.ReadFile(f.kconfig); f.err == nil {
				opts.Kconfig = object.ParseKconfig(string(b))
			}
		}
		f.loader = object.NewLoader(opts)
	})
	return f.loader, f.err
}

// registerMaxSize adds --max-input-size.
func registerMaxSize(fs *flag.FlagSet, max *int64) {
	*max = limits.DefaultMaxInputSize
	fs.Func("max-input-size", "refuse input files larger than `SIZE` bytes (K, M, G suffixes; default "+limits.FormatSize(limits.DefaultMaxInputSize)+")", func(s string) error {
		n, err := limits.ParseSize(s)
		*max = n
		return err
	})
}

// load reads every program of one input file.
func (f *inputFlags) load(path string) ([]*ir.Program, error) {
	ld, err := f.objectLoader()
	if err != nil {
		return nil, err
	}
	data, err := limits.ReadFile(path, f.maxSize)
	if err != nil {
		return nil, err
	}
	progs, err := ld.Load(path, data)
	if err == nil && f.licenseSet {
		for _, p := range progs {
			p.License = f.license
		}
	}
	return progs, err
}

// lintOptions are the flags as the lint package takes them.
func (f *inputFlags) lintOptions() lint.Options {
	o := lint.Options{Type: f.typ, Section: f.section, Maps: f.maps, MaxInputSize: f.maxSize}
	if f.licenseSet {
		l := f.license
		o.License = &l
	}
	o.Loader, _ = f.objectLoader()
	return o
}

// parseInterspersed parses flags that may stand before or after the file
// names and returns the file names.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return files, nil
		}
		if args[0] == "--" {
			return append(files, args[1:]...), nil
		}
		files = append(files, args[0])
		args = args[1:]
	}
}

// newFlagSet returns a flag set that reports errors instead of exiting.
func newFlagSet(name string, s streams) *flag.FlagSet {
	fs := flag.NewFlagSet("bpfcheck "+name, flag.ContinueOnError)
	fs.SetOutput(s.err)
	fs.Usage = func() {
		synopsis := "bpfcheck " + name + " [flags] FILE..."
		if c, ok := commands[name]; ok && c.usage != "" {
			synopsis = c.usage
		}
		fmt.Fprintf(fs.Output(), "usage: %s\n", synopsis)
		if c, ok := commands[name]; ok {
			fmt.Fprintf(fs.Output(), "%s. Flags may come before or after the files.\n", upperFirst(c.summary))
		}
		fs.PrintDefaults()
	}
	return fs
}

// failf prints an error for an input that cannot be read and returns exitUsage.
func failf(s streams, format string, args ...any) int {
	msg := fmt.Sprintf(format, args...)
	fmt.Fprintln(s.err, "bpfcheck: "+strings.TrimSuffix(msg, "\n"))
	return exitUsage
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
