package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"

	"github.com/bpfcheck/bpfcheck/internal/platform"
)

// kernelResult is the running kernel's answer for one program.
type kernelResult struct {
	// Verdict is "accept", "reject", or "none" when the program could not
	// be handed to the verifier (Reason says why).
	Verdict string
	Reason  string // the verifier's last message, or why there is no verdict
	Type    string // the program type it was loaded as
	Insns   int    // processed insns from the stats log
	Micros  int    // verification time from the stats log, µs
	Loader  string // whose ELF loader handed the program over: cilium/ebpf or bpfcheck
}

// sectionTypeFallback gives a program type to sections cilium/ebpf does
// not recognise, the way PREVAIL's Linux platform does: cilium's objects
// are tc programs (xdp ones by their file name); anything else is a
// socket filter.
func sectionTypeFallback(path string) ebpf.ProgramType {
	if strings.Contains(path, "cilium") {
		if strings.Contains(path, "xdp") {
			return ebpf.XDP
		}
		return ebpf.SchedCLS
	}
	return ebpf.SocketFilter
}

// loadInKernel loads one program of an object into the kernel with a
// stats-level log and returns the verdict; it is run in a child process.
func loadInKernel(path, section, program string) kernelResult {
	r := loadWithCilium(path, section, program)
	if r.Verdict != "none" || r.Loader == "" {
		return r
	}
	ps, maps, err := irSpec(path, section, program)
	if err != nil {
		r.Reason += "; " + err.Error()
		return r
	}
	defer func() {
		for _, m := range maps {
			if m != nil {
				m.Close()
			}
		}
	}()
	res := verdictOf(ps, nil)
	res.Loader = "bpfcheck"
	return res
}

// loadWithCilium loads through cilium/ebpf; Loader is set to "cilium" when
// it could not read the program, so that bpfcheck's loader may try.
func loadWithCilium(path, section, program string) kernelResult {
	spec, err := ebpf.LoadCollectionSpec(path)
	if err != nil {
		return kernelResult{Verdict: "none", Loader: "cilium", Reason: "cilium/ebpf cannot read the object: " + firstLine(err.Error())}
	}
	var ps, only *ebpf.ProgramSpec
	var n int
	for name, p := range spec.Programs {
		if p.SectionName != section {
			continue
		}
		n++
		only = p
		if name == program {
			ps = p
		}
	}
	if ps == nil && n == 1 {
		ps = only // PREVAIL names a symbol-less section's program after the section
	}
	if ps == nil {
		return kernelResult{Verdict: "none", Loader: "cilium", Reason: fmt.Sprintf("cilium/ebpf finds %d programs in section %s", n, section)}
	}
	ps = ps.Copy()
	if ps.Type == ebpf.UnspecifiedProgram {
		ps.Type = sectionTypeFallback(path)
	}
	maps, err := usedMaps(spec, ps)
	if err != nil {
		return kernelResult{Verdict: "none", Loader: "cilium", Reason: err.Error(), Type: typeName(ps.Type)}
	}
	defer func() {
		for _, m := range maps {
			m.Close()
		}
	}()
	res := verdictOf(ps, maps)
	res.Loader = "cilium/ebpf"
	return res
}

// typeName is the kernel's name of a program type, as bpfcheck's --type spells it.
func typeName(t ebpf.ProgramType) string { return platform.ProgType(t).String() }

// verdictOf loads the program at stats level (and again at level 1 for a
// rejection's message).
func verdictOf(ps *ebpf.ProgramSpec, maps map[string]*ebpf.Map) kernelResult {
	res := kernelResult{Type: typeName(ps.Type)}
	opts := ebpf.ProgramOptions{LogLevel: ebpf.LogLevelStats}
	prog, err := loadWith(ps, maps, opts)
	if err == nil {
		res.Verdict = "accept"
		res.Insns, res.Micros = stats(prog.VerifierLog)
		prog.Close()
		return res
	}
	var verr *ebpf.VerifierError
	if !errors.As(err, &verr) {
		res.Verdict, res.Reason = "none", "not loaded: "+firstLine(err.Error())
		return res
	}
	res.Verdict = "reject"
	res.Insns, res.Micros = stats(strings.Join(verr.Log, "\n"))
	// A second load at log level 1 gives the verifier's message.
	opts.LogLevel = ebpf.LogLevelInstruction | ebpf.LogLevelStats
	if _, err := loadWith(ps, maps, opts); errors.As(err, &verr) {
		res.Reason = lastMessage(verr.Log)
	}
	if res.Reason == "" {
		res.Reason = firstLine(err.Error())
	}
	return res
}

// usedMaps creates the maps the program refers to, empty (prog arrays are
// not filled, so tail calls reach nothing).
func usedMaps(spec *ebpf.CollectionSpec, ps *ebpf.ProgramSpec) (map[string]*ebpf.Map, error) {
	maps := map[string]*ebpf.Map{}
	for _, ins := range ps.Instructions {
		name := ins.Reference()
		if name == "" || !ins.IsLoadFromMap() || maps[name] != nil {
			continue
		}
		ms, ok := spec.Maps[name]
		if !ok {
			continue
		}
		ms = ms.Copy()
		ms.Contents = nil
		ms.Pinning = ebpf.PinNone
		ms.MaxEntries, ms.ValueSize = runtimeSizes(ms.Type, ms.MaxEntries, ms.ValueSize)
		m, err := ebpf.NewMap(ms)
		if err != nil {
			for _, m := range maps {
				m.Close()
			}
			return nil, fmt.Errorf("map %s not created: %s", name, firstLine(err.Error()))
		}
		maps[name] = m
	}
	return maps, nil
}

func loadWith(ps *ebpf.ProgramSpec, maps map[string]*ebpf.Map, opts ebpf.ProgramOptions) (*ebpf.Program, error) {
	p := ps.Copy()
	for i := range p.Instructions {
		ins := &p.Instructions[i]
		if m, ok := maps[ins.Reference()]; ok && ins.IsLoadFromMap() {
			if err := ins.AssociateMap(m); err != nil {
				return nil, err
			}
		}
	}
	_ = asm.Instructions(nil)
	return ebpf.NewProgramWithOptions(p, opts)
}

var (
	processedRE = regexp.MustCompile(`processed (\d+) insns`)
	timeRE      = regexp.MustCompile(`verification time (\d+) usec`)
)

func stats(log string) (insns, micros int) {
	if m := processedRE.FindStringSubmatch(log); m != nil {
		insns, _ = strconv.Atoi(m[1])
	}
	if m := timeRE.FindStringSubmatch(log); m != nil {
		micros, _ = strconv.Atoi(m[1])
	}
	return insns, micros
}

// lastMessage is the verifier's error: the last log line that is not a
// statistic.
func lastMessage(lines []string) string {
	for i := len(lines) - 1; i >= 0; i-- {
		l := strings.TrimSpace(lines[i])
		if l == "" || strings.HasPrefix(l, "processed ") || strings.HasPrefix(l, "verification time") ||
			strings.HasPrefix(l, "stack depth") || strings.HasPrefix(l, "max_states_per_insn") {
			continue
		}
		if i := strings.Index(l, "verification time"); i > 0 {
			l = strings.TrimSpace(l[:i])
		}
		return l
	}
	return ""
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// kernelVerdict runs the load in a child process (the kernel's verifier
// has oopsed on this machine before) and gives up after the timeout.
func kernelVerdict(self, path, section, program string, timeout time.Duration) kernelResult {
	c, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(c, self, "kernel-load", path, section, program)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if c.Err() != nil {
		return kernelResult{Verdict: "none", Reason: fmt.Sprintf("no answer in %v", timeout)}
	}
	var r kernelResult
	if jerr := json.Unmarshal(out.Bytes(), &r); jerr != nil {
		return kernelResult{Verdict: "none", Reason: fmt.Sprintf("child failed: %v %s", err, firstLine(errb.String()))}
	}
	return r
}

func kernelLoadMain(args []string) {
	if len(args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: samples kernel-load FILE SECTION PROGRAM")
		os.Exit(2)
	}
	json.NewEncoder(os.Stdout).Encode(loadInKernel(args[0], args[1], args[2]))
}

// runtimeSizes fills in the sizes an object leaves to its loader to set at
// run time (0 in the object): max entries 1 (falco's per-CPU scratch
// maps), a ring buffer of one page, and a stack-trace value of the
// default 127 frames (bcc's stack maps); local-storage and cgroup-storage
// maps keep max entries 0, which the kernel requires of them.
func runtimeSizes(t ebpf.MapType, maxEntries, valueSize uint32) (uint32, uint32) {
	switch t {
	case ebpf.CGroupStorage, ebpf.PerCPUCGroupStorage, ebpf.CgroupStorage, ebpf.InodeStorage, ebpf.TaskStorage, ebpf.SkStorage:
		return maxEntries, valueSize
	case ebpf.RingBuf:
		if maxEntries == 0 {
			maxEntries = uint32(os.Getpagesize())
		}
	case ebpf.StackTrace:
		if valueSize == 0 {
			valueSize = 127 * 8
		}
	}
	if maxEntries == 0 {
		maxEntries = 1
	}
	return maxEntries, valueSize
}
