package object

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cilium/ebpf/btf"

	"github.com/bpfcheck/bpfcheck/ir"
)

// Tests of the object classes issue 10 lists, each with an object built
// here: by clang, by llvm-mc, or by patching a clang object's bytes into
// the legacy forms clang no longer emits.

// prelude stands in for libbpf's headers, so that the tests need clang only.
const prelude = `
#define SEC(n) __attribute__((section(n), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]
#define __ksym __attribute__((section(".ksyms")))
#define __kconfig __attribute__((section(".kconfig")))
#define __weak __attribute__((weak))
static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *)1;
enum { BPF_MAP_TYPE_HASH = 1, BPF_MAP_TYPE_ARRAY = 2, BPF_MAP_TYPE_ARRAY_OF_MAPS = 12, BPF_MAP_TYPE_HASH_OF_MAPS = 13 };
struct xdp_md { unsigned data, data_end, data_meta, ingress_ifindex, rx_queue_index, egress_ifindex; };
`

// buildC compiles C source with clang -O2 -g -target bpf (libbpf's headers
// on the include path), skipping the test without clang.
func buildC(t testing.TB, src string) []byte {
	t.Helper()
	clang, err := exec.LookPath("clang")
	if err != nil {
		t.Skip("clang not installed")
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "x.c"), filepath.Join(dir, "x.o")
	if err := os.WriteFile(in, []byte(prelude+src), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(clang, "-O2", "-g", "-target", "bpf", "-c", in, "-o", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("clang: %v\n%s", err, msg)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func mustLoad(t *testing.T, data []byte, opts Options) []*ir.Program {
	t.Helper()
	progs, err := Load("x.o", data, opts)
	if err != nil {
		t.Fatal(err)
	}
	return progs
}

func byName(t *testing.T, progs []*ir.Program, name string) *ir.Program {
	t.Helper()
	for _, p := range progs {
		if p.Name == name {
			return p
		}
	}
	var names []string
	for _, p := range progs {
		names = append(names, p.Name)
	}
	t.Fatalf("no program %s among %v", name, names)
	return nil
}

// patchSymbols rewrites the size of every symbol keep says to (size 0 as
// old clang wrote them).
func patchSymbols(t *testing.T, data []byte, zero func(elf.Symbol, string) bool) []byte {
	t.Helper()
	ef, err := elf.NewFile(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	symtab := ef.SectionByType(elf.SHT_SYMTAB)
	syms, _ := ef.Symbols()
	out := bytes.Clone(data)
	for i, s := range syms {
		sec := ""
		if int(s.Section) < len(ef.Sections) {
			sec = ef.Sections[s.Section].Name
		}
		if zero(s, sec) {
			at := symtab.Offset + uint64(i+1)*24
			binary.LittleEndian.PutUint64(out[at+16:], 0)
		}
	}
	return out
}

const legacyMapsC = `
struct def { unsigned type, key, value, max, flags, inner_idx, numa; };
struct def inner SEC("maps") = { BPF_MAP_TYPE_ARRAY, 4, 8, 16 };
struct def outer SEC("maps") = { BPF_MAP_TYPE_ARRAY_OF_MAPS, 4, 4, 8, 0, 0 };
static struct def hidden SEC("maps") = { BPF_MAP_TYPE_HASH, 8, 16, 32 };
SEC("socket1") int prog(void *ctx) {
	int k = 0;
	void *m = bpf_map_lookup_elem(&outer, &k);
	void *h = bpf_map_lookup_elem(&hidden, &k);
	return (m != 0) + (h != 0) + (bpf_map_lookup_elem(&inner, &k) != 0);
}
char _license[] SEC("license") = "GPL";
`

// Legacy maps records of 28 bytes whose symbols have size 0 (old clang):
// the record size follows from the section size; a static (local) map
// loads; the map-in-map names its inner map by index (samples/bpf).
func TestLegacyMapsSizeZeroSymbols(t *testing.T) {
	data := patchSymbols(t, buildC(t, legacyMapsC), func(s elf.Symbol, sec string) bool { return sec == "maps" })
	p := mustLoad(t, data, Options{})[0]
	if len(p.Maps) != 3 {
		t.Fatalf("maps %+v", p.Maps)
	}
	want := map[string]ir.MapSpec{
		"inner":  {Name: "inner", Type: ir.MapTypeArray, KeySize: 4, ValueSize: 8, MaxEntries: 16},
		"hidden": {Name: "hidden", Type: ir.MapTypeHash, KeySize: 8, ValueSize: 16, MaxEntries: 32},
	}
	for _, m := range p.Maps {
		if w, ok := want[m.Name]; ok && (m.Type != w.Type || m.KeySize != w.KeySize || m.ValueSize != w.ValueSize || m.MaxEntries != w.MaxEntries) {
			t.Errorf("map %s: %+v, want %+v", m.Name, m, w)
		}
		if m.Name == "outer" && (m.Inner == nil || m.Inner.Name != "inner") {
			t.Errorf("outer's inner map: %+v", m.Inner)
		}
	}
	seen := map[string]bool{}
	for _, ins := range p.Insns {
		if ins.Opcode == opLdImm64 && ins.Src == ir.PseudoMapFD {
			seen[p.Maps[ins.Imm].Name] = true
		}
	}
	if len(seen) != 3 {
		t.Errorf("map loads refer to %v, want all three maps", seen)
	}
}

// iproute2's struct bpf_elf_map (36 bytes) names the inner map by id.
func TestLegacyMapsIproute2(t *testing.T) {
	src := `
struct bpf_elf_map { unsigned type, size_key, size_value, max_elem, flags, id, pinning, inner_id, inner_idx; };
struct bpf_elf_map in SEC("maps") = { .type = BPF_MAP_TYPE_HASH, .size_key = 4, .size_value = 4, .max_elem = 2, .id = 7 };
struct bpf_elf_map out SEC("maps") = { .type = BPF_MAP_TYPE_HASH_OF_MAPS, .size_key = 4, .size_value = 4, .max_elem = 2, .inner_id = 7 };
SEC("classifier") int cls(void *ctx) { int k = 0; return bpf_map_lookup_elem(&out, &k) != 0; }
`
	data := patchSymbols(t, buildC(t, src), func(s elf.Symbol, sec string) bool { return sec == "maps" })
	p := mustLoad(t, data, Options{})[0]
	for _, m := range p.Maps {
		if m.Name == "out" && (m.Inner == nil || m.Inner.Name != "in" || m.Inner.MaxEntries != 2) {
			t.Errorf("out's inner map %+v", m.Inner)
		}
	}
	if p.Type != ir.ProgTypeSchedCLS {
		t.Errorf("type %v", p.Type)
	}
}

const twoFuncsC = `
static __attribute__((noinline)) int helper(int x) { return x * 3; }
__attribute__((noinline)) int global_fn(int x __attribute__((btf_decl_tag("arg:nullable")))) { return x + 1; }
__attribute__((weak)) int weak_fn(int x) { return x - 1; }
SEC("xdp") int first(struct xdp_md *ctx) { return helper(ctx->ingress_ifindex) & 3; }
SEC("xdp") int second(struct xdp_md *ctx) { return global_fn(2) + weak_fn(1); }
char _license[] SEC("license") = "GPL";
`

// Function symbols of size 0 run to the next symbol; .text global and
// weak functions are programs of their own; subprograms are linked with
// their BTF func info.
func TestFunctionsAndSubprograms(t *testing.T) {
	data := buildC(t, twoFuncsC)
	want := mustLoad(t, data, Options{})
	zero := patchSymbols(t, data, func(s elf.Symbol, sec string) bool { return elf.ST_TYPE(s.Info) == elf.STT_FUNC })
	got := mustLoad(t, zero, Options{})
	if len(got) != len(want) {
		t.Fatalf("%d programs with size-0 symbols, %d without", len(got), len(want))
	}
	for i := range got {
		if !bytes.Equal(ir.Encode(got[i].Insns), ir.Encode(want[i].Insns)) {
			t.Errorf("%s: size-0 symbols change the instructions", got[i].Name)
		}
	}
	var names []string
	for _, p := range want {
		names = append(names, p.Section+":"+p.Name)
	}
	if strings.Join(names, " ") != ".text:global_fn .text:weak_fn xdp:first xdp:second" {
		t.Errorf("programs %v", names)
	}
	first := byName(t, want, "first")
	if first.Type.String() != "xdp" || !first.HasAttachType || first.AttachType.String() != "xdp" {
		t.Errorf("first: type %v attach %v", first.Type, first.AttachType)
	}
	if len(first.Funcs) != 2 || first.Funcs[0].Name != "first" || first.Funcs[1].Name != "helper" || first.Funcs[1].Global {
		t.Fatalf("first's funcs %+v", first.Funcs)
	}
	found := false
	for i, ins := range first.Insns[:first.Funcs[1].Insn] {
		if ins.Opcode == opCall && ins.Src == ir.CallLocal {
			found = i+int(ins.Imm)+1 == first.Funcs[1].Insn
		}
	}
	if !found {
		t.Errorf("first's call does not reach helper at slot %d", first.Funcs[1].Insn)
	}
	second := byName(t, want, "second")
	if len(second.Funcs) != 3 || !second.Funcs[1].Global || second.Funcs[1].Proto == nil ||
		len(second.Funcs[1].Proto.Params) != 1 || second.Funcs[1].Proto.Params[0].Kind != ir.ArgScalar || second.Funcs[1].Proto.Return != ir.ArgScalar ||
		len(second.Funcs[1].Proto.Params[0].Tags) != 1 || second.Funcs[1].Proto.Params[0].Tags[0] != "arg:nullable" {
		t.Errorf("second's funcs %+v", second.Funcs)
	}
	if g := byName(t, want, "global_fn"); g.Type != ir.ProgTypeUnspec || len(g.Funcs) != 1 {
		t.Errorf(".text program global_fn: type %v funcs %+v", g.Type, g.Funcs)
	}
}

// A call to a function the object does not define is recorded at its call
// site; the other programs load as usual.
func TestUndefinedCall(t *testing.T) {
	src := `
extern int not_inlined(void *p, int n);
SEC("socket") int calls(void *ctx) { char buf[8]; return not_inlined(buf, 8); }
SEC("socket") int clean(void *ctx) { return 0; }
`
	progs := mustLoad(t, buildC(t, src), Options{})
	c := byName(t, progs, "calls")
	if len(c.UndefinedCalls) != 1 || c.UndefinedCalls[0].Name != "not_inlined" {
		t.Fatalf("undefined calls %+v", c.UndefinedCalls)
	}
	ins := c.Insns[c.UndefinedCalls[0].Insn]
	if ins.Opcode != opCall || ins.Src != ir.CallLocal || ins.Imm != -1 {
		t.Errorf("the call is %+v, want call pc-1 (src 1, imm -1)", ins)
	}
	if l, ok := c.SourceLine(c.UndefinedCalls[0].Insn); !ok || !strings.Contains(l.Text, "not_inlined") {
		t.Errorf("source line %+v", l)
	}
	if u := byName(t, progs, "clean").UndefinedCalls; len(u) != 0 {
		t.Errorf("clean: %+v", u)
	}
}

// Objects whose e_machine is EM_NONE (old LLVM) load when their sections
// are BPF; a non-BPF object does not.
func TestEMNone(t *testing.T) {
	data := bytes.Clone(buildC(t, twoFuncsC))
	binary.LittleEndian.PutUint16(data[18:], uint16(elf.EM_NONE))
	if progs := mustLoad(t, data, Options{}); len(progs) != 4 {
		t.Errorf("%d programs", len(progs))
	}
	binary.LittleEndian.PutUint16(data[18:], uint16(elf.EM_X86_64))
	if _, err := Load("x.o", data, Options{}); err == nil || !strings.Contains(err.Error(), "not BPF") {
		t.Errorf("EM_X86_64: %v", err)
	}
}

// Global data sections become one-element array maps; .rodata is frozen
// with its bytes; loads are LD_IMM64 src 2 with the offset in the second
// slot; .kconfig externs come from Options.Kconfig.
func TestGlobalDataAndKconfig(t *testing.T) {
	src := `
const volatile int limit = 42;
const volatile int second = 7;
int counter = 5;
int zeroed;
extern int LINUX_KERNEL_VERSION __kconfig;
extern int CONFIG_HZ __kconfig __weak;
SEC("socket") int prog(void *ctx) {
	counter++; zeroed++;
	return limit + second + LINUX_KERNEL_VERSION + CONFIG_HZ;
}
`
	p := mustLoad(t, buildC(t, src), Options{Kconfig: map[string]string{"CONFIG_HZ": "250"}})[0]
	maps := map[string]ir.MapSpec{}
	for _, m := range p.Maps {
		maps[m.Name] = m
	}
	ro := maps[".rodata"]
	if ro.Data != ".rodata" || !ro.Frozen || ro.ValueSize != 8 || ro.MaxEntries != 1 || binary.LittleEndian.Uint32(ro.Contents) != 42 || binary.LittleEndian.Uint32(ro.Contents[4:]) != 7 {
		t.Errorf(".rodata %+v", ro)
	}
	if d := maps[".data"]; d.Frozen || binary.LittleEndian.Uint32(d.Contents) != 5 {
		t.Errorf(".data %+v", d)
	}
	if b := maps[".bss"]; b.Frozen || len(b.Contents) != 4 || b.Contents[0] != 0 {
		t.Errorf(".bss %+v", b)
	}
	kc := maps[".kconfig"]
	if !kc.Frozen || kc.ValueSize != 8 {
		t.Fatalf(".kconfig %+v", kc)
	}
	vals := map[uint32]bool{binary.LittleEndian.Uint32(kc.Contents): true, binary.LittleEndian.Uint32(kc.Contents[4:]): true}
	if !vals[250] || !vals[kernelVersion] {
		t.Errorf(".kconfig contents %v", kc.Contents)
	}
	offs := map[string][]int32{}
	for i, ins := range p.Insns {
		if ins.Opcode == opLdImm64 && ins.Src == ir.PseudoMapValue {
			offs[p.Maps[ins.Imm].Name] = append(offs[p.Maps[ins.Imm].Name], p.Insns[i+1].Imm)
		}
	}
	if len(offs[".rodata"]) != 2 || offs[".rodata"][0]+offs[".rodata"][1] != 4 || len(offs[".kconfig"]) != 2 {
		t.Errorf("map value loads %v", offs)
	}
	// Unknown kconfig values leave the map unfrozen: its contents are
	// then not known.
	p = mustLoad(t, buildC(t, src), Options{Kconfig: map[string]string{}})[0]
	for _, m := range p.Maps {
		if m.Name == ".kconfig" && m.Frozen {
			t.Errorf(".kconfig frozen without a value for CONFIG_HZ")
		}
	}
}

// BTF map definitions, map-in-map with a typedef'd inner map.
func TestBTFMapInMap(t *testing.T) {
	src := `
struct inner { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 4); __type(key, int); __type(value, long); };
typedef struct inner inner_t;
struct { __uint(type, BPF_MAP_TYPE_HASH_OF_MAPS); __uint(max_entries, 2); __type(key, int); __array(values, inner_t); } outer SEC(".maps");
SEC("xdp") int prog(void *ctx) { int k = 0; return bpf_map_lookup_elem(&outer, &k) != 0; }
`
	p := mustLoad(t, buildC(t, src), Options{})[0]
	if len(p.Maps) != 1 || p.Maps[0].Type.String() != "hash_of_maps" || p.Maps[0].ValueSize != 4 || p.Maps[0].Inner == nil ||
		p.Maps[0].Inner.Type != ir.MapTypeArray || p.Maps[0].Inner.ValueSize != 8 {
		t.Fatalf("maps %+v inner %+v", p.Maps, p.Maps[0].Inner)
	}
}

// struct_ops programs are typed struct_ops and name the member they
// implement.
func TestStructOps(t *testing.T) {
	src := `
struct sock;
struct tcp_congestion_ops { unsigned (*ssthresh)(struct sock *sk); void (*init)(struct sock *sk); char name[16]; };
SEC("struct_ops/my_ssthresh") unsigned my_ssthresh(struct sock *sk) { return 2; }
SEC("struct_ops/my_init") void my_init(struct sock *sk) {}
SEC("struct_ops/other_init") void other_init(struct sock *sk) {}
SEC(".struct_ops") struct tcp_congestion_ops ops = { .ssthresh = (void *)my_ssthresh, .init = (void *)my_init, .name = "x" };
SEC(".struct_ops.link") struct tcp_congestion_ops ops_link = { .init = (void *)other_init, .name = "y" };
char _license[] SEC("license") = "GPL";
`
	data := buildC(t, src)
	own := filepath.Join(t.TempDir(), "own.o")
	os.WriteFile(own, data, 0o644)
	progs := mustLoad(t, data, Options{BTFPath: own})
	for _, c := range []struct{ name, to string }{{"my_ssthresh", "tcp_congestion_ops.ssthresh"}, {"my_init", "tcp_congestion_ops.init"}, {"other_init", "tcp_congestion_ops.init"}} {
		p := byName(t, progs, c.name)
		if p.Type.String() != "struct_ops" || p.AttachTo != c.to {
			t.Errorf("%s: type %v, attach to %q; want struct_ops, %q", c.name, p.Type, p.AttachTo, c.to)
		}
	}
	if _, err := Load("x.o", data, Options{BTFPath: filepath.Join(t.TempDir(), "missing")}); err == nil || !strings.Contains(err.Error(), "--btf") {
		t.Errorf("a missing --btf file: %v", err)
	}
}

// CO-RE field offsets are relocated against the target BTF: the running
// kernel's by default, the object's own when asked.
func TestCORE(t *testing.T) {
	src := `
struct task_struct { int pad; int pid; } __attribute__((preserve_access_index));
SEC("kprobe/x") int prog(struct task_struct *t) { return t->pid; }
char _license[] SEC("license") = "GPL";
`
	data := buildC(t, src)
	dir := t.TempDir()
	own := filepath.Join(dir, "own.o")
	os.WriteFile(own, data, 0o644)
	offsetOf := func(p *ir.Program) int32 {
		for _, ins := range p.Insns {
			if ins.Opcode == 0x61 { // r0 = *(u32 *)(r1 +off): off is the field offset
				return int32(ins.Off)
			}
		}
		return -1
	}
	if p := mustLoad(t, data, Options{BTFPath: own})[0]; offsetOf(p) != 4 {
		t.Errorf("against the object's own BTF: offset %d, want 4\n%s", offsetOf(p), ir.Disassemble(p.Insns))
	}
	if _, err := os.Stat(DefaultBTF); err != nil {
		t.Skip("no kernel BTF")
	}
	spec, err := btf.LoadSpec(DefaultBTF)
	if err != nil {
		t.Fatal(err)
	}
	var ts *btf.Struct
	if err := spec.TypeByName("task_struct", &ts); err != nil {
		t.Fatal(err)
	}
	want := int32(-1)
	for _, m := range ts.Members {
		if m.Name == "pid" {
			want = int32(m.Offset.Bytes())
		}
	}
	if p := mustLoad(t, data, Options{})[0]; offsetOf(p) != want || p.TargetBTF == nil {
		t.Errorf("against the kernel's BTF: offset %d, want %d", offsetOf(p), want)
	}
}

// The same object gives the same programs and the same errors every time.
func TestDeterministic(t *testing.T) {
	data := buildC(t, twoFuncsC)
	a, b := mustLoad(t, data, Options{}), mustLoad(t, data, Options{})
	for i := range a {
		if ir.Disassemble(a[i].Insns) != ir.Disassemble(b[i].Insns) || a[i].Name != b[i].Name {
			t.Errorf("program %d differs between loads", i)
		}
	}
}

// A __ksym function is a kfunc call with its id in the kernel BTF; the
// section gives the attach type and target.
func TestKfuncAndAttachTarget(t *testing.T) {
	if _, err := os.Stat(DefaultBTF); err != nil {
		t.Skip("no kernel BTF")
	}
	src := `
extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;
SEC("fentry/do_unlinkat") int f(void *ctx) { bpf_rcu_read_lock(); bpf_rcu_read_unlock(); return 0; }
char _license[] SEC("license") = "GPL";
`
	p := mustLoad(t, buildC(t, src), Options{})[0]
	if p.Type.String() != "tracing" || p.AttachType.String() != "trace_fentry" || p.AttachTo != "do_unlinkat" {
		t.Errorf("type %v attach %v to %q", p.Type, p.AttachType, p.AttachTo)
	}
	spec, err := btf.LoadSpec(DefaultBTF)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Kfuncs) != 2 {
		t.Fatalf("kfuncs %+v", p.Kfuncs)
	}
	for _, k := range p.Kfuncs {
		var fn *btf.Func
		if err := spec.TypeByName(k.Name, &fn); err != nil {
			t.Fatal(err)
		}
		id, _ := spec.TypeID(fn)
		if ins := p.Insns[k.Insn]; k.BTFID != uint32(id) || ins.Opcode != opCall || ins.Src != ir.CallKfunc || ins.Imm != int32(id) {
			t.Errorf("%s: id %d, call %+v; want id %d", k.Name, k.BTFID, ins, id)
		}
	}
}

// An object of .text functions only (PREVAIL's samples): each global
// function is a program, static ones are its subprograms; a weak BTF map
// (libbpf's usdt.bpf.h) loads.
func TestTextOnlyAndWeakMap(t *testing.T) {
	src := `
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, int); __type(value, int); } weak_map SEC(".maps") __weak;
static __attribute__((noinline)) int sub(int x) { return x + 1; }
int func(void *ctx) { int k = 0; int *v = bpf_map_lookup_elem(&weak_map, &k); return v ? sub(*v) : 0; }
int func2(void *ctx) { return sub(2); }
`
	progs := mustLoad(t, buildC(t, src), Options{})
	if len(progs) != 2 || progs[0].Name != "func" || progs[1].Name != "func2" || progs[0].Section != ".text" {
		t.Fatalf("programs %+v", progs)
	}
	if len(progs[1].Funcs) != 2 || progs[1].Funcs[1].Name != "sub" {
		t.Errorf("func2's funcs %+v", progs[1].Funcs)
	}
	if len(progs[0].Maps) != 1 || progs[0].Maps[0].Name != "weak_map" {
		t.Errorf("maps %+v", progs[0].Maps)
	}
}

// One Loader serves concurrent loads (the CLI's -j): the target BTF and
// kernel config are shared, and the programs do not depend on the
// interleaving. make test runs it under the race detector.
func TestConcurrentLoads(t *testing.T) {
	objs := [][]byte{buildC(t, twoFuncsC), buildC(t, legacyMapsC), buildC(t, `
struct task_struct { int pad; int pid; } __attribute__((preserve_access_index));
SEC("kprobe/x") int prog(struct task_struct *t) { return t->pid; }
`)}
	ld := NewLoader(Options{})
	want := make([]string, len(objs))
	for i, d := range objs {
		for _, p := range mustLoad(t, d, Options{}) {
			want[i] += ir.Disassemble(p.Insns)
		}
	}
	done := make(chan error)
	for k := 0; k < 8; k++ {
		go func() {
			i := k % len(objs)
			progs, err := ld.Load("x.o", objs[i])
			got := ""
			for _, p := range progs {
				got += ir.Disassemble(p.Insns)
			}
			if err == nil && got != want[i] {
				err = os.ErrInvalid
			}
			done <- err
		}()
	}
	for k := 0; k < 8; k++ {
		if err := <-done; err != nil {
			t.Errorf("concurrent load: %v", err)
		}
	}
}
