package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestInputSizeLimit: a file over --max-input-size is one error record
// with code input-too-large that names the limit and the flag, the other
// inputs are still verified, and the exit status is 2; disasm and asm
// refuse it too, and a raised limit reads it.
func TestInputSizeLimit(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.bin")
	if err := os.WriteFile(big, make([]byte, 8<<10), 0o644); err != nil {
		t.Fatal(err)
	}
	good := writeFile(t, "good.s", "r0 = 0\nexit\n")
	code, out, _ := bpfcheck("", "verify", "--format", "json", "--max-input-size", "4K", big, good)
	if code != exitUsage {
		t.Errorf("verify exit %d, want %d", code, exitUsage)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("want two records, got:\n%s", out)
	}
	var rec struct {
		Verdict string
		Error   struct{ Code, Message string }
	}
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.Verdict != "error" || rec.Error.Code != "input-too-large" ||
		rec.Error.Message != "input is 8192 bytes, over the input size limit of 4K (raise it with --max-input-size)" {
		t.Errorf("record %+v", rec)
	}
	if !strings.Contains(lines[1], `"verdict":"accept"`) {
		t.Errorf("the good file after the big one: %s", lines[1])
	}
	if code, _, errOut := bpfcheck("", "disasm", "--max-input-size", "4K", big); code != exitUsage || !strings.Contains(errOut, "over the input size limit of 4K") {
		t.Errorf("disasm: exit %d, %q", code, errOut)
	}
	if code, _, errOut := bpfcheck("", "asm", "--max-input-size", "1K", writeFile(t, "x.s", strings.Repeat("r0 = 0\n", 1000))); code != exitUsage || !strings.Contains(errOut, "over the input size limit of 1K") {
		t.Errorf("asm: exit %d, %q", code, errOut)
	}
	if code, out, errOut := bpfcheck("", "disasm", "--max-input-size", "8K", big); code != exitOK || strings.Count(out, "\n") != 1024 {
		t.Errorf("disasm at the limit: exit %d, %d lines, %s", code, strings.Count(out, "\n"), errOut)
	}
	if code, _, errOut := bpfcheck("", "disasm", "--max-input-size", "lots", big); code != exitUsage || !strings.Contains(errOut, "positive number of bytes") {
		t.Errorf("bad --max-input-size: exit %d, %q", code, errOut)
	}
}

// TestTimeoutFlag: --timeout stops a long verification with one
// unsupported record, code time-limit.
func TestTimeoutFlag(t *testing.T) {
	loop := writeFile(t, "loop.s", "r1 = 0\nr2 = 0\nr2 += 1\nif r2 < 0x400 goto pc-2\nr1 += 1\nif r1 < 0x400 goto pc-5\nr0 = 0\nexit\n")
	code, out, errOut := bpfcheck("", "verify", "--format", "json", "--profile", "linux-6.18", "--timeout", "1ns", loop)
	if code != exitRejected || !strings.Contains(out, `"verdict":"unsupported"`) || !strings.Contains(out, `"code":"time-limit"`) {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
}

// TestStateMemoryFlag: --max-state-memory stops a linux-6.18 walk that
// stores more with one unsupported record, code state-limit, naming the
// limit; a bad size is a usage error; linux-4.2 ignores the limit.
func TestStateMemoryFlag(t *testing.T) {
	var b strings.Builder
	b.WriteString("r6 = r1\nr2 = *(u32 *)(r6 +0)\nr0 = 0\n")
	for i := 0; i < 400; i++ {
		b.WriteString("if r2 > 0x" + strconv.FormatInt(int64(i), 16) + " goto pc+1\n*(u64 *)(r10 -" + strconv.Itoa(8*(1+i%64)) + ") = r0\nr0 += 1\n")
	}
	b.WriteString("exit\n")
	prog := writeFile(t, "branches.s", b.String())
	code, out, errOut := bpfcheck("", "verify", "--format", "json", "--profile", "linux-6.18", "--max-state-memory", "256K", prog)
	if code != exitRejected || !strings.Contains(out, `"verdict":"unsupported"`) || !strings.Contains(out, `"code":"state-limit"`) ||
		!strings.Contains(out, "verification stopped at the stored-state memory limit of 256K (") {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = bpfcheck("", "verify", "--format", "json", "--profile", "linux-4.2", "--max-state-memory", "1K", prog)
	if strings.Contains(out, "state-limit") {
		t.Errorf("linux-4.2 applied the limit: exit %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut := bpfcheck("", "verify", "--max-state-memory", "lots", prog); code != exitUsage || !strings.Contains(errOut, "positive number of bytes") {
		t.Errorf("bad --max-state-memory: exit %d, %q", code, errOut)
	}
}

// TestDefaultLimitsInHelp: verify's help names the default time limit
// (60s) and stored-state memory limit (512M).
func TestDefaultLimitsInHelp(t *testing.T) {
	_, out, errOut := bpfcheck("", "verify", "--help")
	help := out + errOut
	for _, want := range []string{"-timeout DURATION", "(default 1m0s)", "-max-state-memory SIZE", "default 512M"} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %q:\n%s", want, help)
		}
	}
}

// TestRunRefusesUnverifiedBranch: a program linux-4.2 accepts only as the
// 2015 kernel does, with a branch it never verified (warning
// const-jmp-unverified), is not run: one clear message, no crash.
func TestRunRefusesUnverifiedBranch(t *testing.T) {
	prog := writeFile(t, "jeq32.s", "w1 = -1\nif r1 == -1 goto +1\nr0 = *(u64 *)(r0 +0)\nr0 = 0\nexit\n")
	code, out, errOut := bpfcheck("", "run", "--profile", "linux-4.2", prog)
	if code != exitRejected || !strings.Contains(errOut, "not run: the kernel follows only one branch") || !strings.Contains(errOut, "[const-jmp-unverified]") {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut := bpfcheck("", "run", "--profile", "linux-6.18", prog); code != exitRejected || !strings.Contains(errOut, "R0 !read_ok") {
		t.Errorf("linux-6.18: exit %d, %s", code, errOut)
	}
}
