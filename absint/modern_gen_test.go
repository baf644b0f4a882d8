package absint

import (
	"fmt"
	"math/rand"
	"os"
	"strings"

	"github.com/bpfcheck/bpfcheck/ir"
)

// genProg is a generated modern program: assembly text, its type and maps.
type genProg struct {
	family string
	text   string
	typ    ir.ProgType
	maps   []ir.MapSpec
}

// gen writes random programs of the kinds modern verifiers must judge:
// ALU and JMP32 chains feeding bounds checks, stack and map-value accesses
// at variable offsets, packet parsing, bpf-to-bpf calls and bounded loops.
// Each access is guarded by a check that is right, off by a little, or
// missing, so that about half the programs are unsafe.
type gen struct {
	r      *rand.Rand
	b      strings.Builder
	n      int // instructions written
	labels int
}

func (g *gen) emit(format string, args ...any) {
	fmt.Fprintf(&g.b, format+"\n", args...)
	g.n++
}

func (g *gen) pick(xs ...string) string { return xs[g.r.Intn(len(xs))] }

// scalarReg is one of the registers that hold numbers in the body.
func (g *gen) scalarReg() string { return g.pick("r7", "r8", "r9") }

// aluOp writes one random ALU instruction on the body's numbers.
func (g *gen) aluOp() {
	d := g.scalarReg()
	ops := []string{"+=", "-=", "*=", "&=", "|=", "^=", "<<=", ">>=", "s>>=", "/=", "%="}
	op := ops[g.r.Intn(len(ops))]
	w := g.r.Intn(3) == 0 // ALU32
	dr := d
	if w {
		dr = "w" + d[1:]
	}
	switch g.r.Intn(6) {
	case 0: // register operand
		s := g.scalarReg()
		if w {
			s = "w" + s[1:]
		}
		if op == "<<=" || op == ">>=" || op == "s>>=" {
			g.emit("%s &= 31", s)
		}
		g.emit("%s %s %s", dr, op, s)
	case 1:
		g.emit("%s = %s", dr, map[bool]string{true: "w", false: "r"}[w]+g.scalarReg()[1:])
	case 2:
		g.emit("%s = (s%s) %s", d, g.pick("8", "16", "32"), g.scalarReg())
	default:
		imm := g.imm()
		if op == "<<=" || op == ">>=" || op == "s>>=" {
			imm = int64(g.r.Intn(31) + 1)
		}
		if (op == "/=" || op == "%=") && imm == 0 {
			imm = 3
		}
		g.emit("%s %s %d", dr, op, imm)
	}
}

func (g *gen) imm() int64 {
	switch g.r.Intn(5) {
	case 0:
		return int64(g.r.Intn(8))
	case 1:
		return int64(g.r.Intn(256))
	case 2:
		return -int64(g.r.Intn(64))
	case 3:
		return int64(1) << g.r.Intn(31)
	}
	return int64(g.r.Int31())
}

// bound writes a check that keeps reg in [0, max] on the fall-through
// edge, or a wrong one; skip is the number of instructions the check jumps
// over when it fails.
func (g *gen) bound(reg string, max int64, skip string) {
	slack := []int64{0, 0, 0, 1, 2, 8}[g.r.Intn(6)]
	switch g.r.Intn(7) {
	case 0:
		g.emit("if %s > %d goto %s", reg, max+slack, skip)
	case 1:
		g.emit("if %s >= %d goto %s", reg, max+1+slack, skip)
	case 2:
		g.emit("if w%s > %d goto %s", reg[1:], max+slack, skip)
	case 3:
		g.emit("if %s s> %d goto %s", reg, max+slack, skip)
	case 4:
		g.emit("%s &= %d", reg, []int64{max, (max + 1) | max, 2*max + 1}[g.r.Intn(3)])
	case 5:
		g.emit("if %s s> %d goto %s", reg, max+slack, skip)
		g.emit("if %s s< %d goto %s", reg, -int64(slack), skip)
	default:
		g.emit("if %s < %d goto +1", reg, max+1+slack)
		g.emit("%s = 0", reg)
	}
}

// label returns a fresh label name.
func (g *gen) label() string { g.labels++; return fmt.Sprintf("l%d", g.labels) }

func (g *gen) place(l string) { fmt.Fprintf(&g.b, "%s:\n", l) }

// stackAccess: a variable-offset access into a 32-byte stack buffer.
func (g *gen) stackAccess() {
	reg := g.scalarReg()
	size := []int{1, 2, 4, 8}[g.r.Intn(4)]
	skip := g.label()
	g.bound(reg, int64(32-size), skip)
	g.emit("r1 = r10")
	g.emit("r1 += -32")
	g.emit("r1 += %s", reg)
	if g.r.Intn(2) == 0 {
		g.emit("*(u%d *)(r1 +0) = %s", 8*size, g.scalarReg())
	} else {
		g.emit("r0 = *(u%d *)(r1 +0)", 8*size)
	}
	g.place(skip)
}

// mapAccess: a lookup, its NULL check (sometimes missing), then a
// variable-offset access into the 48-byte value.
func (g *gen) mapAccess() {
	g.emit("r2 = r10")
	g.emit("r2 += -40")
	g.emit("r1 = map[0]")
	g.n++ // ld_imm64 takes two slots
	g.emit("call 1")
	reg := g.scalarReg()
	size := []int{1, 2, 4, 8}[g.r.Intn(4)]
	skip := g.label()
	if g.r.Intn(10) != 0 {
		g.emit("if r0 == 0 goto %s", skip)
	}
	g.bound(reg, int64(48-size), skip)
	g.emit("r0 += %s", reg)
	if g.r.Intn(2) == 0 {
		g.emit("*(u%d *)(r0 +0) = %s", 8*size, g.scalarReg())
	} else {
		g.emit("r1 = *(u%d *)(r0 +0)", 8*size)
	}
	g.place(skip)
	g.emit("r0 = 0")
}

// packetAccess: parse a header at a variable offset behind a data_end check.
func (g *gen) packetAccess() {
	g.emit("r2 = *(u32 *)(r6 +0)")
	g.emit("r3 = *(u32 *)(r6 +4)")
	hdr := int64(g.r.Intn(40) + 1)
	g.emit("r4 = r2")
	g.emit("r4 += %d", hdr)
	op := g.pick(">", ">=")
	skip := g.label()
	if g.r.Intn(2) == 0 {
		g.emit("if r4 %s r3 goto %s", op, skip)
	} else {
		rev := map[string]string{">": "<", ">=": "<="}[op]
		g.emit("if r3 %s r4 goto %s", rev, skip)
	}
	off := int64(g.r.Intn(int(hdr) + 2))
	size := []int{1, 2, 4}[g.r.Intn(3)]
	if off+int64(size) > hdr+1 {
		off = hdr - int64(size) + int64(g.r.Intn(2))
	}
	if off < 0 {
		off = 0
	}
	g.emit("r0 = *(u%d *)(r2 +%d)", 8*size, off)
	g.emit("r7 += r0")
	g.place(skip)
}

// loop: a bounded loop whose counter indexes the stack buffer.
func (g *gen) loop() {
	n := g.r.Intn(20) + 1
	head := g.label()
	g.emit("r5 = 0")
	g.place(head)
	g.emit("r1 = r10")
	g.emit("r1 += -32")
	g.emit("r1 += r5")
	g.emit("r0 = *(u8 *)(r1 +0)")
	g.emit("%s += r0", g.scalarReg())
	g.emit("r5 += %d", g.r.Intn(3)+1)
	limit := g.r.Intn(34)
	g.emit("if r5 < %d goto %s", limit, head)
	_ = n
}

// control: the control features of today's ISA: a loop that only
// may_goto ends (its counter indexing the stack buffer, checked or not),
// load-acquire and store-release at variable offsets of the stack buffer
// or a map value (any size, so alignment matters), and RMW atomics there.
func (g *gen) control() {
	switch g.r.Intn(3) {
	case 0:
		head, out := g.label(), g.label()
		g.emit("r5 = 0")
		g.place(head)
		g.emit("may_goto %s", out)
		skip := g.label()
		g.bound("r5", 31, skip)
		g.emit("r1 = r10")
		g.emit("r1 += -32")
		g.emit("r1 += r5")
		g.emit("r0 = *(u8 *)(r1 +0)")
		g.emit("%s += r0", g.scalarReg())
		g.place(skip)
		g.emit("r5 += %d", g.r.Intn(3)+1)
		g.emit("goto %s", head)
		g.place(out)
	default:
		reg := g.scalarReg()
		size := []int{1, 2, 4, 8}[g.r.Intn(4)]
		skip := g.label()
		base, limit := "r1", 32
		if g.r.Intn(2) == 0 {
			g.emit("r1 = r10")
			g.emit("r1 += -32")
		} else {
			g.emit("r2 = r10")
			g.emit("r2 += -40")
			g.emit("r1 = map[0]")
			g.n++
			g.emit("call 1")
			g.emit("if r0 == 0 goto %s", skip)
			g.emit("r1 = r0")
			limit = 48
		}
		g.bound(reg, int64(limit-size), skip)
		if g.r.Intn(2) == 0 {
			g.emit("%s &= %d", reg, ^(size-1)&63) // aligned, mostly
		}
		g.emit("%s += %s", base, reg)
		sz := map[int]string{1: "u8", 2: "u16", 4: "u32", 8: "u64"}[size]
		switch g.r.Intn(3) {
		case 0:
			g.emit("r0 = load_acquire((%s *)(%s +0))", sz, base)
		case 1:
			g.emit("store_release((%s *)(%s +0), %s)", sz, base, g.scalarReg())
		default:
			if size < 4 {
				sz = "u32"
			}
			g.emit("lock *(%s *)(%s +0) += %s", sz, base, g.scalarReg())
		}
		g.place(skip)
		g.emit("r0 = 0")
	}
}

// program writes one program of a family.
func (g *gen) program(family string) genProg {
	g.b.Reset()
	g.n, g.labels = 0, 0
	p := genProg{family: family, typ: ir.ProgTypeSocketFilter}
	g.emit("r6 = r1")
	ctxOffs := []int{0, 4, 8, 16}
	if family == "packet" {
		p.typ = ir.ProgType(6) // xdp
		ctxOffs = []int{12, 16}
	}
	for _, r := range []string{"r7", "r8", "r9"} {
		if g.r.Intn(3) == 0 {
			g.emit("%s = %d", r, g.imm())
		} else {
			g.emit("%s = *(u32 *)(r6 +%d)", r, ctxOffs[g.r.Intn(len(ctxOffs))])
		}
	}
	g.emit("r1 = 0")
	for o := 8; o <= 40; o += 8 {
		g.emit("*(u64 *)(r10 -%d) = r1", o)
	}
	steps := g.r.Intn(6) + 1
	for i := 0; i < steps; i++ {
		for k := g.r.Intn(4); k > 0; k-- {
			g.aluOp()
		}
		switch family {
		case "alu", "stack":
			g.stackAccess()
		case "map":
			p.maps = []ir.MapSpec{{Type: ir.MapTypeArray, KeySize: 4, ValueSize: 48, MaxEntries: 4}}
			g.mapAccess()
		case "packet":
			g.packetAccess()
		case "loop":
			g.loop()
		case "call":
			g.stackAccess()
		case "control":
			p.maps = []ir.MapSpec{{Type: ir.MapTypeArray, KeySize: 4, ValueSize: 48, MaxEntries: 4}}
			g.control()
		}
	}
	g.emit("r0 = 0")
	if family == "call" {
		g.emit("r1 = r10")
		g.emit("r1 += -%d", 8*(g.r.Intn(5)+1))
		g.emit("r2 = r7")
		g.emit("call pc+2")
		g.emit("r0 = 0")
		g.emit("exit")
		g.emit("r2 &= %d", []int{7, 15, 31}[g.r.Intn(3)])
		g.emit("r1 += r2")
		g.emit("*(u8 *)(r1 +0) = r2")
		g.emit("r0 = 0")
	}
	g.emit("exit")
	p.text = g.b.String()
	return p
}

var genFamilies = []string{"alu", "stack", "map", "packet", "loop", "call"}

// diffFamilies are the families of the differential test:
// BPFCHECK_DIFF_FAMILIES (comma-separated, e.g. "control") or genFamilies.
func diffFamilies() []string {
	if f := os.Getenv("BPFCHECK_DIFF_FAMILIES"); f != "" {
		return strings.Split(f, ",")
	}
	return genFamilies
}

// GenerateForTest writes one generated program of a family for the
// external tests of this package (the concrete-in-abstract test).
func GenerateForTest(r *rand.Rand, family string) (string, []ir.MapSpec) {
	g := &gen{r: r}
	p := g.program(family)
	return p.text, p.maps
}
