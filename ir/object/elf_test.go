package object

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/ir"
)

// compileC compiles testdata/NAME.c with clang -target bpf, skipping the
// test where clang is absent.
func compileC(t *testing.T, name string) string {
	t.Helper()
	clang, err := exec.LookPath("clang")
	if err != nil {
		t.Skip("clang not installed")
	}
	out := filepath.Join(t.TempDir(), name+".o")
	cmd := exec.Command(clang, "-O2", "-g", "-target", "bpf", "-c", filepath.Join("testdata", name+".c"), "-o", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("clang: %v\n%s", err, msg)
	}
	return out
}

// objdumpFacts runs llvm-objdump -dr and returns, per function symbol, the
// number of slots and the map symbol each relocated slot refers to.
func objdumpFacts(t *testing.T, obj string) (slots map[string]int, relocs map[string]map[int]string) {
	t.Helper()
	tool, err := exec.LookPath("llvm-objdump")
	if err != nil {
		t.Skip("llvm-objdump not installed")
	}
	out, err := exec.Command(tool, "-dr", obj).Output()
	if err != nil {
		t.Fatalf("llvm-objdump: %v", err)
	}
	fn := regexp.MustCompile(`^[0-9a-f]{16} <(\w+)>:$`)
	insn := regexp.MustCompile(`^\s*(\d+):\s+((?:[0-9a-f]{2}\s){8})((?:[0-9a-f]{2}\s){8})?`)
	reloc := regexp.MustCompile(`^\s*([0-9a-f]+):\s+R_BPF_64_64\s+(\w+)`)
	slots, relocs = map[string]int{}, map[string]map[int]string{}
	cur, section := "", ""
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "Disassembly of section ") {
			section = strings.TrimSuffix(strings.TrimPrefix(line, "Disassembly of section "), ":")
			cur = ""
			continue
		}
		if m := fn.FindStringSubmatch(line); m != nil {
			if strings.HasPrefix(m[1], "LBB") {
				continue
			}
			cur = m[1]
			if section == ".text" {
				cur = ".text" // subprograms count together
			}
			if relocs[cur] == nil {
				relocs[cur] = map[int]string{}
			}
			continue
		}
		if cur == "" {
			continue
		}
		if m := insn.FindStringSubmatch(line); m != nil {
			i, _ := strconv.Atoi(m[1])
			n := 1
			if m[3] != "" {
				n = 2
			}
			if section == ".text" {
				slots[cur] = max(slots[cur], i+n)
			} else {
				slots[cur] = i + n
			}
		} else if m := reloc.FindStringSubmatch(line); m != nil {
			off, _ := strconv.ParseInt(m[1], 16, 64)
			relocs[cur][int(off/8)] = m[2]
		}
	}
	return slots, relocs
}

func TestLoadELFMatchesObjdump(t *testing.T) {
	for _, name := range []string{"legacy_maps", "btf_maps"} {
		t.Run(name, func(t *testing.T) {
			obj := compileC(t, name)
			data, err := os.ReadFile(obj)
			if err != nil {
				t.Fatal(err)
			}
			progs, err := Load(obj, data, Options{})
			if err != nil {
				t.Fatal(err)
			}
			slots, relocs := objdumpFacts(t, obj)
			for _, p := range progs {
				// Programs carry the .text subprograms they call.
				want := slots[p.Name]
				if calls(p) {
					want += slots[".text"]
				}
				if len(p.Insns) != want {
					t.Errorf("%s: %d slots, llvm-objdump shows %d", p.Name, len(p.Insns), want)
				}
				for slot, sym := range relocs[p.Name] {
					ins := p.Insns[slot]
					if !ins.Opcode.IsLoadImm64() || ins.Src != ir.PseudoMapFD || int(ins.Imm) >= len(p.Maps) || p.Maps[ins.Imm].Name != sym {
						t.Errorf("%s slot %d: objdump relocates it to map %s, we load %#v", p.Name, slot, sym, ins)
					}
				}
				if p.License == "" || len(p.Lines) == 0 {
					t.Errorf("%s: license %q and %d line infos; want both present", p.Name, p.License, len(p.Lines))
				}
			}
		})
	}
}

func calls(p *ir.Program) bool {
	for _, ins := range p.Insns {
		if ins.Opcode == ir.OpCall && ins.Src == ir.CallLocal {
			return true
		}
	}
	return false
}

func TestLoadELFProgramFacts(t *testing.T) {
	obj := compileC(t, "legacy_maps")
	data, _ := os.ReadFile(obj)
	progs, err := Load(obj, data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(progs) != 2 || progs[0].Name != "count_proto" || progs[1].Name != "probe_write" {
		t.Fatalf("want count_proto then probe_write in section order, got %d programs", len(progs))
	}
	if progs[0].Type != ir.ProgTypeSocketFilter || progs[1].Type != ir.ProgTypeKprobe {
		t.Errorf("types from sections: got %v and %v", progs[0].Type, progs[1].Type)
	}
	if m := progs[0].Maps; len(m) != 2 || m[0].Name != "counts" || m[0].Type != ir.MapTypeArray || m[0].ValueSize != 8 || m[1].MaxEntries != 1024 {
		t.Errorf("maps: %+v", m)
	}
	if l, ok := progs[0].SourceLine(6); !ok || !strings.Contains(l.Text, "bpf_map_lookup_elem") {
		t.Errorf("slot 6 should map to the lookup's source line, got %+v", l)
	}
	only, err := Load(obj, data, Options{LoadOptions: ir.LoadOptions{Section: "kprobe/sys_write", Type: ir.ProgTypeSocketFilter, License: "MIT"}})
	if err != nil || len(only) != 1 || only[0].Type != ir.ProgTypeSocketFilter || only[0].License != "MIT" {
		t.Errorf("--section/--type/--license overrides: %v %+v", err, only)
	}
}

// TestLoadCorruptELF truncates and corrupts a real object: every variant
// must give an error or programs, never a panic.
func TestLoadCorruptELF(t *testing.T) {
	obj := compileC(t, "btf_maps")
	data, _ := os.ReadFile(obj)
	for n := 0; n < len(data); n += 1 + n/16 {
		if _, err := Load("trunc.o", data[:n], Options{}); err == nil && n < 64 {
			t.Errorf("a %d-byte prefix of an ELF object loaded without error", n)
		}
	}
	for i := 0; i < len(data); i += 7 {
		bad := bytes.Clone(data)
		bad[i] ^= 0xa5
		Load("flip.o", bad, Options{}) // must not panic
	}
	host, err := os.Executable()
	if err == nil {
		hostData, _ := os.ReadFile(host)
		if _, err := Load("host", hostData, Options{}); err == nil || !strings.Contains(err.Error(), "not BPF") {
			t.Errorf("a host executable: got %v, want a 'not BPF' error", err)
		}
	}
}

// TestLoadLegacy16ByteMaps loads 2015-style 16-byte map definitions.
func TestLoadLegacy16ByteMaps(t *testing.T) {
	obj := compileC(t, "legacy16")
	data, _ := os.ReadFile(obj)
	progs, err := Load(obj, data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := progs[0].Maps
	want := []ir.MapSpec{
		{Name: "first", Type: ir.MapTypeArray, KeySize: 4, ValueSize: 8, MaxEntries: 16},
		{Name: "second", Type: ir.MapTypeHash, KeySize: 8, ValueSize: 32, MaxEntries: 1024},
	}
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("maps %+v, want %+v", m, want)
	}
	_, relocs := objdumpFacts(t, obj)
	for slot, sym := range relocs["prog"] {
		if ins := progs[0].Insns[slot]; ins.Src != ir.PseudoMapFD || m[ins.Imm].Name != sym {
			t.Errorf("slot %d: objdump says %s, we load %+v", slot, sym, ins)
		}
	}
}

// TestLoadSectionWithoutSymbols assembles an object whose socket section has
// no symbol (one program, named after the section) beside a classifier
// function, with llvm-mc, an assembler independent of ours.
func TestLoadSectionWithoutSymbols(t *testing.T) {
	progs := loadLLVMMC(t, `
	.section	socket,"ax",@progbits
	r0 = 7
	exit
	.section	classifier,"ax",@progbits
	.globl	tc
	.type	tc,@function
tc:
	r0 = 1
	exit
	.size	tc, .-tc
	.section	license,"aw",@progbits
	.ascii	"GPL\000"
`)
	if len(progs) != 2 || progs[0].Name != "socket" || progs[0].Type != ir.ProgTypeSocketFilter || progs[0].License != "GPL" ||
		len(progs[0].Insns) != 2 || progs[0].Insns[0].Imm != 7 || progs[1].Name != "tc" || progs[1].Type != ir.ProgTypeSchedCLS {
		t.Fatalf("got %d programs: %+v", len(progs), progs)
	}
}

// TestLLVMRoundTrip assembles llvm syntax with llvm-mc and checks that our
// disassembly reassembles to llvm-mc's exact bytes.
func TestLLVMRoundTrip(t *testing.T) {
	progs := loadLLVMMC(t, `
	.section	socket,"ax",@progbits
	.globl	p
	.type	p,@function
p:
	r0 = *(u32 *)(r1 + 4)
	w2 = w0
	w2 += 7
	r3 = 0x123456789 ll
	*(u64 *)(r10 - 8) = r3
	lock *(u64 *)(r10 - 8) += r2
	r0 = be16 r0
	if r0 s> r2 goto +1
	r0 = -r0
	r0 s>>= 3
	if w0 == 5 goto +0
	exit
	.size	p, .-p
`)
	want := ir.Encode(progs[0].Insns)
	if len(progs[0].Insns) != 13 {
		t.Fatalf("llvm-mc produced %d slots, want 13", len(progs[0].Insns))
	}
	got, err := ir.Assemble(ir.Disassemble(progs[0].Insns))
	if err != nil || !bytes.Equal(ir.Encode(got), want) {
		t.Fatalf("our disassembly does not reassemble to llvm-mc's bytes: %v\n%s", err, ir.Disassemble(progs[0].Insns))
	}
}

// loadLLVMMC assembles src with llvm-mc (skipping the test without it) and
// loads the object.
func loadLLVMMC(t *testing.T, src string) []*ir.Program {
	t.Helper()
	mc, err := exec.LookPath("llvm-mc")
	if err != nil {
		t.Skip("llvm-mc not installed")
	}
	dir := t.TempDir()
	in, obj := filepath.Join(dir, "in.s"), filepath.Join(dir, "out.o")
	if err := os.WriteFile(in, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(mc, "-triple", "bpfel", "-filetype=obj", in, "-o", obj).CombinedOutput(); err != nil {
		t.Fatalf("llvm-mc: %v\n%s", err, out)
	}
	data, _ := os.ReadFile(obj)
	progs, err := Load(obj, data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return progs
}
