package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// bpfcheck runs the command in-process and returns its exit status and output.
func bpfcheck(stdin string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, streams{in: strings.NewReader(stdin), out: &out, err: &errb})
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, name, content string) string {
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const lookupProg = `*(u64 *)(r10 -8) = 0
r2 = r10
r2 += -8
r1 = map[0]
call 1
if r0 == 0x0 goto pc+2
*(u64 *)(r0 +0) = 0
exit
*(u64 *)(r0 +0) = 1
exit
`

func TestVerifyJSONContract(t *testing.T) {
	prog := writeFile(t, "p.s", lookupProg)
	code, out, _ := bpfcheck("", "verify", "--profile", "linux-4.2", "--format", "json", "--log-level", "1", "--map", "hash:8:8:16", prog)
	if code != exitRejected {
		t.Fatalf("exit %d, want 1 for a rejection", code)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out)
	}
	// The contract's field order.
	order := []string{`"file"`, `"program"`, `"section"`, `"type"`, `"profile"`, `"verdict"`, `"errno"`, `"error"`, `"log"`, `"stats"`}
	last := -1
	for _, k := range order {
		i := strings.Index(out, k+":")
		if i < 0 || i < last {
			t.Fatalf("field %s missing or out of order in %s", k, out)
		}
		last = i
	}
	e := got["error"].(map[string]any)
	if got["verdict"] != "reject" || got["errno"] != "EACCES" || e["pc"] != 9.0 || e["code"] != "invalid-mem-access" ||
		e["message"] != "R0 invalid mem access 'imm'" || got["type"] != "socket_filter" || got["profile"] != "linux-4.2" {
		t.Errorf("unexpected result: %s", out)
	}
	if !strings.HasSuffix(got["log"].(string), "9: (7a) *(u64 *)(r0 +0) = 1\nR0 invalid mem access 'imm'\n") {
		t.Errorf("log: %q", got["log"])
	}
	stats := got["stats"].(map[string]any)
	for _, k := range []string{"insns", "processed", "states", "duration_ns"} {
		if _, ok := stats[k]; !ok {
			t.Errorf("stats lacks %s", k)
		}
	}
	if _, ok := e["kernel_silent"]; ok {
		t.Errorf("kernel_silent must be absent unless true")
	}
}

func TestVerifyAcceptAndSilent(t *testing.T) {
	ok := writeFile(t, "ok.s", "r0 = 0\nexit\n")
	code, out, _ := bpfcheck("", "--format", "json", ok)
	if code != exitOK || !strings.Contains(out, `"verdict":"accept","errno":"","error":null`) || strings.Contains(out, `"log"`) {
		t.Errorf("accept: exit %d, %s", code, out)
	}
	silent := writeFile(t, "ja.s", ".insn 0x0d, 0, 0, 0, 0\nexit\n")
	code, out, _ = bpfcheck("", "verify", "--profile", "linux-4.2", "--format", "json", silent)
	if code != exitRejected || !strings.Contains(out, `"kernel_silent":true`) || !strings.Contains(out, `"errno":"EINVAL"`) {
		t.Errorf("silent rejection: exit %d, %s", code, out)
	}
}

func TestVerifyUsageErrors(t *testing.T) {
	ok := writeFile(t, "ok.s", "r0 = 0\nexit\n")
	for _, args := range [][]string{
		{"verify", "--profile", "linux-9.9", ok},
		{"verify", "--format", "xml", ok},
		{"verify", "--map", "hash:8:8", ok},
		{"verify", "--type", "nosuch", ok},
		{"verify"},
	} {
		if code, _, errs := bpfcheck("", args...); code != exitUsage || errs == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a message", args, code, errs)
		}
	}
}

func TestVerifyTextFlagsAfterFiles(t *testing.T) {
	prog := writeFile(t, "p.s", lookupProg)
	code, out, _ := bpfcheck("", prog, "--map", "hash:8:8:16", "--profile", "linux-4.3")
	if code != exitRejected || !strings.HasPrefix(out, prog+":9: error: R0 invalid mem access 'imm' [invalid-mem-access]\n     9 | *(u64 *)(r0 +0) = 1\n    = at insn 9, errno EACCES\n    = why: ") {
		t.Errorf("exit %d, output %q", code, out)
	}
}

// TestMissingFileIsReported: an unreadable input is a record on stdout and
// exit 2, and the inputs after it are still verified.
func TestMissingFileIsReported(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.o")
	bad := writeFile(t, "bad.s", "exit\n")
	code, out, _ := bpfcheck("", "verify", "--format", "json", missing, bad)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != exitUsage || len(lines) != 2 || !strings.HasPrefix(lines[0], `{"file":"`+missing+`","verdict":"error","error":{"code":"unreadable-input"`) ||
		!strings.Contains(lines[1], `"verdict":"reject"`) {
		t.Errorf("exit %d, output %s", code, out)
	}
}

func TestHelpAndVersion(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {"verify", "--help"}, {"run", "-h"}, {"cfg", "--help"},
		{"disasm", "--help"}, {"asm", "--help"}, {"plugin", "--help"}, {"verify", "x.o", "--help"}, {"x.o", "--help"}} {
		if code, out, _ := bpfcheck("", args...); code != exitOK || !strings.Contains(out, "usage: bpfcheck") {
			t.Errorf("%v: exit %d, stdout %q; want 0 and a usage on stdout", args, code, out)
		}
	}
	if code, out, _ := bpfcheck("", "--version"); code != exitOK || !strings.HasPrefix(out, "bpfcheck ") || !strings.Contains(out, "linux-4.2") {
		t.Errorf("--version: %d %q", code, out)
	}
	if code, _, _ := bpfcheck(""); code != exitUsage {
		t.Errorf("no arguments is a usage error, got %d", code)
	}
}

// TestEmptyLicenseIsNotGPL: --license ” is not GPL-compatible, as in the
// kernel, while the default for text input is GPL.
func TestEmptyLicenseIsNotGPL(t *testing.T) {
	prog := writeFile(t, "p.s", "call 5\nexit\n") // bpf_ktime_get_ns is GPL-only
	if code, out, _ := bpfcheck("", "--profile", "linux-4.2", prog); code != exitOK {
		t.Fatalf("default license: %d %s", code, out)
	}
	code, out, _ := bpfcheck("", "--profile", "linux-4.2", "--license", "", prog)
	if code != exitRejected || !strings.Contains(out, "[gpl-only-func]") {
		t.Errorf("--license '': %d %s", code, out)
	}
	if code, out, _ := bpfcheck("", "--profile", "linux-4.2", "--license", "Dual MIT/GPL", prog); code != exitOK {
		t.Errorf("--license 'Dual MIT/GPL': %d %s", code, out)
	}
}

func TestDisasmAsmRoundTrip(t *testing.T) {
	src := writeFile(t, "p.s", lookupProg)
	bin := filepath.Join(t.TempDir(), "p.bin")
	if code, _, errs := bpfcheck("", "asm", "-o", bin, src); code != exitOK {
		t.Fatalf("asm: %s", errs)
	}
	code, text, _ := bpfcheck("", "disasm", bin)
	if code != exitOK || !strings.Contains(text, "3: (18) r1 = map[0]\n5: (85) call 1\n") {
		t.Fatalf("disasm: %d %q", code, text)
	}
	again := writeFile(t, "again.s", text)
	bin2 := filepath.Join(t.TempDir(), "again.bin")
	bpfcheck("", "asm", "-o", bin2, again)
	a, _ := os.ReadFile(bin)
	b, _ := os.ReadFile(bin2)
	if len(a) != 88 || !bytes.Equal(a, b) {
		t.Errorf("disasm then asm changed the bytes (%d vs %d)", len(a), len(b))
	}
}

func TestRunAndPlugin(t *testing.T) {
	prog := writeFile(t, "p.s", "r6 = r1\nr0 = *(u8 *)skb[1]\nexit\n")
	for _, engine := range []string{"interp", "jit"} {
		code, out, errs := bpfcheck("", "run", "--engine", engine, "--mem", "00ff11", prog)
		if code != exitOK || out != "0xff\n" {
			t.Errorf("run --engine %s: %d %q %q", engine, code, out, errs)
		}
		// An XDP program runs on the packet --mem gives, through data/data_end.
		xdp := writeFile(t, "x.s", "r2 = *(u32 *)(r1 +0)\nr3 = *(u32 *)(r1 +4)\nr3 -= r2\nr0 = r3\nr0 &= 3\nexit\n")
		code, out, errs = bpfcheck("", "run", "--profile", "linux-6.18", "--type", "xdp", "--engine", engine, "--mem", "01020304050607", xdp)
		if code != exitOK || out != "0x3\n" {
			t.Errorf("run xdp --engine %s: %d %q %q", engine, code, out, errs)
		}
		// The conformance driver puts the memory before the word plugin.
		code, out, errs = bpfcheck("61 10 00 00 00 00 00 00 95 00 00 00 00 00 00 00", "aabbccdd", "plugin", "--engine", engine)
		if code != exitOK || out != "0xddccbbaa\n" {
			t.Errorf("plugin --engine %s: %d %q %q", engine, code, out, errs)
		}
	}
	bad := writeFile(t, "bad.s", "exit\n")
	if code, _, errs := bpfcheck("", "run", bad); code != exitRejected || !strings.Contains(errs, "R0 !read_ok") {
		t.Errorf("a rejected program must not run: %d %q", code, errs)
	}
	if code, _, errs := bpfcheck("61 10 00 00 00 00 00 00 95 00 00 00 00 00 00 00", "plugin"); code == exitOK || !strings.Contains(errs, "out-of-bounds") {
		t.Errorf("plugin without memory reading r1: %d %q", code, errs)
	}
}

func TestCFGCommand(t *testing.T) {
	prog := writeFile(t, "p.s", lookupProg)
	code, out, _ := bpfcheck("", "cfg", "--profile", "linux-4.2", "--format", "dot", prog)
	if code != exitOK || !strings.Contains(out, "digraph") || !strings.Contains(out, "->") {
		t.Errorf("cfg dot: %d %s", code, out)
	}
}

// TestBinaryBuildsWithoutCgo checks the contract's promise that the binary
// builds with CGO_ENABLED=0.
func TestBinaryBuildsWithoutCgo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	cmd := exec.Command("go", "build", "-o", filepath.Join(t.TempDir(), "bpfcheck"), ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build: %v\n%s", err, out)
	}
}

func TestVerifySARIF(t *testing.T) {
	prog := writeFile(t, "p.s", lookupProg)
	code, out, _ := bpfcheck("", "verify", "--profile", "linux-4.2", "--format", "sarif", "--map", "hash:8:8:16", prog)
	var log struct {
		Version string
		Runs    []struct {
			Results []struct {
				RuleID, Level string
				Message       struct{ Text string }
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil || code != exitRejected {
		t.Fatalf("exit %d, %v\n%s", code, err, out)
	}
	r := log.Runs[0].Results
	if log.Version != "2.1.0" || len(r) != 1 || r[0].RuleID != "invalid-mem-access" || r[0].Level != "error" || !strings.HasPrefix(r[0].Message.Text, "R0 invalid mem access 'imm'. Fix: ") {
		t.Errorf("unexpected SARIF: %s", out)
	}
}
