package platform

import "testing"

func mapType(t *testing.T, name string) MapType {
	mt, ok := ParseMapType(name)
	if !ok {
		t.Fatalf("no map type %s", name)
	}
	return mt
}

func helperID(t *testing.T, name string) HelperID {
	id, ok := HelperByName(name)
	if !ok {
		t.Fatalf("no helper %s", name)
	}
	return id
}

// TestMapRulesCoverTypes checks that every map type of the enum has rules.
func TestMapRulesCoverTypes(t *testing.T) {
	for i, n := range mapTypeNames {
		if i == 0 || n == "" {
			continue
		}
		if _, ok := MapRules618(MapType(i)); !ok {
			t.Errorf("map type %s has no rules", n)
		}
	}
	for h, ms := range helperMaps618 {
		if _, ok := HelperByName(h); !ok {
			t.Errorf("helperMaps618 names unknown helper %s", h)
		}
		for _, m := range ms {
			if _, ok := ParseMapType(m); !ok {
				t.Errorf("helperMaps618[%s] names unknown map type %s", h, m)
			}
		}
	}
}

// TestMapHelperCompatibility checks check_map_func_compatibility facts.
func TestMapHelperCompatibility(t *testing.T) {
	tests := []struct {
		m, h string
		ok   bool
	}{
		{"hash", "map_lookup_elem", true},
		{"array", "map_update_elem", true},
		{"prog_array", "tail_call", true},
		{"prog_array", "map_lookup_elem", false},
		{"hash", "tail_call", false},
		{"ringbuf", "ringbuf_reserve", true},
		{"ringbuf", "map_lookup_elem", false},
		{"hash", "ringbuf_output", false},
		{"perf_event_array", "perf_event_output", true},
		{"array", "perf_event_output", false},
		{"devmap", "redirect_map", true},
		{"devmap", "map_lookup_elem", true},
		{"cpumap", "map_lookup_elem", false},
		{"sockmap", "map_lookup_elem", true},
		{"sockhash", "sk_redirect_hash", true},
		{"sockmap", "sk_redirect_hash", false},
		{"queue", "map_push_elem", true},
		{"hash", "map_push_elem", false},
		{"stack_trace", "get_stackid", true},
		{"stack_trace", "map_lookup_elem", false},
		{"percpu_array", "map_lookup_percpu_elem", true},
		{"array", "map_lookup_percpu_elem", false},
		{"sk_storage", "sk_storage_get", true},
		{"task_storage", "sk_storage_get", false},
		{"bloom_filter", "map_pop_elem", false},
	}
	for _, tt := range tests {
		if got := MapHelperAllowed618(mapType(t, tt.m), helperID(t, tt.h)); got != tt.ok {
			t.Errorf("MapHelperAllowed618(%s, %s) = %v, want %v", tt.m, tt.h, got, tt.ok)
		}
	}
	if got := HelperMapTypes618(helperID(t, "redirect_map")); len(got) != 4 {
		t.Errorf("redirect_map accepts %v", got)
	}
	if got := HelperMapTypes618(helperID(t, "map_lookup_elem")); got != nil {
		t.Errorf("map_lookup_elem restricted to %v", got)
	}
}

// TestMapSizes checks the map types' key and value size rules.
func TestMapSizes(t *testing.T) {
	tests := []struct {
		m                     string
		key, value, max, flag uint32
		ok                    bool
	}{
		{"hash", 8, 16, 10, 0, true},
		{"hash", 0, 16, 10, 0, false},
		{"array", 4, 64, 1, 0, true},
		{"array", 8, 64, 1, 0, false},
		{"prog_array", 4, 4, 8, 0, true},
		{"prog_array", 4, 8, 8, 0, false},
		{"devmap", 4, 8, 8, 0, true},
		{"stack_trace", 4, 24, 8, 0, true},
		{"stack_trace", 4, 20, 8, 0, false},
		{"lpm_trie", 8, 4, 8, MapFNoPrealloc, true},
		{"lpm_trie", 8, 4, 8, 0, false},
		{"queue", 0, 4, 8, 0, true},
		{"queue", 4, 4, 8, 0, false},
		{"ringbuf", 0, 0, 4096, 0, true},
		{"ringbuf", 0, 0, 0, 0, false},
		{"sk_storage", 4, 8, 0, MapFNoPrealloc, true},
		{"sk_storage", 4, 8, 1, MapFNoPrealloc, false},
		{"cgroup_storage", 8, 8, 0, 0, true},
		{"cgroup_storage", 16, 8, 0, 0, true},
		{"cgroup_storage", 4, 8, 0, 0, false},
	}
	for _, tt := range tests {
		r, _ := MapRules618(mapType(t, tt.m))
		if got := r.SizesOK(tt.key, tt.value, tt.max, tt.flag); got != tt.ok {
			t.Errorf("%s key %d value %d max %d flags %#x: %v, want %v", tt.m, tt.key, tt.value, tt.max, tt.flag, got, tt.ok)
		}
	}
	if r, _ := MapRules618(mapType(t, "array")); !r.LookupConstKeyNonNull || r.Lookup != LookupValue {
		t.Error("array lookups with constant keys should be non-null")
	}
	if r, _ := MapRules618(mapType(t, "hash")); r.LookupConstKeyNonNull {
		t.Error("hash lookups are never known non-null")
	}
	if r, _ := MapRules618(mapType(t, "sockmap")); r.Lookup != LookupSocket {
		t.Error("sockmap lookups give sockets")
	}
}

// TestReturnRange618 checks check_return_code facts.
func TestReturnRange618(t *testing.T) {
	tests := []struct {
		prog, attach string
		min, max     int64
		checked      bool
	}{
		{"cgroup_skb", "cgroup_inet_ingress", 0, 1, true},
		{"cgroup_skb", "cgroup_inet_egress", 0, 3, true},
		{"cgroup_sock_addr", "cgroup_inet4_connect", 0, 1, true},
		{"cgroup_sock_addr", "cgroup_udp4_recvmsg", 1, 1, true},
		{"tracing", "trace_fentry", 0, 0, true},
		{"tracing", "modify_return", 0, 0, false},
		{"lsm", "lsm_mac", -4095, 0, true},
		{"xdp", "xdp", 0, 0, false},
		{"socket_filter", "cgroup_inet_ingress", 0, 0, false},
		{"sk_lookup", "sk_lookup", 0, 1, true},
		{"cgroup_sock_addr", "cgroup_inet4_bind", 0, 3, true},
		{"cgroup_sock_addr", "cgroup_inet6_bind", 0, 3, true},
		{"kprobe", "trace_kprobe_session", 0, 1, true},
		{"kprobe", "trace_kprobe_multi", 0, 0, false},
	}
	for _, tt := range tests {
		lo, hi, ok := ReturnRange618(mustType(t, tt.prog), attach(t, tt.attach))
		if lo != tt.min || hi != tt.max || ok != tt.checked {
			t.Errorf("%s/%s: [%d, %d] %v, want [%d, %d] %v", tt.prog, tt.attach, lo, hi, ok, tt.min, tt.max, tt.checked)
		}
	}
}

// TestReadOnlyValues checks the .rodata rules.
func TestReadOnlyValues(t *testing.T) {
	array, _ := MapRules618(mapType(t, "array"))
	hash, _ := MapRules618(mapType(t, "hash"))
	devmap, _ := MapRules618(mapType(t, "devmap"))
	tests := []struct {
		what      string
		got, want bool
	}{
		{"a plain array is writable", ValuesReadOnly618(array, 0), false},
		{"BPF_F_RDONLY_PROG makes values read-only", ValuesReadOnly618(array, MapFRdonlyProg), true},
		{"devmap values are read-only", ValuesReadOnly618(devmap, 0), true},
		{"a frozen read-only array is constant", ValuesConstant618(array, MapFRdonlyProg, true), true},
		{"an unfrozen one is not", ValuesConstant618(array, MapFRdonlyProg, false), false},
		{"a frozen writable one is not", ValuesConstant618(array, 0, true), false},
		{"nor a read-only hash", ValuesConstant618(hash, MapFRdonlyProg, true), false},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v", tt.what, tt.got)
		}
	}
}

// TestPacketRules618 checks the names PacketRules618 knows are program
// types, and the facts for a few.
func TestPacketRules618(t *testing.T) {
	for _, n := range []string{"socket_filter", "sched_cls", "sched_act", "xdp", "lwt_xmit", "sk_skb", "sk_msg"} {
		if _, ok := ParseProgType(n); !ok {
			t.Errorf("%s is not a program type", n)
		}
	}
	tests := []struct {
		prog            string
		ldAbs, pktWrite bool
	}{
		{"socket_filter", true, false}, {"sched_cls", true, true}, {"xdp", false, true},
		{"cgroup_skb", false, false}, {"lwt_in", false, false}, {"kprobe", false, false},
	}
	for _, tt := range tests {
		l, w := PacketRules618(mustType(t, tt.prog))
		if l != tt.ldAbs || w != tt.pktWrite {
			t.Errorf("%s: ld_abs %v, packet writes %v; want %v, %v", tt.prog, l, w, tt.ldAbs, tt.pktWrite)
		}
	}
}
