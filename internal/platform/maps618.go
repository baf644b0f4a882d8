package platform

// LookupKind is what bpf_map_lookup_elem gives a program for a map type.
type LookupKind uint8

// Lookup result kinds.
const (
	// LookupNone: programs may not look the map up (check_map_func_compatibility).
	LookupNone LookupKind = iota
	// LookupValue: a pointer to value_size bytes, or NULL (PTR_TO_MAP_VALUE_OR_NULL).
	LookupValue
	// LookupInnerMap: the inner map, or NULL (CONST_PTR_TO_MAP | PTR_MAYBE_NULL).
	LookupInnerMap
	// LookupSocket: a referenced full socket, or NULL, that must be
	// released (PTR_TO_SOCKET_OR_NULL; is_acquire_function).
	LookupSocket
	// LookupXDPSock: a struct bpf_xdp_sock, or NULL (PTR_TO_XDP_SOCK_OR_NULL).
	LookupXDPSock
)

// MapRules are the kernel's rules for one map type: the sizes its
// map_alloc_check accepts, what a lookup returns, which helpers it may be
// passed to.
type MapRules struct {
	Type MapType
	// KeySize and ValueSize, where non-zero, are the only sizes allowed
	// (KeySize2 and ValueSize2 a second one); KeyZero/ValueZero require size 0; else
	// any size greater than zero.
	KeySize, KeySize2, ValueSize, ValueSize2 int
	KeyZero, ValueZero                       bool
	// KeyMin and KeyMax bound the key size where the type has a range (lpm_trie).
	KeyMin, KeyMax int
	// ValueMult: the value size must be a multiple of it (stack_trace: 8).
	ValueMult int
	// MaxEntriesZero: max_entries must be 0 (storage maps); otherwise it
	// must be greater than zero.
	MaxEntriesZero bool
	// NeedsBTF: the map must carry BTF key and value types (local storage,
	// struct_ops).
	NeedsBTF bool
	// NoPrealloc: BPF_F_NO_PREALLOC is required (lpm_trie, local storage).
	NoPrealloc bool
	PerCPU     bool // each CPU has its own value
	// ReadOnlyProg: programs never store to the values (devmap, cpumap
	// set BPF_F_RDONLY_PROG themselves).
	ReadOnlyProg bool
	Lookup       LookupKind
	// LookupConstKeyNonNull: a lookup with a constant key below
	// max_entries cannot fail, so the result is not NULL (array maps, 6.14+).
	LookupConstKeyNonNull bool
	// Helpers, where non-nil, are the only helpers the map may be passed
	// to (the first switch of check_map_func_compatibility). Generic map
	// helpers not listed are refused.
	Helpers []HelperID
}

// Map flags the verifier reads.
const (
	MapFNoPrealloc uint32 = 1 << 0 // BPF_F_NO_PREALLOC
	MapFRdonlyProg uint32 = 1 << 7 // BPF_F_RDONLY_PROG: programs may only read values
	MapFWronlyProg uint32 = 1 << 8 // BPF_F_WRONLY_PROG: programs may only write values
)

func ids(names ...string) []HelperID {
	out := make([]HelperID, len(names))
	for i, n := range names {
		id, ok := HelperByName(n)
		if !ok {
			panic("platform: no helper " + n)
		}
		out[i] = id
	}
	return out
}

var mapRules618 = map[string]MapRules{
	"hash":             {Lookup: LookupValue},
	"lru_hash":         {Lookup: LookupValue},
	"percpu_hash":      {Lookup: LookupValue, PerCPU: true},
	"lru_percpu_hash":  {Lookup: LookupValue, PerCPU: true},
	"array":            {KeySize: 4, Lookup: LookupValue, LookupConstKeyNonNull: true},
	"percpu_array":     {KeySize: 4, Lookup: LookupValue, LookupConstKeyNonNull: true, PerCPU: true},
	"prog_array":       {KeySize: 4, ValueSize: 4, Helpers: ids("tail_call")},
	"perf_event_array": {KeySize: 4, ValueSize: 4, Helpers: ids("perf_event_read", "perf_event_output", "skb_output", "perf_event_read_value", "xdp_output")},
	"stack_trace":      {KeySize: 4, ValueMult: 8, Helpers: ids("get_stackid")},
	"cgroup_array":     {KeySize: 4, ValueSize: 4, Helpers: ids("skb_under_cgroup", "current_task_under_cgroup")},
	"lpm_trie":         {KeyMin: 5, KeyMax: 260, NoPrealloc: true, Lookup: LookupValue},
	"array_of_maps":    {KeySize: 4, ValueSize: 4, Lookup: LookupInnerMap, Helpers: ids("map_lookup_elem")},
	"hash_of_maps":     {ValueSize: 4, Lookup: LookupInnerMap, Helpers: ids("map_lookup_elem")},
	"devmap":           {KeySize: 4, ValueSize: 4, ValueSize2: 8, ReadOnlyProg: true, Lookup: LookupValue, Helpers: ids("redirect_map", "map_lookup_elem")},
	"devmap_hash":      {KeySize: 4, ValueSize: 4, ValueSize2: 8, ReadOnlyProg: true, Lookup: LookupValue, Helpers: ids("redirect_map", "map_lookup_elem")},
	"cpumap":           {KeySize: 4, ValueSize: 4, ValueSize2: 8, ReadOnlyProg: true, Helpers: ids("redirect_map")},
	"xskmap":           {KeySize: 4, ValueSize: 4, Lookup: LookupXDPSock, Helpers: ids("redirect_map", "map_lookup_elem")},
	// sockmap and sockhash also take map_update_elem and map_delete_elem
	// from the program types may_update_sockmap allows (tc, sk_skb, xdp,
	// sk_lookup, sk_reuseport, sock_ops and tracing of some attach points).
	"sockmap":               {KeySize: 4, ValueSize: 4, ValueSize2: 8, Lookup: LookupSocket, Helpers: ids("sk_redirect_map", "sock_map_update", "map_delete_elem", "msg_redirect_map", "sk_select_reuseport", "map_lookup_elem", "map_update_elem")},
	"sockhash":              {ValueSize: 4, ValueSize2: 8, Lookup: LookupSocket, Helpers: ids("sk_redirect_hash", "sock_hash_update", "map_delete_elem", "msg_redirect_hash", "sk_select_reuseport", "map_lookup_elem", "map_update_elem")},
	"reuseport_sockarray":   {KeySize: 4, ValueSize: 4, ValueSize2: 8, Helpers: ids("sk_select_reuseport")},
	"cgroup_storage":        {KeySize: 16, KeySize2: 8, MaxEntriesZero: true, Helpers: ids("get_local_storage")},
	"percpu_cgroup_storage": {KeySize: 16, KeySize2: 8, MaxEntriesZero: true, PerCPU: true, Helpers: ids("get_local_storage")},
	"queue":                 {KeyZero: true, Helpers: ids("map_peek_elem", "map_pop_elem", "map_push_elem")},
	"stack":                 {KeyZero: true, Helpers: ids("map_peek_elem", "map_pop_elem", "map_push_elem")},
	"bloom_filter":          {KeyZero: true, Helpers: ids("map_peek_elem", "map_push_elem")},
	"sk_storage":            {KeySize: 4, MaxEntriesZero: true, NeedsBTF: true, NoPrealloc: true, Helpers: ids("sk_storage_get", "sk_storage_delete", "kptr_xchg")},
	"inode_storage":         {KeySize: 4, MaxEntriesZero: true, NeedsBTF: true, NoPrealloc: true, Helpers: ids("inode_storage_get", "inode_storage_delete", "kptr_xchg")},
	"task_storage":          {KeySize: 4, MaxEntriesZero: true, NeedsBTF: true, NoPrealloc: true, Helpers: ids("task_storage_get", "task_storage_delete", "kptr_xchg")},
	"cgrp_storage":          {KeySize: 4, MaxEntriesZero: true, NeedsBTF: true, NoPrealloc: true, Helpers: ids("cgrp_storage_get", "cgrp_storage_delete", "kptr_xchg")},
	"struct_ops":            {KeySize: 4, NeedsBTF: true},
	"ringbuf":               {KeyZero: true, ValueZero: true, Helpers: ids("ringbuf_output", "ringbuf_reserve", "ringbuf_query", "ringbuf_reserve_dynptr", "ringbuf_submit_dynptr", "ringbuf_discard_dynptr")},
	"user_ringbuf":          {KeyZero: true, ValueZero: true, Helpers: ids("user_ringbuf_drain")},
	"arena":                 {KeyZero: true, ValueZero: true},
}

// helperMaps618 are the second switch of check_map_func_compatibility: the
// only map types these helpers accept.
var helperMaps618 = map[string][]string{
	"tail_call":                 {"prog_array"},
	"perf_event_read":           {"perf_event_array"},
	"perf_event_output":         {"perf_event_array"},
	"perf_event_read_value":     {"perf_event_array"},
	"skb_output":                {"perf_event_array"},
	"xdp_output":                {"perf_event_array"},
	"ringbuf_output":            {"ringbuf"},
	"ringbuf_reserve":           {"ringbuf"},
	"ringbuf_query":             {"ringbuf"},
	"ringbuf_reserve_dynptr":    {"ringbuf"},
	"ringbuf_submit_dynptr":     {"ringbuf"},
	"ringbuf_discard_dynptr":    {"ringbuf"},
	"user_ringbuf_drain":        {"user_ringbuf"},
	"get_stackid":               {"stack_trace"},
	"current_task_under_cgroup": {"cgroup_array"},
	"skb_under_cgroup":          {"cgroup_array"},
	"redirect_map":              {"devmap", "devmap_hash", "cpumap", "xskmap"},
	"sk_redirect_map":           {"sockmap"},
	"msg_redirect_map":          {"sockmap"},
	"sock_map_update":           {"sockmap"},
	"sk_redirect_hash":          {"sockhash"},
	"msg_redirect_hash":         {"sockhash"},
	"sock_hash_update":          {"sockhash"},
	"get_local_storage":         {"cgroup_storage", "percpu_cgroup_storage"},
	"sk_select_reuseport":       {"reuseport_sockarray", "sockmap", "sockhash"},
	"map_pop_elem":              {"queue", "stack"},
	"map_peek_elem":             {"queue", "stack", "bloom_filter"},
	"map_push_elem":             {"queue", "stack", "bloom_filter"},
	"map_lookup_percpu_elem":    {"percpu_array", "percpu_hash", "lru_percpu_hash"},
	"sk_storage_get":            {"sk_storage"},
	"sk_storage_delete":         {"sk_storage"},
	"inode_storage_get":         {"inode_storage"},
	"inode_storage_delete":      {"inode_storage"},
	"task_storage_get":          {"task_storage"},
	"task_storage_delete":       {"task_storage"},
	"cgrp_storage_get":          {"cgrp_storage"},
	"cgrp_storage_delete":       {"cgrp_storage"},
	"for_each_map_elem":         {"hash", "lru_hash", "array", "percpu_hash", "percpu_array", "lru_percpu_hash"},
	"timer_init":                {"hash", "lru_hash", "array"},
}

// MapRules618 returns the Linux 6.18 rules of a map type.
func MapRules618(t MapType) (MapRules, bool) {
	r, ok := mapRules618[t.String()]
	r.Type = t
	return r, ok
}

// MapHelperAllowed618 reports whether a map of type t may be passed to
// helper id (check_map_func_compatibility, both directions).
func MapHelperAllowed618(t MapType, id HelperID) bool {
	r, ok := mapRules618[t.String()]
	if !ok {
		return false
	}
	if r.Helpers != nil && !containsID(r.Helpers, id) {
		return false
	}
	if ms, ok := helperMaps618[id.String()]; ok {
		for _, m := range ms {
			if m == t.String() {
				return true
			}
		}
		return false
	}
	return true
}

// HelperMapTypes618 lists the map types helper id accepts, nil where the
// kernel does not restrict it by map type.
func HelperMapTypes618(id HelperID) []MapType {
	ms, ok := helperMaps618[id.String()]
	if !ok {
		return nil
	}
	out := make([]MapType, 0, len(ms))
	for _, m := range ms {
		t, _ := ParseMapType(m)
		out = append(out, t)
	}
	return out
}

// SizesOK reports whether a map of these sizes passes the type's checks.
func (r MapRules) SizesOK(key, value, maxEntries, flags uint32) bool {
	switch {
	case r.KeyZero && key != 0, !r.KeyZero && key == 0:
		return false
	case r.KeySize != 0 && int(key) != r.KeySize && int(key) != r.KeySize2:
		return false
	case r.KeyMax != 0 && (int(key) < r.KeyMin || int(key) > r.KeyMax):
		return false
	case r.ValueZero && value != 0, !r.ValueZero && value == 0 && r.Type.String() != "struct_ops":
		return false
	case r.ValueSize != 0 && int(value) != r.ValueSize && int(value) != r.ValueSize2:
		return false
	case r.ValueMult != 0 && int(value)%r.ValueMult != 0:
		return false
	case r.MaxEntriesZero != (maxEntries == 0):
		return false
	case r.NoPrealloc && flags&MapFNoPrealloc == 0:
		return false
	}
	return true
}

func containsID(l []HelperID, id HelperID) bool {
	for _, h := range l {
		if h == id {
			return true
		}
	}
	return false
}

// ValuesReadOnly618 reports whether programs may only read a map's values
// (BPF_F_RDONLY_PROG, set by loaders on .rodata and by devmap and cpumap
// themselves): the verifier refuses stores and helpers that write them.
func ValuesReadOnly618(r MapRules, flags uint32) bool {
	return r.ReadOnlyProg || flags&MapFRdonlyProg != 0
}

// ValuesConstant618 reports whether loads from a map's values are known
// constants to the verifier: the map is read-only to programs and was
// frozen before the program was loaded (bpf_map_is_rdonly), as loaders do
// with .rodata; a load of 1, 2, 4 or 8 bytes at a constant offset then
// yields the value's bytes (bpf_map_direct_read).
func ValuesConstant618(r MapRules, flags uint32, frozen bool) bool {
	return frozen && ValuesReadOnly618(r, flags) && r.Type.String() == "array"
}
