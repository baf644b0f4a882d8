package object

import (
	"debug/elf"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/cilium/ebpf/btf"

	"github.com/bpfcheck/bpfcheck/ir"
)

// externKind says what an undefined symbol of the object stands for.
type externKind int

const (
	externKconfig externKind = iota // a __kconfig variable, read from the .kconfig map
	externKfunc                     // a __ksym function: a kernel function (kfunc)
	externKsym                      // a __ksym variable: a kernel variable, by BTF id
)

type extern struct {
	name string
	kind externKind
	weak bool
	typ  btf.Type
	off  uint32 // kconfig: offset in the .kconfig map's value
	size uint32
}

// kernelVersion is the default LINUX_KERNEL_VERSION: KERNEL_VERSION(6, 18, 0),
// the kernel internal/platform's tables describe.
const kernelVersion = 6<<16 | 18<<8

// kconfigDefaults are the values libbpf itself provides for its own
// externs; every other CONFIG_ value comes from the kconfig file.
var kconfigDefaults = map[string]string{
	"LINUX_KERNEL_VERSION":      strconv.Itoa(kernelVersion),
	"LINUX_HAS_BPF_COOKIE":      "y",
	"LINUX_HAS_SYSCALL_WRAPPER": "y",
}

// loadExterns finds the .kconfig and .ksyms externs in the object's BTF
// and lays out the .kconfig map as libbpf does: by alignment (largest
// first), then size, then name. The map is frozen with the values of the
// kconfig file and the defaults; when a value is unknown the map stays
// read-only but not frozen, so a verifier must assume any contents.
func (f *file) loadExterns(kconfigValues func() map[string]string) error {
	if f.btf == nil {
		return nil
	}
	undef := map[string]elf.SymBind{}
	for _, s := range f.syms[1:] {
		if s.Section == elf.SHN_UNDEF && s.Name != "" {
			undef[s.Name] = elf.ST_BIND(s.Info)
		}
	}
	var kcfg []*extern
	for _, secName := range []string{".kconfig", ".ksyms"} {
		var ds *btf.Datasec
		if err := f.btf.TypeByName(secName, &ds); err != nil {
			continue
		}
		for _, vs := range ds.Vars {
			var e *extern
			switch t := vs.Type.(type) {
			case *btf.Var:
				e = &extern{name: t.Name, typ: t.Type, kind: externKsym}
				if secName == ".kconfig" {
					e.kind = externKconfig
				}
			case *btf.Func:
				e = &extern{name: t.Name, typ: t, kind: externKfunc}
			default:
				continue
			}
			bind, ok := undef[e.name]
			if !ok {
				continue
			}
			e.weak = bind == elf.STB_WEAK
			f.externs[e.name] = e
			if e.kind == externKconfig {
				n, err := btf.Sizeof(e.typ)
				if err != nil {
					return fmt.Errorf("kconfig extern %s: %w", e.name, err)
				}
				e.size = uint32(n)
				kcfg = append(kcfg, e)
			}
		}
	}
	if len(kcfg) == 0 {
		return nil
	}
	sort.Slice(kcfg, func(i, j int) bool {
		a, b := kcfg[i], kcfg[j]
		if x, y := alignOf(a.typ), alignOf(b.typ); x != y {
			return x > y
		}
		if a.size != b.size {
			return a.size < b.size
		}
		return a.name < b.name
	})
	var off uint32
	for _, e := range kcfg {
		al := alignOf(e.typ)
		off = (off + al - 1) / al * al
		e.off = off
		off += e.size
	}
	size := (off + 7) / 8 * 8
	m := ir.MapSpec{Name: ".kconfig", Type: arrayType, KeySize: 4, ValueSize: size, MaxEntries: 1,
		Flags: flagRdonlyProg, Data: ".kconfig", Contents: make([]byte, size), Frozen: true}
	kconfig := kconfigValues()
	for _, e := range kcfg {
		v, ok := kconfig[e.name]
		if !ok {
			v, ok = kconfigDefaults[e.name]
		}
		if !ok {
			m.Frozen = false
			continue
		}
		if err := encodeKconfig(m.Contents[e.off:e.off+e.size], e.typ, v); err != nil {
			return fmt.Errorf("kconfig %s=%s: %w", e.name, v, err)
		}
	}
	f.kconfigMap = len(f.maps)
	f.maps = append(f.maps, m)
	return nil
}

func alignOf(t btf.Type) uint32 {
	switch t := btf.UnderlyingType(t).(type) {
	case *btf.Array:
		return alignOf(t.Type)
	case *btf.Struct:
		a := uint32(1)
		for _, m := range t.Members {
			a = max(a, alignOf(m.Type))
		}
		return a
	}
	n, err := btf.Sizeof(t)
	if err != nil || n <= 0 {
		return 1
	}
	return uint32(min(n, 8))
}

// encodeKconfig writes one kconfig value as libbpf does: y/m/n as 1/2/0
// for bool, tristate and char; a number for integers; a string (quoted
// or not) for char arrays.
func encodeKconfig(dst []byte, t btf.Type, v string) error {
	switch t := btf.UnderlyingType(t).(type) {
	case *btf.Array:
		// A string longer than the array is cut to fit, NUL included,
		// as libbpf does.
		v = strings.Trim(v, `"`)
		if len(dst) > 0 {
			copy(dst[:len(dst)-1], v)
		}
		return nil
	case *btf.Int, *btf.Enum:
		_ = t
	default:
		return fmt.Errorf("unsupported extern type %T", t)
	}
	var n uint64
	switch v {
	case "y":
		n = 1
	case "m":
		n = 2
	case "n":
		n = 0
	default:
		x, err := strconv.ParseInt(v, 0, 64)
		if err != nil {
			u, err2 := strconv.ParseUint(v, 0, 64)
			if err2 != nil {
				return fmt.Errorf("not y, m, n or a number")
			}
			x = int64(u)
		}
		n = uint64(x)
	}
	for i := range dst {
		dst[i] = byte(n >> (8 * i))
	}
	return nil
}

// ParseKconfig reads a kernel .config: CONFIG_X=value lines and
// "# CONFIG_X is not set" (n).
func ParseKconfig(text string) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if name, ok := strings.CutPrefix(line, "# "); ok {
			if name, ok = strings.CutSuffix(name, " is not set"); ok && strings.HasPrefix(name, "CONFIG_") {
				out[name] = "n"
			}
			continue
		}
		if k, v, ok := strings.Cut(line, "="); ok && strings.HasPrefix(k, "CONFIG_") {
			out[k] = v
		}
	}
	return out
}
