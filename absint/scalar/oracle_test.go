package scalar

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"

	"github.com/bpfcheck/bpfcheck/ir"
)

// The kernel oracle: random chains of ALU, ALU32, movsx, neg, byte-swap and
// conditional-jump instructions on four unknown registers are loaded into
// the running kernel (in a child process with a timeout), and the states
// its log prints after every instruction and on every taken edge are
// compared with what this package computes for the same chain (forgetting
// where KernelTracks says the kernel forgets). A state where the kernel
// knows more than this package is a precision gap and fails the test; one
// where this package knows more is counted (BPFCHECK_SCALAR_ORACLE_SHOW=n
// logs n of them). BPFCHECK_SCALAR_ORACLE_N sets the number of programs
// (300), BPFCHECK_SCALAR_ORACLE_DUMP a file for the kernel's logs.

const oracleEnv = "BPFCHECK_SCALAR_ORACLE_CHILD"

// gop is one generated instruction on r6..r9.
type gop struct {
	Code     uint8 // the opcode byte
	Dst, Src int   // register numbers
	Off      int16
	Imm      int32
}

func (g gop) isJump() bool {
	c := ir.Opcode(g.Code).Class()
	return c == ir.ClassJMP || c == ir.ClassJMP32
}

const prologue = 8 // four "call bpf_get_prandom_u32; rN = r0"

func genProgram(r *rand.Rand, n int) []gop {
	reg := func() int { return 6 + r.IntN(4) }
	imm := func() int32 {
		switch r.IntN(4) {
		case 0:
			return int32(r.IntN(64))
		case 1:
			return -int32(r.IntN(300))
		case 2:
			return int32(edges[r.IntN(len(edges))])
		}
		return int32(r.Uint32() >> r.UintN(32))
	}
	aluOps := []ir.ALUOp{ir.ALUAdd, ir.ALUSub, ir.ALUMul, ir.ALUDiv, ir.ALUOr, ir.ALUAnd, ir.ALULsh, ir.ALURsh, ir.ALUMod, ir.ALUXor, ir.ALUArsh, ir.ALUAnd, ir.ALUAnd, ir.ALURsh, ir.ALUAdd}
	var ops []gop
	for len(ops) < n {
		g := gop{Dst: reg()}
		class := ir.ClassALU64
		if r.IntN(3) == 0 {
			class = ir.ClassALU
		}
		switch k := r.IntN(20); {
		case k < 11: // binary ALU
			op := aluOps[r.IntN(len(aluOps))]
			if r.IntN(3) == 0 {
				g.Code = uint8(class) | uint8(ir.SourceX) | uint8(op)
				g.Src = reg()
			} else {
				g.Code = uint8(class) | uint8(op)
				g.Imm = imm()
				width := int32(64)
				if class == ir.ClassALU {
					width = 32
				}
				switch op {
				case ir.ALULsh, ir.ALURsh, ir.ALUArsh:
					g.Imm = int32(r.IntN(int(width)))
				case ir.ALUDiv, ir.ALUMod:
					if g.Imm == 0 {
						g.Imm = 7
					}
				}
			}
			if (op == ir.ALUDiv || op == ir.ALUMod) && r.IntN(2) == 0 {
				g.Off = 1
			}
		case k < 12:
			g.Code = uint8(class) | uint8(ir.ALUNeg)
		case k < 13: // movsx
			g.Code = uint8(class) | uint8(ir.SourceX) | uint8(ir.ALUMov)
			g.Src = reg()
			g.Off = []int16{8, 16, 32}[r.IntN(3)]
			if class == ir.ClassALU && g.Off == 32 {
				g.Off = 16
			}
			// A sign extension that changes nothing is a copy, which the
			// kernel links to its source by an id; an OR with 0 unlinks
			// the destination, so that no bound learnt later on one
			// register moves to another (this package has no ids).
			ops = append(ops, g)
			g = gop{Code: uint8(ir.ClassALU64) | uint8(ir.ALUOr), Dst: g.Dst}
		case k < 14: // byte swap
			g.Imm = []int32{16, 32, 64}[r.IntN(3)]
			g.Code = uint8(class) | uint8(ir.ALUEnd)
			if class == ir.ClassALU && r.IntN(2) == 0 {
				g.Code |= uint8(ir.SourceX) // to big endian
			}
		case k < 15: // a constant
			g.Code = uint8(class) | uint8(ir.ALUMov)
			g.Imm = imm()
		default: // a conditional jump to the exit
			jc := ir.ClassJMP
			if r.IntN(3) == 0 {
				jc = ir.ClassJMP32
			}
			op := jumpOps[r.IntN(len(jumpOps))]
			if r.IntN(4) == 0 {
				g.Code = uint8(jc) | uint8(ir.SourceX) | uint8(op)
				for g.Src = reg(); g.Src == g.Dst; g.Src = reg() {
				}
			} else {
				g.Code = uint8(jc) | uint8(op)
				g.Imm = imm()
			}
		}
		ops = append(ops, g)
	}
	return ops
}

// instructions returns the loadable program: the prologue, the chain,
// r0 = 0, exit.
func instructions(ops []gop) asm.Instructions {
	var ins asm.Instructions
	for _, r := range []asm.Register{asm.R6, asm.R7, asm.R8, asm.R9} {
		ins = append(ins, asm.FnGetPrandomU32.Call(), asm.Mov.Reg(r, asm.R0))
	}
	exit := len(ops)
	for i, g := range ops {
		in := asm.Instruction{OpCode: asm.OpCode(g.Code), Dst: asm.Register(g.Dst), Src: asm.Register(g.Src), Constant: int64(g.Imm)}
		if oc := ir.Opcode(g.Code); oc.Class().IsALU() && g.Off != 0 {
			// cilium/ebpf spells the offset-extended ALU operations as
			// their own ALUOps.
			ext := map[int16]asm.ALUOp{8: asm.MovSX8, 16: asm.MovSX16, 32: asm.MovSX32}[g.Off]
			if oc.ALUOp() == ir.ALUDiv {
				ext = asm.SDiv
			} else if oc.ALUOp() == ir.ALUMod {
				ext = asm.SMod
			}
			in.OpCode = in.OpCode.SetALUOp(ext)
		}
		if g.isJump() {
			in.Offset = int16(exit - i - 1)
		}
		ins = append(ins, in)
	}
	return append(ins, asm.Mov.Imm(asm.R0, 0), asm.Return())
}

// simulate runs the chain in this package's domain. It returns, per chain
// index, the registers after the instruction (for a jump: on the
// fall-through edge) and, for jumps, on the taken edge; a nil entry means
// the edge is impossible. It stops where the fall-through is impossible.
func simulate(ops []gop) (after, taken [][4]*Value) {
	var regs [4]Value
	for i := range regs {
		regs[i] = Unknown()
	}
	after, taken = make([][4]*Value, len(ops)), make([][4]*Value, len(ops))
	snap := func(rs [4]Value) [4]*Value {
		var s [4]*Value
		for i := range rs {
			v := rs[i]
			s[i] = &v
		}
		return s
	}
	for i, g := range ops {
		oc := ir.Opcode(g.Code)
		d := &regs[g.Dst-6]
		var src Value
		if oc.Source() == ir.SourceX && !(oc.Class().IsALU() && oc.ALUOp() == ir.ALUEnd) {
			src = regs[g.Src-6]
		} else {
			src = Const(uint64(int64(g.Imm)))
		}
		if g.isJump() {
			tk, nt := Branch(oc.JumpOp(), oc.Class() == ir.ClassJMP32, *d, src)
			if tk.Possible {
				t := regs
				t[g.Dst-6] = tk.Dst
				if oc.Source() == ir.SourceX {
					t[g.Src-6] = tk.Src
				}
				taken[i] = snap(t)
			}
			if !nt.Possible {
				return after[:i+1], taken[:i+1]
			}
			regs[g.Dst-6] = nt.Dst
			if oc.Source() == ir.SourceX {
				regs[g.Src-6] = nt.Src
			}
			after[i] = snap(regs)
			continue
		}
		alu64 := oc.Class() == ir.ClassALU64
		switch op := oc.ALUOp(); op {
		case ir.ALUNeg:
			*d = Neg(alu64, *d)
		case ir.ALUMov:
			if g.Off != 0 {
				*d = MovSX(alu64, int(g.Off), src)
			} else if alu64 {
				*d = src
			} else {
				*d = Zext32(src)
			}
		case ir.ALUEnd:
			k := SwapToLE
			switch {
			case alu64:
				k = SwapAlways
			case oc.Source() == ir.SourceX:
				k = SwapToBE
			}
			*d = Swap(k, int(g.Imm), *d)
		default:
			if KernelTracks(op, alu64, src) {
				*d = Binary(op, alu64, g.Off, *d, src)
			} else {
				*d = Unknown()
			}
		}
		after[i] = snap(regs)
	}
	return after, taken
}

type oracleResult struct {
	Log string
	Err string
}

// TestKernelOracleChild is the child process that loads the programs.
func TestKernelOracleChild(t *testing.T) {
	if os.Getenv(oracleEnv) == "" {
		t.Skip("the kernel oracle's child process")
	}
	var progs [][]gop
	if err := json.NewDecoder(os.Stdin).Decode(&progs); err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(os.Stdout)
	for _, ops := range progs {
		spec := &ebpf.ProgramSpec{Type: ebpf.SocketFilter, Instructions: instructions(ops), License: "GPL"}
		p, err := ebpf.NewProgramWithOptions(spec, ebpf.ProgramOptions{LogLevel: ebpf.LogLevelInstruction, LogSizeStart: 1 << 22})
		var res oracleResult
		var ve *ebpf.VerifierError
		switch {
		case errors.As(err, &ve):
			res.Log, res.Err = strings.Join(ve.Log, "\n"), err.Error()
		case err != nil:
			res.Err = err.Error()
		default:
			res.Log = p.VerifierLog
			p.Close()
		}
		if err := enc.Encode(res); err != nil {
			t.Fatal(err)
		}
	}
}

var (
	insnLine = regexp.MustCompile(`^(\d+): \([0-9a-f]{2}\) [^;]*(?:; (.*))?$`)
	fromLine = regexp.MustCompile(`^from (\d+) to \d+: (.*)$`)
)

// regStates splits "R0=x R6=scalar(a,var_off=(0x0; 0xff)) R10=fp0" into
// register number -> printed value.
func regStates(s string) map[int]string {
	m := map[int]string{}
	for len(s) > 0 {
		s = strings.TrimLeft(s, " ")
		if !strings.HasPrefix(s, "R") {
			break
		}
		eq := strings.IndexByte(s, '=')
		if eq < 0 {
			break
		}
		name := strings.TrimSuffix(s[1:eq], "_w")
		depth, end := 0, eq+1
		for ; end < len(s); end++ {
			c := s[end]
			if c == '(' {
				depth++
			} else if c == ')' {
				depth--
			} else if c == ' ' && depth == 0 {
				break
			}
		}
		if n, err := strconv.Atoi(name); err == nil {
			m[n] = s[eq+1 : end]
		}
		s = s[end:]
	}
	return m
}

var idField = regexp.MustCompile(`id=[0-9]+([+-][0-9]+)?,?`)

// canon removes what the kernel prints beside the value: the precision
// mark, register ids.
func canon(s string) string {
	s = strings.TrimPrefix(s, "P")
	s = idField.ReplaceAllString(s, "")
	return strings.Replace(s, ",)", ")", 1)
}

func TestKernelOracle(t *testing.T) {
	if testing.Short() {
		t.Skip("loads programs into the kernel")
	}
	if os.Geteuid() != 0 {
		t.Skip("loading BPF programs needs root")
	}
	// The facts compared (log format, what the kernel tracks) are 6.18's;
	// another kernel logs differently.
	rel, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	if !strings.HasPrefix(string(rel), "6.18") && os.Getenv("BPFCHECK_SCALAR_ORACLE_ANY_KERNEL") == "" {
		t.Skipf("the oracle is for Linux 6.18, this is %s (BPFCHECK_SCALAR_ORACLE_ANY_KERNEL=1 runs it anyway)", strings.TrimSpace(string(rel)))
	}
	n, _ := strconv.Atoi(os.Getenv("BPFCHECK_SCALAR_ORACLE_N"))
	if n == 0 {
		n = 300
	}
	// A fixed seed by default, so that the test is deterministic on one
	// kernel; BPFCHECK_SCALAR_ORACLE_SEED picks another (0: from the clock).
	seed := uint64(1)
	if s := os.Getenv("BPFCHECK_SCALAR_ORACLE_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
		if seed == 0 {
			seed = uint64(time.Now().UnixNano())
		}
	}
	r := rand.New(rand.NewPCG(seed, 31))
	seedNote := fmt.Sprintf(" (seed %d)", seed)
	progs := make([][]gop, n)
	for i := range progs {
		progs[i] = genProgram(r, 8+r.IntN(24))
	}
	in, _ := json.Marshal(progs)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestKernelOracleChild$")
	cmd.Env = append(os.Environ(), oracleEnv+"=1")
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if ctx.Err() != nil {
		t.Fatalf("the kernel oracle's child timed out")
	}
	var results []oracleResult
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var res oracleResult
		if json.Unmarshal(sc.Bytes(), &res) == nil {
			results = append(results, res)
		}
	}
	if len(results) != n {
		t.Skipf("the kernel oracle's child loaded %d of %d programs (%v): BPF unavailable?", len(results), n, err)
	}
	if len(results) > 0 && results[0].Log == "" && results[0].Err != "" {
		t.Skipf("BPF unavailable: %s", results[0].Err)
	}
	var same, tighter, gaps int
	showTighter, _ := strconv.Atoi(os.Getenv("BPFCHECK_SCALAR_ORACLE_SHOW"))
	if f := os.Getenv("BPFCHECK_SCALAR_ORACLE_DUMP"); f != "" {
		var b strings.Builder
		for pi, res := range results {
			fmt.Fprintf(&b, "=== program %d\n%s\n%s\n", pi, res.Err, res.Log)
		}
		os.WriteFile(f, []byte(b.String()), 0o644)
	}
	for pi, res := range results {
		ops := progs[pi]
		after, taken := simulate(ops)
		fall, from := map[int]map[int]string{}, map[int]map[int]string{}
		forked := 1 << 30
		for _, line := range strings.Split(res.Log, "\n") {
			if m := insnLine.FindStringSubmatch(line); m != nil {
				p, _ := strconv.Atoi(m[1])
				if _, seen := fall[p]; seen {
					// The kernel walks this instruction again: it forked
					// the state (6.18 splits a scalar in [-1, 0] before
					// AND/OR), a path this package's single walk does not
					// follow. Compare up to the fork only.
					forked = min(forked, p)
				} else {
					fall[p] = regStates(m[2])
				}
			} else if m := fromLine.FindStringSubmatch(line); m != nil {
				p, _ := strconv.Atoi(m[1])
				from[p] = regStates(m[2])
			}
		}
		report := func(what string, i int, ours *Value, kernel string) {
			t.Helper()
			k, err := Parse(canon(kernel))
			if err != nil {
				t.Fatalf("program %d: cannot read the kernel's %q: %v", pi, kernel, err)
			}
			switch {
			case ours.String() == canon(kernel):
				same++
			case k.Includes(*ours):
				tighter++
				if showTighter > 0 {
					showTighter--
					t.Logf("tighter: program %d, %s of insn %d (%s): kernel %s, ours %s", pi, what, prologue+i, describe(ops[i]), kernel, ours)
				}
			default:
				gaps++
				if gaps <= 20 {
					t.Errorf("program %d%s, %s of insn %d (%s): kernel %s, ours %s\n%s", pi, seedNote, what, prologue+i, describe(ops[i]), kernel, ours, listing(ops, i))
				}
			}
		}
		for i := range after {
			p := prologue + i
			if p >= forked {
				break
			}
			if ops[i].isJump() {
				_, kFall := fall[p+1]
				if after[i][0] == nil && kFall && i+1 < len(ops) {
					tighter++ // we know the fall-through is impossible
				}
				if after[i][0] != nil && !kFall && i+1 < len(ops) {
					gaps++
					t.Errorf("program %d%s: kernel finds the fall-through of insn %d (%s) impossible, we do not\n%s", pi, seedNote, p, describe(ops[i]), listing(ops, i))
				}
				if _, ok := from[p]; !ok && taken[i][0] != nil && kFall && i+1 < len(ops) {
					gaps++
					t.Errorf("program %d%s: kernel finds the taken edge of insn %d (%s) impossible, we do not\n%s", pi, seedNote, p, describe(ops[i]), listing(ops, i))
				}
				if _, ok := from[p]; ok && taken[i][0] == nil {
					tighter++ // we know the taken edge is impossible
				}
				if kt, ok := from[p]; ok && taken[i][0] != nil {
					for reg, s := range kt {
						if reg >= 6 && reg <= 9 {
							report("taken edge", i, taken[i][reg-6], s)
						}
					}
				}
				if after[i][0] == nil || !kFall {
					break
				}
			}
			if after[i][0] == nil {
				break
			}
			ks, ok := fall[p]
			if !ok {
				break
			}
			for reg, s := range ks {
				if reg >= 6 && reg <= 9 {
					report("after", i, after[i][reg-6], s)
				}
			}
		}
	}
	t.Logf("%d programs%s: %d states equal to the kernel's, %d tighter, %d where the kernel knows more", n, seedNote, same, tighter, gaps)
}

func describe(g gop) string {
	return fmt.Sprintf("code %#02x dst r%d src r%d off %d imm %d", g.Code, g.Dst, g.Src, g.Off, g.Imm)
}

func listing(ops []gop, upto int) string {
	var b strings.Builder
	for i, g := range ops[:upto+1] {
		fmt.Fprintf(&b, "  %d: %s\n", prologue+i, describe(g))
	}
	return b.String()
}
