// Command probe loads text-assembly programs into the running kernel (through
// the oracle's child process) and prints its verdict and log: a tool for
// learning the kernel's behaviour while writing tests.
//
//	go run ./internal/oracle/probe [-type N] [-attach N -to TARGET] [-map TYPE:K:V:N]... [-log 1] FILE.s...
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/bpfcheck/bpfcheck/internal/oracle"
	"github.com/bpfcheck/bpfcheck/ir"
)

type mapFlags []ir.MapSpec

func (m *mapFlags) String() string { return "" }
func (m *mapFlags) Set(s string) error {
	f := strings.Split(s, ":")
	if len(f) != 4 {
		return fmt.Errorf("want TYPE:K:V:N")
	}
	var n [4]uint64
	for i, x := range f {
		v, err := strconv.ParseUint(x, 0, 32)
		if err != nil {
			return err
		}
		n[i] = v
	}
	*m = append(*m, ir.MapSpec{Type: ir.MapType(n[0]), KeySize: uint32(n[1]), ValueSize: uint32(n[2]), MaxEntries: uint32(n[3])})
	return nil
}

func main() {
	oracle.ServeIfChild()
	typ := flag.Uint("type", 1, "program type (enum bpf_prog_type value)")
	lvl := flag.Uint("log", 1, "log level")
	attach := flag.Uint("attach", 0, "expected attach type (enum bpf_attach_type value)")
	to := flag.String("to", "", "attach target (tracing, lsm: a kernel function or tracepoint)")
	var maps mapFlags
	flag.Var(&maps, "map", "map TYPE:K:V:N (numeric type)")
	flag.Parse()
	o, err := oracle.New()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	defer o.Close()
	for _, f := range flag.Args() {
		src, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		insns, err := ir.Assemble(string(src))
		if err != nil {
			fmt.Fprintln(os.Stderr, f, err)
			continue
		}
		v, err := o.Load(oracle.Request{Type: uint32(*typ), Attach: uint32(*attach), AttachTo: *to, Insns: insns, Maps: maps, LogLevel: uint32(*lvl)})
		if err != nil {
			fmt.Fprintln(os.Stderr, f, err)
			continue
		}
		fmt.Printf("== %s: loaded=%v errno=%s msg=%q\n%s\n", f, v.Loaded, v.Errno, v.Msg, v.Log)
	}
}
