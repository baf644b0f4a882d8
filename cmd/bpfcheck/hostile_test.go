package main

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const hostileC = `
struct { int type; int key_size; int value_size; int max_entries; } m __attribute__((section("maps"), used)) = {1, 4, 8, 16};
__attribute__((section("socket1"), used)) int prog(void *ctx) { return 0; }
__attribute__((section("socket2"), used)) int prog2(void *ctx) { int x = 1; return x + 1; }
char _license[] __attribute__((section("license"), used)) = "GPL";
`

// patchSection returns obj with fn applied to the bytes of one section.
func patchSection(t *testing.T, obj []byte, name string, fn func(b []byte)) []byte {
	f, err := elf.NewFile(bytes.NewReader(obj))
	if err != nil {
		t.Fatal(err)
	}
	s := f.Section(name)
	if s == nil {
		t.Skipf("clang wrote no %s section", name)
	}
	out := append([]byte(nil), obj...)
	fn(out[s.Offset : s.Offset+s.FileSize])
	return out
}

// TestHostileInputDirectory verifies a directory mixing good objects with
// truncated ones and ones with corrupt, huge or malformed BTF and line
// info, plus garbage raw files, broken assembly, an empty file, an x86-64
// object and a file over the size limit named on the command line: every
// bad input is exactly one error record with a code and a message, every
// good program is still reported, nothing panics, and the exit status is 2.
func TestHostileInputDirectory(t *testing.T) {
	clang, err := exec.LookPath("clang")
	if err != nil {
		t.Skip("clang not installed")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "x.c")
	if err := os.WriteFile(src, []byte(hostileC), 0o644); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "tree", "good.o")
	os.MkdirAll(filepath.Dir(good), 0o755)
	for _, c := range [][]string{{"-O2", "-g", "-target", "bpf", "-c", src, "-o", good}, {"-O2", "-c", src, "-o", filepath.Join(dir, "x86.o")}} {
		if out, err := exec.Command(clang, c...).CombinedOutput(); err != nil {
			t.Skipf("clang: %v\n%s", err, out)
		}
	}
	obj, _ := os.ReadFile(good)
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bad := map[string]bool{} // paths that must be one error record each
	for name, b := range map[string][]byte{
		"tree/truncated-header.o": obj[:64],
		"tree/truncated-half.o":   obj[:len(obj)/2],
		"tree/btf-garbage.o": patchSection(t, obj, ".BTF", func(b []byte) {
			for i := 24; i < len(b); i++ {
				b[i] = 0xff
			}
		}),
		"tree/btf-huge.o": patchSection(t, obj, ".BTF", func(b []byte) {
			binary.LittleEndian.PutUint32(b[12:], 0x7fffffff) // type_len
		}),
		"tree/lineinfo-huge.o": patchSection(t, obj, ".BTF.ext", func(b []byte) {
			binary.LittleEndian.PutUint32(b[20:], 0x7ffffff0) // line_info_len
		}),
		"tree/lineinfo-garbage.o": patchSection(t, obj, ".BTF.ext", func(b []byte) {
			for i := 8; i < len(b); i++ {
				b[i] = byte(i * 37)
			}
		}),
	} {
		bad[write(name, b)] = true
	}
	explicit := []string{}
	for name, content := range map[string][]byte{
		"garbage.bin": []byte("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d"),
		"empty.bin":   {},
		"broken.s":    []byte("r0 = 0\nr0 +== 1\nexit\n"),
		"big.bin":     make([]byte, 8<<10),
	} {
		p := write(name, content)
		explicit = append(explicit, p)
		bad[p] = true
	}
	x86 := filepath.Join(dir, "x86.o")
	explicit = append(explicit, x86, write("good.s", []byte("r0 = 0\nexit\n")))
	bad[x86] = true

	args := append([]string{"verify", "--format", "json", "--max-input-size", "6K", filepath.Join(dir, "tree")}, explicit...)
	code, out, errOut := bpfcheck("", args...)
	if code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	errors := map[string]int{}
	programs := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var rec struct {
			File, Verdict string
			Error         *struct{ Code, Message string }
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("not JSON: %q (%v)\nstderr: %s", line, err, errOut)
		}
		if rec.Verdict == "error" {
			if rec.Error == nil || rec.Error.Code == "" || rec.Error.Message == "" {
				t.Errorf("error record without code or message: %s", line)
			}
			errors[rec.File]++
		} else {
			programs[rec.File]++
		}
	}
	for p := range bad {
		if errors[p] != 1 && programs[p] == 0 {
			t.Errorf("%s: %d error records, want 1 (or its programs)\n%s", filepath.Base(p), errors[p], out)
		}
	}
	if programs[good] != 2 || programs[filepath.Join(dir, "good.s")] != 1 {
		t.Errorf("good inputs: %v\n%s", programs, out)
	}
	if t.Failed() {
		t.Logf("\n%s", out)
	}
}
