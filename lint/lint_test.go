package lint_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cilium/ebpf"

	"github.com/bpfcheck/bpfcheck/lint"
)

func compile(t *testing.T, src string, flags ...string) string {
	clang, err := exec.LookPath("clang")
	if err != nil {
		t.Skip("clang not installed")
	}
	obj := filepath.Join(t.TempDir(), strings.TrimSuffix(filepath.Base(src), ".c")+".o")
	args := append([]string{"-O2", "-target", "bpf", "-c", src, "-o", obj}, flags...)
	if out, err := exec.Command(clang, args...).CombinedOutput(); err != nil {
		t.Fatalf("clang: %v\n%s", err, out)
	}
	return obj
}

// TestClangObject checks findings on a clang-built object: the position is
// the C source line, the code is stable and the fix comes from the catalogue.
func TestClangObject(t *testing.T) {
	obj := compile(t, "../corpus/c/null_deref.c", "-g")
	rep, err := lint.File(obj, lint.Options{Profile: "linux-4.2"})
	if err != nil {
		t.Fatal(err)
	}
	ds := rep.Diagnostics()
	if len(ds) != 1 || rep.Accepted() {
		t.Fatalf("want one finding, got %v", ds)
	}
	d := ds[0]
	if d.Severity != lint.Error || d.Code != "invalid-mem-access" || d.Errno != "EACCES" || !strings.HasSuffix(d.Pos.File, "null_deref.c") ||
		d.Pos.Line != 16 || d.Pos.Program != "peek" || d.Pos.Section != "socket" || !strings.Contains(d.Fix, "against NULL") || d.Why == "" {
		t.Errorf("unexpected diagnostic %+v", d)
	}
	if !strings.Contains(d.String(), "null_deref.c:16:") {
		t.Errorf("String: %s", d)
	}

	ok := compile(t, "../corpus/c/count_packets.c", "-g")
	rep, err = lint.File(ok, lint.Options{Profile: "linux-4.2"})
	if err != nil || !rep.Accepted() || len(rep.Diagnostics()) != 0 {
		t.Errorf("an accepted object must have no findings: %v %v", err, rep.Diagnostics())
	}
}

// TestObjectBytes verifies an object held in memory, as bpf2go embeds it.
func TestObjectBytes(t *testing.T) {
	data, err := os.ReadFile(compile(t, "../corpus/c/value_oob.c", "-g"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := lint.Object("value_oob.o", data, lint.Options{Profile: "linux-4.2"})
	if err != nil || len(rep.Diagnostics()) != 1 || rep.Diagnostics()[0].Code != "map-value-bounds" {
		t.Fatalf("%v %v", err, rep)
	}
}

func TestInputErrors(t *testing.T) {
	nog := compile(t, "../corpus/c/null_deref.c") // no -g: BTF maps without BTF
	_, err := lint.File(nog, lint.Options{})
	var ie *lint.InputError
	if !errors.As(err, &ie) || ie.Code != "invalid-input" || !strings.Contains(ie.Hint, "-g") {
		t.Errorf("an object without -g: %v (%+v)", err, ie)
	}
	if _, err := lint.Object("junk", []byte{1, 2, 3}, lint.Options{}); !errors.As(err, &ie) || ie.Code != "invalid-input" {
		t.Errorf("junk bytes: %v", err)
	}
	if _, err := lint.Object("x", []byte("exit\n"), lint.Options{Profile: "linux-0.1"}); err == nil || errors.As(err, &ie) {
		t.Errorf("an unknown profile is a plain error, not an input error: %v", err)
	}
}

// TestEmptyLicense: an explicit empty license is not GPL-compatible.
func TestEmptyLicense(t *testing.T) {
	empty := ""
	rep, err := lint.Object("p.s", []byte("call 5\nexit\n"), lint.Options{Profile: "linux-4.2", License: &empty})
	if err != nil || len(rep.Diagnostics()) != 1 || rep.Diagnostics()[0].Code != "gpl-only-func" {
		t.Fatalf("%v %v", err, rep)
	}
	rep, err = lint.Object("p.s", []byte("call 5\nexit\n"), lint.Options{Profile: "linux-4.2"})
	if err != nil || !rep.Accepted() {
		t.Fatalf("text input defaults to GPL: %v %v", err, rep)
	}
}

// TestAssemblyLines: diagnostics on assembly text point at the file's line,
// across comments, labels and two-slot ld_imm64 instructions.
func TestAssemblyLines(t *testing.T) {
	src := "# header\n\nr1 = 0x100000000 ll\nstart:\n\tif r1 == 0 goto out\n\tr0 = *(u64 *)(r10 -8)\nout:\n\tr0 = 0\n\texit\n"
	rep, err := lint.Object("p.s", []byte(src), lint.Options{Profile: "linux-4.2"})
	if err != nil {
		t.Fatal(err)
	}
	ds := rep.Diagnostics()
	if len(ds) != 1 || ds[0].Pos.Line != 6 || ds[0].Pos.Insn != 3 || ds[0].Pos.Text != "r0 = *(u64 *)(r10 -8)" || ds[0].Pos.File != "p.s" {
		t.Fatalf("%+v", ds)
	}
}

// TestSpec verifies a cilium/ebpf CollectionSpec and finds what File finds.
func TestSpec(t *testing.T) {
	obj := compile(t, "../corpus/c/null_deref.c", "-g")
	spec, err := ebpf.LoadCollectionSpec(obj)
	if err != nil {
		t.Fatal(err)
	}
	fromSpec, err := lint.Spec("null_deref.o", spec, lint.Options{Profile: "linux-4.2"})
	if err != nil {
		t.Fatal(err)
	}
	fromFile, err := lint.File(obj, lint.Options{Profile: "linux-4.2"})
	if err != nil {
		t.Fatal(err)
	}
	a, b := fromSpec.Diagnostics(), fromFile.Diagnostics()
	if len(a) != 1 || len(b) != 1 || a[0].Code != b[0].Code || a[0].Pos.Line != b[0].Pos.Line || a[0].Pos.Insn != b[0].Pos.Insn || a[0].Pos.Object != "null_deref.o" {
		t.Errorf("spec %v, file %v", a, b)
	}
}
