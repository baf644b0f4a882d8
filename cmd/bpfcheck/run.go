package main

import (
	"encoding/hex"
	"fmt"
	"io"
	"os"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/ir"
	"github.com/bpfcheck/bpfcheck/jit"
)

func init() {
	register(&command{name: "run", summary: "verify a program, then run it and print r0", run: runRun})
	register(&command{name: "plugin", summary: "the bpf_conformance plugin protocol", run: runPlugin})
}

// parseHex reads hex text in any spacing ("b7 00 ..." or "b700...").
func parseHex(s string) ([]byte, error) {
	// One pass, whitespace skipped: the conformance driver and the
	// benchmarks pass kilobytes of spaced hex to every plugin process.
	out := make([]byte, 0, len(s)/2)
	var hi byte
	half := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		var v byte
		switch {
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			continue
		default:
			return nil, hex.InvalidByteError(c)
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		return nil, hex.ErrLength
	}
	return out, nil
}

// engineByName returns the execution engine for --engine (nil: the interpreter).
func engineByName(name string) (exec.Engine, error) {
	switch name {
	case "interp":
		return nil, nil
	case "jit":
		if !jit.Supported() {
			return nil, fmt.Errorf("the jit engine needs linux/amd64")
		}
		return jit.Engine(), nil
	}
	return nil, fmt.Errorf("unknown engine %q (want interp or jit)", name)
}

func runRun(args []string, s streams) int {
	var vf verifyFlags
	fs := vf.registerVerify("run", s)
	engine := fs.String("engine", "interp", "execution engine: interp or jit")
	memHex := fs.String("mem", "", "memory for r1 as `HEX` (plain-memory programs)")
	memFile := fs.String("mem-file", "", "memory for r1 from `FILE`")
	fs.Uint64("budget", exec.DefaultBudget, "backward jumps and local calls a checked run may take, 0 for no limit (verified programs terminate and have none)")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(files) != 1 {
		return failf(s, "run: want exactly one program file")
	}
	eng, err := engineByName(*engine)
	if err != nil {
		return failf(s, "%v", err)
	}
	progs, err := vf.load(files[0])
	if err != nil {
		return failf(s, "%v", err)
	}
	if len(progs) != 1 {
		return failf(s, "run: %s has %d programs; choose one with --section", files[0], len(progs))
	}
	p := progs[0]
	res, err := absint.Verify(p, vf.options())
	if err != nil {
		return failf(s, "%v", err)
	}
	if res.Verdict != absint.Accept {
		fmt.Fprintf(s.err, "%s:%d: %s\n", files[0], res.Diag.Insn, res.Diag.Message)
		return exitRejected
	}
	for _, w := range res.Warnings {
		if w.Code == "const-jmp-unverified" {
			// Accepted as the 2015 kernels do, but the branch the run takes
			// was never verified: running it unchecked could touch anything.
			fmt.Fprintf(s.err, "%s:%d: not run: %s [%s]\n", files[0], w.Insn, w.Message, w.Code)
			return exitRejected
		}
	}
	maps, err := exec.NewMaps(p)
	if err != nil {
		return failf(s, "%v", err)
	}
	prog, err := exec.Load(res.Verified, maps, exec.Options{Env: exec.Env{Trace: s.err}, Engine: eng})
	if err != nil {
		return failf(s, "%v", err)
	}
	var mem []byte
	switch {
	case *memFile != "":
		if mem, err = os.ReadFile(*memFile); err != nil {
			return failf(s, "%v", err)
		}
	case *memHex != "":
		if mem, err = parseHex(*memHex); err != nil {
			return failf(s, "--mem: %v", err)
		}
	}
	// The context is the one the program was verified for.
	var ctx exec.Context
	switch layout := res.Verified.Context(); layout.Name {
	case "pt_regs":
		ctx = &exec.PtRegs{}
	case "__sk_buff":
		ctx = &exec.SkBuff{Packet: mem}
	case "xdp_md":
		ctx = &exec.XDP{Packet: mem}
	default:
		return failf(s, "run: no model of the %s context", layout)
	}
	r0, err := prog.Run(ctx)
	if err != nil {
		fmt.Fprintf(s.err, "bpfcheck: run: %v\n", err)
		return exitRejected
	}
	fmt.Fprintf(s.out, "0x%x\n", r0)
	return exitOK
}

// runPlugin speaks the bpf_conformance plugin protocol: the program as hex
// on stdin, memory as hex in the first argument, r0 in hex on stdout. The
// suite's programs are not verifiable by the 2015 profiles (loops, JMP32,
// local calls), so they run in checked mode.
func runPlugin(args []string, s streams) int {
	fs := newFlagSet("plugin", s)
	engine := fs.String("engine", "interp", "execution engine: interp or jit")
	budget := fs.Uint64("budget", exec.DefaultBudget, "backward jumps and local calls a run may take before it is stopped, 0 for no limit")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return exitUsage
	}
	eng, err := engineByName(*engine)
	if err != nil {
		return failf(s, "%v", err)
	}
	var mem []byte
	if len(rest) > 0 {
		if mem, err = parseHex(rest[0]); err != nil {
			return failf(s, "memory: %v", err)
		}
	}
	text, err := io.ReadAll(s.in)
	if err != nil {
		return failf(s, "%v", err)
	}
	code, err := parseHex(string(text))
	if err != nil {
		return failf(s, "program: %v", err)
	}
	insns, err := ir.DecodeSlots(code)
	if err != nil {
		return failf(s, "program: %v", err)
	}
	b := *budget
	if b == 0 {
		b = exec.Unlimited
	}
	prog, err := exec.LoadChecked(&ir.Program{Name: "plugin", Insns: insns}, nil, exec.Options{Engine: eng, Budget: b})
	if err != nil {
		return failf(s, "program: %v", err)
	}
	r0, err := prog.Run(exec.Memory(mem))
	if err != nil {
		fmt.Fprintf(s.err, "bpfcheck: %v\n", err)
		return exitRejected
	}
	fmt.Fprintf(s.out, "0x%x\n", r0)
	return exitOK
}
