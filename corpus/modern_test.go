package corpus

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/internal/oracle"
	"github.com/bpfcheck/bpfcheck/internal/platform"
	"github.com/bpfcheck/bpfcheck/ir"
	"github.com/bpfcheck/bpfcheck/ir/object"
)

func TestMain(m *testing.M) {
	oracle.ServeIfChild()
	os.Exit(m.Run())
}

// modernCase is a corpus/modern case: a header of comment lines
//
//	# <what it tests>
//	# flags: --map hash:8:16:10 --type xdp
//	# expect: accept | reject ERRNO MESSAGE | unsupported MESSAGE
//	# kernel: <the kernel's message, where it words it differently>
//	# kernel-skip: <why this machine's kernel cannot load it>
type modernCase struct {
	path, what string
	flags      []string
	want       expectation
	kernelMsg  string
	kernelSkip string
	progs      []*ir.Program
}

func readModernHeader(t *testing.T, path, prefix string) modernCase {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c := modernCase{path: path}
	sc := bufio.NewScanner(f)
	seen := false
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, prefix) {
			if line == "" {
				continue
			}
			break
		}
		line = strings.TrimSpace(strings.TrimPrefix(line, prefix))
		key, val, _ := strings.Cut(line, ":")
		val = strings.TrimSpace(val)
		switch {
		case key == "flags":
			c.flags = strings.Fields(val)
		case key == "expect":
			c.want, seen = parseExpect(t, path, val), true
		case key == "kernel":
			c.kernelMsg = val
		case key == "kernel-skip":
			c.kernelSkip = val
		case c.what == "":
			c.what = line
		}
	}
	if !seen {
		t.Fatalf("%s: no expect line", path)
	}
	return c
}

// modernOptions is options with every 6.18 program type name.
func modernOptions(t *testing.T, path string, flags []string) ir.LoadOptions {
	var o ir.LoadOptions
	var rest []string
	for i := 0; i < len(flags); i++ {
		if flags[i] == "--type" && i+1 < len(flags) {
			pt, ok := platform.ParseProgType(flags[i+1])
			if !ok {
				t.Fatalf("%s: unknown type %s", path, flags[i+1])
			}
			o.Type = ir.ProgType(pt)
			i++
			continue
		}
		rest = append(rest, flags[i])
	}
	base := options(t, path, rest)
	base.Type = o.Type
	return base
}

// modernCases loads corpus/modern/*/*.s and compiles corpus/modern/*/*.c.
func modernCases(t *testing.T) []modernCase {
	var cases []modernCase
	files, _ := filepath.Glob("modern/*/*.s")
	cfiles, _ := filepath.Glob("modern/*/*.c")
	clang, clangErr := exec.LookPath("clang")
	dir := t.TempDir()
	for _, path := range append(files, cfiles...) {
		isC := strings.HasSuffix(path, ".c")
		prefix := "#"
		if isC {
			prefix = "//"
			if clangErr != nil {
				continue
			}
		}
		c := readModernHeader(t, path, prefix)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		name := path
		if isC {
			obj := filepath.Join(dir, strings.ReplaceAll(path, "/", "_")+".o")
			if out, err := exec.Command(clang, "-O2", "-g", "-target", "bpf", "-I", "c", "-I", "/usr/include/x86_64-linux-gnu", "-c", path, "-o", obj).CombinedOutput(); err != nil {
				t.Fatalf("%s: clang: %v\n%s", path, err, out)
			}
			if data, err = os.ReadFile(obj); err != nil {
				t.Fatal(err)
			}
		}
		var progs []*ir.Program
		if isC {
			progs, err = object.Load(name, data, object.Options{LoadOptions: modernOptions(t, path, c.flags)})
		} else {
			progs, err = ir.Load(name, data, modernOptions(t, path, c.flags))
		}
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		for _, p := range progs {
			if p.Section != ".text" { // a global function, verified as part of its callers
				c.progs = append(c.progs, p)
			}
		}
		cases = append(cases, c)
	}
	if len(cases) < 20 {
		t.Fatalf("found only %d modern cases", len(cases))
	}
	return cases
}

// TestModernCases verifies every modern case under linux-6.18.
func TestModernCases(t *testing.T) {
	for _, c := range modernCases(t) {
		for _, p := range c.progs {
			res, err := absint.Verify(p, absint.Options{Profile: "linux-6.18", LogLevel: 1})
			if err != nil {
				t.Fatalf("%s: %v", c.path, err)
			}
			got := expectation{Verdict: res.Verdict.String(), Errno: res.Errno}
			if res.Diag != nil && res.Verdict != absint.Accept {
				got.Message = res.Diag.Message
			}
			if got != c.want {
				t.Errorf("%s: %s\nwant %+v\ngot  %+v\n%s", c.path, c.what, c.want, got, tail(res.Log, 12))
			}
			// A refused attach target is refused before the walk: no path.
			if res.Verdict == absint.Reject && res.Diag.Code != "attach-target" && (res.Failure == nil || len(res.Failure.Path) == 0) {
				t.Errorf("%s: a rejection without its failed obligation and path", c.path)
			}
		}
	}
}

// TestModernCasesKernel loads every modern case into the running kernel
// and checks that it gives the case's verdict and message.
func TestModernCasesKernel(t *testing.T) {
	if !oracle.Available() {
		t.Skip("loading BPF programs needs root")
	}
	o, err := oracle.New()
	if err != nil {
		t.Skip(err)
	}
	defer o.Close()
	for _, c := range modernCases(t) {
		if c.want.Verdict == "unsupported" {
			continue
		}
		if c.kernelSkip != "" {
			t.Logf("%s: not loaded: %s", c.path, c.kernelSkip)
			continue
		}
		for _, p := range c.progs {
			req := oracle.Request{Type: uint32(p.Type), AttachTo: p.AttachTo, Insns: p.Insns, Maps: p.Maps, License: p.License, LogLevel: 1,
				Funcs: oracleFuncs(p)}
			if p.HasAttachType {
				req.Attach = uint32(p.AttachType)
			}
			v, err := o.Load(req)
			if err != nil {
				t.Errorf("%s: %v", c.path, err)
				continue
			}
			if v.Setup {
				t.Errorf("%s: kernel setup: %s", c.path, v.Msg)
				continue
			}
			got := "accept"
			if !v.Loaded {
				got = "reject"
			}
			if got != c.want.Verdict {
				t.Errorf("%s: %s: the kernel says %s (%s %q), the case expects %s", c.path, c.what, got, v.Errno, v.Msg, c.want.Verdict)
				continue
			}
			want := c.want.Message
			if c.kernelMsg != "" {
				want = c.kernelMsg
			}
			if got == "reject" && (v.Msg != want || v.Errno != c.want.Errno) {
				t.Errorf("%s: the kernel rejects with %s %q, the case expects %s %q", c.path, v.Errno, v.Msg, c.want.Errno, want)
			}
		}
	}
}

// oracleFuncs gives the kernel the functions of a program that takes a
// callback (an ld_imm64 of a function needs BTF func_info), when none of
// them is global.
func oracleFuncs(p *ir.Program) []oracle.Func {
	callback := false
	for _, in := range p.Insns {
		callback = callback || in.Opcode == ir.OpLoadImm64 && in.Src == ir.PseudoFunc
	}
	if !callback {
		return nil
	}
	var fs []oracle.Func
	for _, f := range p.Funcs {
		if f.Global && f.Insn != 0 {
			return nil
		}
		fs = append(fs, oracle.Func{Name: f.Name, Insn: f.Insn})
	}
	return fs
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
