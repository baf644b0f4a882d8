package soundness

import (
	"fmt"
	"math/rand"

	"github.com/bpfcheck/bpfcheck/ir"
)

// Maps every generated program declares, by index: a hash map, an array and
// a program array (for tail calls).
const (
	mapHash  = 0
	mapArray = 1
	mapProgs = 2
)

// Maps returns the map specs every generated program uses.
func Maps() []ir.MapSpec {
	return []ir.MapSpec{
		{Name: "hash", Type: ir.MapTypeHash, KeySize: 8, ValueSize: 16, MaxEntries: 8},
		{Name: "array", Type: ir.MapTypeArray, KeySize: 4, ValueSize: 24, MaxEntries: 4},
		{Name: "progs", Type: ir.MapTypeProgArray, KeySize: 4, ValueSize: 4, MaxEntries: 2},
	}
}

// progTypes are the program types programs are generated for.
var progTypes = []ir.ProgType{ir.ProgTypeSocketFilter, ir.ProgTypeSchedCLS, ir.ProgTypeKprobe}

// Registers by role: the context stays in r6; r7-r9 hold scalars.
const (
	rCtx = ir.R6
)

var scalarRegs = [3]ir.Register{ir.R7, ir.R8, ir.R9}

// gen is the state of one program's generation.
type gen struct {
	rng      *rand.Rand
	b        builder
	typ      ir.ProgType
	modern   bool    // may use features after 2015: loops, calls, JMP32, pointer arithmetic
	mistakes float64 // probability that a snippet contains a deliberate mistake
	init     [512]bool
	subs     []func() // subprograms, emitted after the main program
	used     []string // snippet names, for the reproducer
	r0ptr    bool     // r0 may hold a pointer
	uninit   bool     // a mistake may make the program read stack it never wrote
	ptrSlot  [64]bool // 8-byte stack slots that may hold a spilled pointer
}

// holdsPtr reports whether fp+off..fp+off+n may overlap a spilled
// pointer: reading it back as a number would make the outcome depend on
// addresses, so loads there store first.
func (g *gen) holdsPtr(off, n int) bool {
	for o := off; o < off+n; o++ {
		if o >= -512 && o < 0 && g.ptrSlot[(512+o)/8] {
			return true
		}
	}
	return false
}

// Generate returns the program that seed determines. About half the
// programs use only what the 2015 kernels know; the other half also use
// loops, bpf-to-bpf calls, JMP32 and pointer arithmetic.
func Generate(seed int64) *ir.Program {
	p, _ := generate(seed)
	return p
}

// genInfo is what the generator knows about a program it made.
type genInfo struct {
	used   []string // snippet names
	uninit bool     // may read stack bytes it never wrote
}

// generate is Generate that also says what the program contains.
func generate(seed int64) (*ir.Program, genInfo) {
	g := &gen{rng: rand.New(rand.NewSource(seed)), mistakes: 0.12}
	g.typ = progTypes[g.rng.Intn(len(progTypes))]
	g.modern = g.rng.Intn(2) == 0
	g.b.emit(mov(rCtx, ir.R1))
	for _, r := range scalarRegs {
		g.b.emit(movImm(r, g.imm()))
	}
	n := 1 + g.rng.Intn(10)
	for i := 0; i < n; i++ {
		s := snippets[g.rng.Intn(len(snippets))]
		if s.modern && !g.modern {
			continue
		}
		g.used = append(g.used, s.name)
		s.emit(g)
		g.r0ptr = g.r0ptr || s.leavesPtr
	}
	if g.mistake() && !g.r0ptr {
		// r0 may be uninitialised here. (A pointer in r0 is no fault, but
		// its value differs between runs, so it is never returned.)
	} else {
		g.b.emit(mov(ir.R0, g.scalar()))
	}
	g.b.emit(exit())
	for i := 0; i < len(g.subs); i++ { // subprograms may add subprograms
		g.subs[i]()
	}
	era := "2015"
	if g.modern {
		era = "modern"
	}
	return &ir.Program{
		Name:    fmt.Sprintf("gen_%d", seed),
		Type:    g.typ,
		Insns:   g.b.finish(),
		Maps:    Maps(),
		License: "GPL",
		Section: era,
	}, genInfo{used: g.used, uninit: g.uninit}
}

func (g *gen) mistake() bool { return g.rng.Float64() < g.mistakes }

func (g *gen) chance(n int) bool { return g.rng.Intn(n) == 0 }

func (g *gen) scalar() ir.Register { return scalarRegs[g.rng.Intn(len(scalarRegs))] }

var edgeImms = []int32{0, 1, -1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 63, 64, 255, 0x7fffffff, -0x80000000}

func (g *gen) imm() int32 {
	if g.chance(2) {
		return edgeImms[g.rng.Intn(len(edgeImms))]
	}
	return int32(g.rng.Uint32())
}

// storeStack writes size bytes at fp+off (unconditionally when top is set,
// so the generator may count on them later).
func (g *gen) storeStack(off int16, sz ir.Size, top bool) {
	if g.chance(2) {
		g.b.emit(st(sz, ir.R10, off, g.imm()))
	} else {
		g.b.emit(stx(sz, ir.R10, g.scalar(), off))
	}
	if top && off < 0 && int(off)+sz.Bytes() <= 0 && off >= -512 {
		for i := 0; i < sz.Bytes(); i++ {
			g.init[512+int(off)+i] = true
		}
		if sz == ir.SizeDW && off%8 == 0 {
			g.ptrSlot[(512+int(off))/8] = false
		}
	}
}

// initialised reports whether fp+off..fp+off+n was written unconditionally.
func (g *gen) initialised(off, n int) bool {
	if off < -512 || off+n > 0 {
		return false
	}
	for i := 0; i < n; i++ {
		if !g.init[512+off+i] {
			return false
		}
	}
	return true
}

// stackBuf writes an n-byte buffer at fp+off (n a multiple of 8) unless a
// mistake leaves its last slot out.
func (g *gen) stackBuf(off int16, n int, top bool) {
	slots := n / 8
	if g.mistake() {
		slots--
		g.uninit = true
	}
	for i := 0; i < slots; i++ {
		g.storeStack(off+int16(8*i), ir.SizeDW, top)
	}
}

// ctxLayout describes the context of the program type for generation.
func (g *gen) ctxLayout() (size int, access ir.Size, writable []int) {
	if g.typ == ir.ProgTypeKprobe {
		return 168, ir.SizeDW, nil
	}
	w := []int{48, 52, 56, 60, 64}
	if g.typ == ir.ProgTypeSchedCLS {
		w = append(w, 8, 44)
	}
	return 72, ir.SizeW, w
}

// ctxOff picks a context offset and size to read (write: to write), valid
// unless a mistake makes it misaligned, too wide or out of range.
func (g *gen) ctxOff(write bool) (int16, ir.Size) {
	size, sz, writable := g.ctxLayout()
	off := sz.Bytes() * g.rng.Intn(size/sz.Bytes())
	if write {
		if len(writable) == 0 {
			off = 0
		} else {
			off = writable[g.rng.Intn(len(writable))]
		}
	}
	if g.mistake() {
		switch g.rng.Intn(4) {
		case 0:
			off += 1 + g.rng.Intn(sz.Bytes()-1)
		case 1:
			sz = sizes[g.rng.Intn(4)]
		case 2:
			off = size + sz.Bytes()*g.rng.Intn(8)
		default:
			off = -sz.Bytes()
		}
	}
	return int16(off), sz
}
