package object

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/cilium/ebpf/btf"

	"github.com/bpfcheck/bpfcheck/internal/platform"
	"github.com/bpfcheck/bpfcheck/ir"
)

// Options say how to load inputs. The embedded ir.LoadOptions apply as for
// ir.Load (maps of raw and text input, --type, --license, --section).
type Options struct {
	ir.LoadOptions
	// BTFPath is the kernel BTF to relocate CO-RE programs against and to
	// find kfuncs and attach targets in; "" means /sys/kernel/btf/vmlinux
	// where it exists, else each object's own BTF.
	BTFPath string
	// Kconfig holds CONFIG_ values for .kconfig externs ("y", "m", "n", a
	// number or a string); nil means the running kernel's configuration
	// (/proc/config.gz or /boot/config-$(uname -r)) where one exists.
	Kconfig map[string]string
	// Note receives notes about the run that are no error (at most once
	// each), e.g. that no kernel BTF was found; nil discards them.
	Note func(string)
}

// DefaultBTF is the running kernel's BTF, the default target.
const DefaultBTF = "/sys/kernel/btf/vmlinux"

// Loader loads inputs with one set of options. It reads the target BTF and
// the kernel configuration at most once and is safe for concurrent use.
type Loader struct {
	opts Options
	*shared
}

// shared is what loaders made by WithOptions share.
type shared struct {
	btfOnce sync.Once
	target  *btf.Spec
	btfErr  error
	noted   sync.Once

	kcOnce  sync.Once
	kconfig map[string]string
}

// NewLoader returns a loader for opts.
func NewLoader(opts Options) *Loader { return &Loader{opts: opts, shared: &shared{}} }

// WithOptions returns a loader with other load options (maps, type,
// license, section) that shares l's target BTF, kernel config and notes.
func (l *Loader) WithOptions(lo ir.LoadOptions) *Loader {
	opts := l.opts
	opts.LoadOptions = lo
	return &Loader{opts: opts, shared: l.shared}
}

// Load reads every program of one input: an ELF object, raw bytecode or
// text assembly, recognised by content (ir.DetectFormat). name labels the
// input in errors and names raw and text programs.
func Load(name string, data []byte, opts Options) ([]*ir.Program, error) {
	return NewLoader(opts).Load(name, data)
}

// Load reads every program of one input (see the package Load).
func (l *Loader) Load(name string, data []byte) ([]*ir.Program, error) {
	if ir.DetectFormat(data) != ir.FormatELF {
		return ir.Load(name, data, l.opts.LoadOptions)
	}
	progs, err := l.loadELF(name, data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return progs, nil
}

// targetBTF returns the kernel BTF programs are relocated against, or nil
// when there is none (then each object's own BTF is used).
func (l *Loader) targetBTF() (*btf.Spec, error) {
	l.btfOnce.Do(func() {
		path := l.opts.BTFPath
		if path == "" {
			if _, err := os.Stat(DefaultBTF); err != nil {
				return
			}
			path = DefaultBTF
		}
		l.target, l.btfErr = btf.LoadSpec(path)
		if l.btfErr != nil {
			l.btfErr = fmt.Errorf("--btf %s: %w", path, l.btfErr)
		}
	})
	return l.target, l.btfErr
}

func (l *Loader) note(msg string) {
	if l.opts.Note != nil {
		l.noted.Do(func() { l.opts.Note(msg) })
	}
}

func (l *Loader) kconfigValues() map[string]string {
	l.kcOnce.Do(func() {
		if l.opts.Kconfig != nil {
			l.kconfig = l.opts.Kconfig
			return
		}
		l.kconfig = runningKconfig()
	})
	return l.kconfig
}

// runningKconfig reads the running kernel's configuration, nil when it
// is not available.
func runningKconfig() map[string]string {
	if fh, err := os.Open("/proc/config.gz"); err == nil {
		defer fh.Close()
		if zr, err := gzip.NewReader(fh); err == nil {
			if b, err := io.ReadAll(zr); err == nil {
				return ParseKconfig(string(b))
			}
		}
	}
	if rel, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		if b, err := os.ReadFile("/boot/config-" + strings.TrimSpace(string(rel))); err == nil {
			return ParseKconfig(string(b))
		}
	}
	return nil
}

// loadELF reads a clang -target bpf object. Programs come in object order
// (section index, then offset): every function of a program section, and
// every global function of .text; each is linked with the subprograms it
// reaches. All programs share the object's maps.
func (l *Loader) loadELF(name string, data []byte) (progs []*ir.Program, err error) {
	defer func() {
		// The last resort: a panic (in cilium/ebpf's BTF parser, which is
		// not written for hostile input, or a bug here) becomes an error
		// about this file, never a crash. The fuzz target fails on it.
		if r := recover(); r != nil {
			progs, err = nil, fmt.Errorf("corrupt ELF object (internal error: %v)", r)
		}
	}()
	f, err := parse(name, data)
	if err != nil {
		return nil, err
	}
	if err := f.loadMaps(); err != nil {
		return nil, err
	}
	if err := f.loadExterns(l.kconfigValues); err != nil {
		return nil, err
	}
	attach := f.structOpsTargets()
	var target *btf.Spec
	needTarget := false
	var roots []*function
	for _, s := range f.secs {
		if !s.exec || (l.opts.Section != "" && s.name != l.opts.Section) {
			continue
		}
		for _, fn := range s.funcs {
			if s.name == ".text" && !fn.global {
				continue
			}
			roots = append(roots, fn)
		}
	}
	if len(roots) == 0 && l.opts.Section != "" {
		return nil, fmt.Errorf("no program in section %q", l.opts.Section)
	}
	for _, root := range roots {
		p, lk, err := f.linkProgram(root)
		if err != nil {
			return nil, fmt.Errorf("program %s: %w", root.name, err)
		}
		st, known := platform.SectionProgType(root.sec.name)
		if known {
			p.Type, p.AttachType, p.HasAttachType, p.AttachTo, p.Sleepable = st.Prog, st.Attach, st.HasAttach, st.Target, st.Sleepable
		}
		if to, ok := attach[root]; ok {
			p.AttachTo = to
		}
		if l.opts.Type != ir.ProgTypeUnspec {
			p.Type = l.opts.Type
		}
		if l.opts.License != "" {
			p.License = l.opts.License
		}
		if len(lk.relos) > 0 || len(p.Kfuncs) > 0 || p.Type.String() == "tracing" || p.Type.String() == "lsm" || p.Type.String() == "struct_ops" {
			needTarget = true
		}
		progs = append(progs, p)
		if needTarget && target == nil {
			t, err := l.targetBTF()
			if err != nil {
				return nil, err
			}
			if t == nil {
				l.note("no kernel BTF (" + DefaultBTF + " does not exist and no --btf): CO-RE relocations use each object's own BTF")
				t = f.btf
			}
			target = t
		}
		if target != nil {
			p.TargetBTF = target
			if err := lk.applyCORE(target); err != nil {
				return nil, fmt.Errorf("program %s: %w", root.name, err)
			}
			lk.resolveKernelIDs(target)
		} else {
			lk.resolveKernelIDs(nil)
		}
	}
	return progs, nil
}

func (f *file) linkProgram(root *function) (*ir.Program, *linked, error) {
	l := &linked{f: f, p: &ir.Program{Name: root.name, Section: root.sec.name, Maps: f.maps,
		License: f.license, KernVersion: f.version}, start: map[*function]int{}}
	if f.btf != nil {
		l.p.BTF = f.btf
	}
	if err := l.run(root); err != nil {
		return nil, nil, err
	}
	return l.p, l, nil
}
