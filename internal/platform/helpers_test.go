package platform

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestHelperTablesMatchEnum checks that every profile's table is indexed by
// id, names only helpers of the kernel's enum, and that linux-6.18 declares
// every id up to the enum's end.
func TestHelperTablesMatchEnum(t *testing.T) {
	wantCount := map[string]int{"linux-4.2": 16, "linux-4.3": 22, "linux-6.18": int(MaxHelperID) - 1}
	for _, prof := range HelperProfiles() {
		ps := Helpers(prof)
		if len(ps) != wantCount[prof] {
			t.Errorf("%s declares %d helpers, want %d", prof, len(ps), wantCount[prof])
		}
		for i, p := range ps {
			if p.ID != HelperID(i+1) || !p.ID.Known() {
				t.Errorf("%s: entry %d has id %d (%s)", prof, i, p.ID, p.ID)
			}
			if got, ok := Helper(prof, p.ID); !ok || got.ID != p.ID {
				t.Errorf("%s: Helper(%d) = %v, %v", prof, p.ID, got.ID, ok)
			}
		}
		if _, ok := Helper(prof, HelperID(len(ps)+1)); ok {
			t.Errorf("%s: Helper(%d) found past the table's end", prof, len(ps)+1)
		}
	}
	if _, ok := Helper("linux-6.18", 0); ok {
		t.Error("unspec (0) found as a helper")
	}
	if ps := Helpers("no-such-profile"); ps != nil {
		t.Errorf("unknown profile has %d helpers", len(ps))
	}
}

// TestProtoShape checks rules every prototype must keep: a size argument
// follows a memory argument it sizes; map keys and values follow a map;
// fixed-size memory has a size; BTF kinds and results name their type
// where the kernel fixes one.
func TestProtoShape(t *testing.T) {
	for _, prof := range HelperProfiles() {
		for _, p := range Helpers(prof) {
			seenMap := false
			for i, a := range p.Args {
				switch a.Kind {
				case ArgConstMapPtr:
					seenMap = true
				case ArgMapKey, ArgMapValue:
					if !seenMap {
						t.Errorf("%s %s: arg %d is a map %s before any map", prof, p.Name(), i+1, a.Kind)
					}
				case ArgConstSize, ArgConstSizeOrZero:
					if i == 0 || (p.Args[i-1].Kind != ArgMem && p.Args[i-1].Kind != ArgStack) || p.Args[i-1].Has(MemFixedSize) {
						t.Errorf("%s %s: size arg %d does not follow a sized memory arg", prof, p.Name(), i+1)
					}
				case ArgMem:
					sized := i+1 < len(p.Args) && (p.Args[i+1].Kind == ArgConstSize || p.Args[i+1].Kind == ArgConstSizeOrZero)
					if a.Has(MemFixedSize) == sized || a.Has(MemFixedSize) != (a.Size > 0) {
						t.Errorf("%s %s: memory arg %d is sized both or neither way", prof, p.Name(), i+1)
					}
					if a.Has(MemRdonly) && a.Has(MemWrite) {
						t.Errorf("%s %s: memory arg %d both read-only and written", prof, p.Name(), i+1)
					}
				case ArgNone:
					for j := i + 1; j < len(p.Args); j++ {
						if p.Args[j].Kind != ArgNone {
							t.Errorf("%s %s: arg %d after a missing arg %d", prof, p.Name(), j+1, i+1)
						}
					}
				}
			}
			if p.Ret.Kind == RetMem && (p.Ret.SizeArg < 1 || p.Args[p.Ret.SizeArg-1].Kind != ArgConstAllocSizeOrZero) {
				t.Errorf("%s %s: returned memory not sized by an alloc-size arg", prof, p.Name())
			}
			if p.Ret.Kind == RetMapValue && !seenMap {
				t.Errorf("%s %s: returns a map value without a map arg", prof, p.Name())
			}
			if p.Acquire && !p.Ret.Has(RetMaybeNull) {
				t.Errorf("%s %s: acquires a reference that cannot fail", prof, p.Name())
			}
		}
	}
}

// TestHelperFacts spells out prototypes the verifier's soundness rests on.
func TestHelperFacts(t *testing.T) {
	get := func(name string) Proto {
		id, ok := HelperByName(name)
		if !ok {
			t.Fatalf("no helper %s", name)
		}
		p, _ := Helper("linux-6.18", id)
		return p
	}
	tests := []struct {
		what string
		ok   bool
	}{
		{"map_lookup_elem returns a value pointer that may be NULL", get("map_lookup_elem").Ret == ret(RetMapValue, RetMaybeNull)},
		{"get_local_storage returns a value pointer that is never NULL", get("get_local_storage").Ret == ret(RetMapValue, 0)},
		{"probe_read fills uninitialised memory, size may be zero", get("probe_read").Args[0] == memOut && get("probe_read").Args[1] == sizeOrZero},
		{"probe_read is GPL-only", get("probe_read").GPLOnly},
		{"skb_store_bytes only reads its buffer and moves packet data", get("skb_store_bytes").Args[2] == memRO && get("skb_store_bytes").ChangesPktData},
		{"skb_load_bytes does not move packet data", !get("skb_load_bytes").ChangesPktData},
		{"ringbuf_reserve acquires memory sized by its second arg", get("ringbuf_reserve").Acquire && get("ringbuf_reserve").Ret.SizeArg == 2 && get("ringbuf_reserve").Ret.Has(RetRingbuf|RetMaybeNull)},
		{"ringbuf_submit releases its first arg", get("ringbuf_submit").ReleaseArg() == 1},
		{"ringbuf_discard releases its first arg", get("ringbuf_discard").ReleaseArg() == 1},
		{"sk_lookup_tcp acquires a socket", get("sk_lookup_tcp").Acquire && get("sk_lookup_tcp").Ret.Kind == RetSocket},
		{"sk_release releases its first arg", get("sk_release").ReleaseArg() == 1},
		{"bpf_loop's second arg is a callback", get("loop").CallbackArg() == 2},
		{"tail_call does not return on success", get("tail_call").NoReturn},
		{"spin_lock takes a spin lock", get("spin_lock").Args[0].Kind == ArgSpinLock},
		{"map_pop_elem fills the value", get("map_pop_elem").Args[1].Has(MemUninit | MemWrite)},
		{"strtol writes a fixed 8 bytes", get("strtol").Args[3].Size == 8 && get("strtol").Args[3].Has(MemFixedSize|MemUninit)},
		{"get_current_task_btf returns a trusted task_struct", get("get_current_task_btf").Ret == retBTF("task_struct", RetTrusted)},
		{"probe_read_str's result is bounded by its size", get("probe_read_str").Ret.Range == RangeSizeArg},
		{"copy_from_user might sleep", get("copy_from_user").MightSleep},
	}
	for _, tt := range tests {
		if !tt.ok {
			t.Errorf("not so: %s", tt.what)
		}
	}
}

// TestAvailability checks the probed table against the helper table and
// a few facts of the kernel's get_func_proto.
func TestAvailability(t *testing.T) {
	for pt, a := range availability618 {
		for i, id := range a.Helpers {
			if _, ok := Helper("linux-6.18", id); !ok {
				t.Errorf("%s may call undeclared helper %d", pt, id)
			}
			if i > 0 && a.Helpers[i-1] >= id {
				t.Errorf("%s: helper list not increasing at %d", pt, id)
			}
		}
	}
	xdp, _ := ParseProgType("xdp")
	sock, _ := ParseProgType("socket_filter")
	tests := []struct {
		t         ProgType
		h         string
		available bool
	}{
		{xdp, "xdp_adjust_head", true},
		{xdp, "redirect_map", true},
		{xdp, "skb_store_bytes", false},
		{sock, "skb_load_bytes", true},
		{sock, "skb_store_bytes", false},
		{sock, "map_lookup_elem", true},
	}
	for _, tt := range tests {
		id, _ := HelperByName(tt.h)
		got, known := HelperAvailable("linux-6.18", tt.t, id)
		if !known || got != tt.available {
			t.Errorf("HelperAvailable(%s, %s) = %v, %v; want %v", tt.t, tt.h, got, known, tt.available)
		}
	}
	if _, known := HelperAvailable("linux-4.3", xdp, 1); known {
		t.Error("linux-4.3 claims per-type availability facts")
	}
}

// TestAvailabilityAttach checks the types whose helpers depend on what
// they attach to: lsm by attach type (bpf_lsm_func_proto), struct_ops by
// struct and member, and no fact (not "any helper") where the tables have
// none.
func TestAvailabilityAttach(t *testing.T) {
	for key, ids := range availabilityStructOps618 {
		for i, id := range ids {
			if _, ok := Helper("linux-6.18", id); !ok {
				t.Errorf("struct_ops %s may call undeclared helper %d", key, id)
			}
			if i > 0 && ids[i-1] >= id {
				t.Errorf("struct_ops %s: helper list not increasing at %d", key, id)
			}
		}
	}
	for at, d := range lsmHelpers618 {
		if _, ok := ParseAttachType(at); !ok {
			t.Errorf("lsmHelpers618: unknown attach type %q", at)
		}
		for _, n := range append(append([]string{}, d.add...), d.drop...) {
			if _, ok := HelperByName(n); !ok {
				t.Errorf("lsmHelpers618[%s]: unknown helper %q", at, n)
			}
		}
	}
	lsm, _ := ParseProgType("lsm")
	so, _ := ParseProgType("struct_ops")
	mac, _ := ParseAttachType("lsm_mac")
	cg, _ := ParseAttachType("lsm_cgroup")
	soa, _ := ParseAttachType("struct_ops")
	tests := []struct {
		t         ProgType
		a         AttachType
		target, h string
		available bool
		known     bool
	}{
		{lsm, mac, "file_open", "skb_load_bytes", false, true},
		{lsm, mac, "file_open", "get_current_pid_tgid", true, true},
		{lsm, mac, "file_open", "inode_storage_get", true, true},
		{lsm, mac, "file_open", "get_attach_cookie", true, true},
		{lsm, mac, "file_open", "get_func_arg", true, true},
		{lsm, mac, "file_open", "get_retval", false, true},
		{lsm, mac, "file_open", "seq_printf", false, true},
		{lsm, cg, "socket_bind", "get_retval", true, true},
		{lsm, cg, "socket_bind", "get_attach_cookie", false, true},
		{lsm, cg, "socket_bind", "get_func_arg", false, true},
		{so, soa, "tcp_congestion_ops.cong_avoid", "setsockopt", true, true},
		{so, soa, "tcp_congestion_ops.release", "setsockopt", false, true},
		{so, soa, "tcp_congestion_ops.release", "ktime_get_ns", true, true},
		{so, soa, "tcp_congestion_ops.ssthresh", "skb_load_bytes", false, true},
		{so, soa, "sched_ext_ops.enqueue", "ktime_get_ns", false, false},
	}
	for _, tt := range tests {
		id, _ := HelperByName(tt.h)
		got, known := HelperAvailableAttach618(tt.t, tt.a, true, tt.target, id)
		if got != tt.available || known != tt.known {
			t.Errorf("HelperAvailableAttach618(%s, %s, %s, %s) = %v, %v; want %v, %v", tt.t, tt.a, tt.target, tt.h, got, known, tt.available, tt.known)
		}
	}
	if _, known := HelperAvailableAttach618(lsm, 0, false, "", 1); known {
		t.Error("an lsm program without its attach type has helper facts")
	}
}

// TestAvailabilityMatchesKernel re-runs the probe against the running
// kernel in a child process and compares its output with the committed
// table. It skips where the kernel cannot be probed or is not the one the
// table came from.
func TestAvailabilityMatchesKernel(t *testing.T) {
	if testing.Short() {
		t.Skip("probes the kernel")
	}
	if os.Geteuid() != 0 {
		t.Skip("not root")
	}
	committed, err := os.ReadFile("availability_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	rel, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	m := regexp.MustCompile(`Linux (\S+), as root`).FindSubmatch(committed)
	if m == nil || !bytes.HasPrefix(rel, m[1]) {
		t.Skipf("running kernel %q is not the table's (%s)", bytes.TrimSpace(rel), m[1])
	}
	bin := filepath.Join(t.TempDir(), "probe")
	if out, err := exec.Command("go", "build", "-o", bin, "./gen/probe").CombinedOutput(); err != nil {
		t.Fatalf("building the probe: %v\n%s", err, out)
	}
	c, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var stderr bytes.Buffer
	cmd := exec.CommandContext(c, bin)
	cmd.Stderr = &stderr
	got, err := cmd.Output()
	if err != nil {
		t.Skipf("the probe could not run here: %v: %s", err, stderr.Bytes())
	}
	if !bytes.Equal(got, committed) {
		t.Errorf("availability_gen.go differs from the running kernel's answers; regenerate it (see gen/probe)")
	}
}

// TestLayoutsMatchKernel regenerates the context layouts from the running
// kernel's BTF and compares them with the committed ones; it skips where
// the kernel has no BTF or is not the table's.
func TestLayoutsMatchKernel(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the generator")
	}
	if _, err := os.Stat("/sys/kernel/btf/vmlinux"); err != nil {
		t.Skip("no kernel BTF")
	}
	committed, err := os.ReadFile("layouts_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	rel, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	m := regexp.MustCompile(`BTF of Linux (\S+)\.`).FindSubmatch(committed)
	if m == nil || !bytes.HasPrefix(rel, m[1]) {
		t.Skipf("running kernel %q is not the table's", bytes.TrimSpace(rel))
	}
	got, err := exec.Command("go", "run", "./gen/layout").Output()
	if err != nil {
		t.Fatalf("gen/layout: %v", err)
	}
	if !bytes.Equal(got, committed) {
		t.Error("layouts_gen.go differs from the running kernel's BTF; regenerate it (see gen/layout)")
	}
}

// TestHelperVariants checks the per-type prototypes.
func TestHelperVariants(t *testing.T) {
	tracing, _ := ParseProgType("tracing")
	tc, _ := ParseProgType("sched_cls")
	lookup, _ := ParseProgType("sk_lookup")
	if p, _ := HelperFor("linux-6.18", 46, tracing); p.Args[0].Kind != ArgBTFIDSockCommon {
		t.Errorf("tracing's get_socket_cookie takes %v", p.Args[0].Kind)
	}
	if p, _ := HelperFor("linux-6.18", 46, tc); p.Args[0].Kind != ArgCtx {
		t.Errorf("tc's get_socket_cookie takes %v", p.Args[0].Kind)
	}
	if p, _ := HelperFor("linux-6.18", 124, lookup); p.Args[1].Kind != ArgSocket || !p.Args[1].Has(MaybeNull) {
		t.Errorf("sk_lookup's sk_assign takes %+v", p.Args[1])
	}
	if p, _ := HelperFor("linux-4.3", 1, tc); p.ID != 1 {
		t.Error("2015 profiles have no variants but keep their helpers")
	}
	for id, vs := range variants618 {
		for _, v := range vs {
			if v.proto.ID != id {
				t.Errorf("variant of %d has id %d", id, v.proto.ID)
			}
			for _, n := range v.types {
				if _, ok := ParseProgType(n); !ok {
					t.Errorf("variant of %s names unknown type %s", id, n)
				}
			}
		}
	}
}

// TestMemArgsMatchKernel asks the running kernel, in a child process,
// which helpers write their memory argument (by passing them a read-only
// map value) and checks the table says the same: a helper the table
// marks read-only that writes would let programs write read-only maps.
func TestMemArgsMatchKernel(t *testing.T) {
	if testing.Short() {
		t.Skip("probes the kernel")
	}
	if os.Geteuid() != 0 {
		t.Skip("not root")
	}
	bin := filepath.Join(t.TempDir(), "probe")
	if out, err := exec.Command("go", "build", "-o", bin, "./gen/probe").CombinedOutput(); err != nil {
		t.Fatalf("building the probe: %v\n%s", err, out)
	}
	c, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(c, bin, "-memargs").Output()
	if err != nil {
		t.Skipf("the probe could not run here: %v", err)
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var id int
		var verdict string
		if _, err := fmt.Sscanf(line, "%d %s", &id, &verdict); err != nil || verdict == "inconclusive" {
			continue
		}
		p, _ := Helper("linux-6.18", HelperID(id))
		for _, a := range p.Args {
			if a.Kind != ArgMem {
				continue
			}
			writes := a.Has(MemWrite) || a.Has(MemUninit)
			if writes != (verdict == "writes") {
				t.Errorf("%s: the table says writes=%v, the kernel: %s", p.Name(), writes, line)
			}
			checked++
		}
	}
	if checked < 20 {
		t.Errorf("only %d helpers checked:\n%s", checked, out)
	}
}

// TestGPLAndSleepMatchKernel asks the running kernel, in a child process,
// which helpers are GPL-only and which might sleep, and checks the table.
func TestGPLAndSleepMatchKernel(t *testing.T) {
	if testing.Short() {
		t.Skip("probes the kernel")
	}
	if os.Geteuid() != 0 {
		t.Skip("not root")
	}
	bin := filepath.Join(t.TempDir(), "probe")
	if out, err := exec.Command("go", "build", "-o", bin, "./gen/probe").CombinedOutput(); err != nil {
		t.Fatalf("building the probe: %v\n%s", err, out)
	}
	c, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(c, bin, "-flags").Output()
	if err != nil {
		t.Skipf("the probe could not run here: %v", err)
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var id int
		var gpl, sleep bool
		var typ string
		if _, err := fmt.Sscanf(line, "%d gpl=%t sleep=%t %s", &id, &gpl, &sleep, &typ); err != nil {
			t.Errorf("probe line %q: %v", line, err)
			continue
		}
		pt, _ := ParseProgType(typ)
		p, _ := HelperFor("linux-6.18", HelperID(id), pt)
		if p.GPLOnly != gpl {
			t.Errorf("%s (%s): GPLOnly=%v, the kernel: %v", p.Name(), typ, p.GPLOnly, gpl)
		}
		if p.MightSleep != sleep {
			t.Errorf("%s (%s): MightSleep=%v, the kernel: %v", p.Name(), typ, p.MightSleep, sleep)
		}
		checked++
	}
	if checked < 150 {
		t.Errorf("only %d helpers checked", checked)
	}
}

// TestChangesPktData checks the set of helpers that invalidate packet
// pointers is bpf_helper_changes_pkt_data's, no more and no fewer.
func TestChangesPktData(t *testing.T) {
	want := map[string]bool{}
	for _, n := range []string{"skb_vlan_push", "skb_vlan_pop", "skb_store_bytes", "skb_change_proto",
		"skb_change_head", "skb_change_tail", "skb_adjust_room", "skb_pull_data", "clone_redirect",
		"l3_csum_replace", "l4_csum_replace", "xdp_adjust_head", "xdp_adjust_meta", "xdp_adjust_tail",
		"msg_pull_data", "msg_push_data", "msg_pop_data", "lwt_seg6_store_bytes", "lwt_seg6_adjust_srh",
		"lwt_seg6_action", "store_hdr_opt", "lwt_push_encap"} {
		want[n] = true
	}
	for _, p := range Helpers("linux-6.18") {
		if p.ChangesPktData != want[p.Name()] {
			t.Errorf("%s: ChangesPktData=%v", p.Name(), p.ChangesPktData)
		}
	}
}

// TestFmodRetTarget checks which functions fmod_ret may attach to.
func TestFmodRetTarget(t *testing.T) {
	for fn, want := range map[string]bool{
		"security_file_open": true, "security_bprm_check": true, "bpf_modify_return_test": true,
		"do_unlinkat": false, "security": false, "bpf_fentry_test1": false, "": false,
	} {
		if got := FmodRetTarget618(fn); got != want {
			t.Errorf("FmodRetTarget618(%q) = %v, want %v", fn, got, want)
		}
	}
}
