package platform

// The non-__sk_buff contexts of Linux 6.18.

// bpfSockRules are bpf_sock_is_valid_access's: narrow loads of the
// addresses, ports, family, type, protocol, state and rx_queue_mapping;
// dst_port, a __be16, may also be loaded as a u32; other members whole.
// Stores only where forSockCreate allows them (cgroup_sock programs).
func bpfSockRules(common bool) map[string]rule {
	m := map[string]rule{}
	for _, f := range []string{"family", "type", "protocol", "state", "src_port", "rx_queue_mapping", "src_ip4", "dst_ip4"} {
		m[f] = ro
	}
	m["src_ip6"] = rule{read: true, split: true}
	m["dst_ip6"] = rule{read: true, split: true}
	m["dst_port"] = rule{read: true, also: []Field{{Size: 4, Read: true}}}
	for _, f := range []string{"bound_dev_if", "mark", "priority"} {
		m[f] = roExact
	}
	if common {
		// bpf_sock_common_is_valid_access: type through priority refused.
		for _, f := range []string{"type", "protocol", "mark", "priority"} {
			delete(m, f)
		}
	}
	return m
}

var (
	// bpfSock is struct bpf_sock behind a PTR_TO_SOCKET.
	bpfSock = build("bpf_sock", bpfSockRules(false))
	// bpfSockCommon is struct bpf_sock behind a PTR_TO_SOCK_COMMON.
	bpfSockCommon = build("bpf_sock", bpfSockRules(true))
)

// cgroupSock is bpf_sock as a cgroup_sock program's context
// (sock_filter_is_valid_access): bound_dev_if, mark and priority are
// read-write at sock_create and sock_release and refused elsewhere;
// src_ip4, src_ip6 and src_port only at the matching post_bind.
func cgroupSock(a AttachType) *Context {
	m := bpfSockRules(false)
	const (
		sockCreate  AttachType = 2
		sockRelease AttachType = 34
		post4       AttachType = 12
		post6       AttachType = 13
	)
	for _, f := range []string{"bound_dev_if", "mark", "priority"} {
		if a == sockCreate || a == sockRelease {
			m[f] = rwExact
		} else {
			delete(m, f)
		}
	}
	if a != post4 {
		delete(m, "src_ip4")
	}
	if a != post6 {
		delete(m, "src_ip6")
	}
	if a != post4 && a != post6 {
		delete(m, "src_port")
	}
	return build("bpf_sock", m)
}

// sockAddr is bpf_sock_addr for one attach type (sock_addr_is_valid_access):
// user_ip4 only for IPv4 hooks, user_ip6 for IPv6 ones, msg_src_* for
// sendmsg; addresses and user_port: narrow loads, whole stores, and 8-byte
// aligned accesses inside the IPv6 arrays; sk a PTR_TO_SOCKET.
func sockAddr(a AttachType) *Context {
	v4 := map[AttachType]bool{8: true, 10: true, 29: true, 31: true, 14: true, 19: true}
	v6 := map[AttachType]bool{9: true, 11: true, 30: true, 32: true, 15: true, 20: true}
	wide := []Field{{Off: 0, Size: 8, Read: true, Write: true}, {Off: 8, Size: 8, Read: true, Write: true}}
	addr := rule{read: true, write: true}
	m := map[string]rule{
		"user_family": roExact, "family": roExact, "type": roExact, "protocol": roExact,
		"user_port": addr,
		"sk":        {read: true, exact: true, yields: YieldSocket},
	}
	if v4[a] {
		m["user_ip4"] = addr
	}
	if v6[a] {
		m["user_ip6"] = rule{read: true, write: true, split: true, also: wide}
	}
	if a == 14 { // cgroup_udp4_sendmsg
		m["msg_src_ip4"] = addr
	}
	if a == 15 { // cgroup_udp6_sendmsg
		m["msg_src_ip6"] = rule{read: true, write: true, split: true, also: wide}
	}
	return build("bpf_sock_addr", m)
}

// sockOps is bpf_sock_ops (sock_ops_is_valid_access): whole u32 loads
// except skb_tcp_flags (narrow); u64 loads of the byte counters and
// skb_hwtstamp; sk a PTR_TO_SOCKET_OR_NULL; skb_data and skb_data_end
// packet pointers; stores to reply (args[0]'s place) and sk_txhash only.
var sockOps = func() *Context {
	m := map[string]rule{}
	for _, mb := range layouts["bpf_sock_ops"].Members {
		m[mb.Name] = rule{read: true, exact: true, split: true}
	}
	m["reply"] = rwExact // shares args[0]'s place
	m["sk_txhash"] = rwExact
	m["skb_tcp_flags"] = ro
	m["sk"] = rule{read: true, exact: true, yields: YieldSocket, orNull: true}
	m["skb_data"] = rule{read: true, exact: true, yields: YieldPacket}
	m["skb_data_end"] = rule{read: true, exact: true, yields: YieldPacketEnd}
	return build("bpf_sock_ops", m)
}()

// skMsg is sk_msg_md (sk_msg_is_valid_access): read-only, every member
// whole; data and data_end packet pointers; sk a PTR_TO_SOCKET.
var skMsg = build("sk_msg_md", map[string]rule{
	"data":     {read: true, exact: true, yields: YieldPacket},
	"data_end": {read: true, exact: true, yields: YieldPacketEnd},
	"sk":       {read: true, exact: true, yields: YieldSocket},
	"family":   roExact, "remote_ip4": roExact, "local_ip4": roExact,
	"remote_ip6": {read: true, exact: true, split: true}, "local_ip6": {read: true, exact: true, split: true},
	"remote_port": roExact, "local_port": roExact, "size": roExact,
})

// skReuseport is sk_reuseport_md (sk_reuseport_is_valid_access):
// read-only; data and data_end packet pointers; sk a PTR_TO_SOCKET and
// migrating_sk a PTR_TO_SOCK_COMMON_OR_NULL; hash whole; eth_protocol no
// narrower than 2 bytes; the rest narrow.
var skReuseport = build("sk_reuseport_md", map[string]rule{
	"data":         {read: true, exact: true, yields: YieldPacket},
	"data_end":     {read: true, exact: true, yields: YieldPacketEnd},
	"sk":           {read: true, exact: true, yields: YieldSocket},
	"migrating_sk": {read: true, exact: true, yields: YieldSockCommon, orNull: true},
	"hash":         roExact,
	"eth_protocol": {read: true, exact: true, also: []Field{{Off: 0, Size: 2, Read: true}, {Off: 2, Size: 2, Read: true}}},
	"len":          ro, "ip_protocol": ro, "bind_inany": ro,
})

// skLookup is bpf_sk_lookup (sk_lookup_is_valid_access): read-only; sk a
// PTR_TO_SOCKET_OR_NULL; cookie a whole u64; remote_port a __be16 that may
// also be loaded as a u32; the rest narrow.
var skLookup = build("bpf_sk_lookup", map[string]rule{
	"sk":     {read: true, exact: true, yields: YieldSocket, orNull: true},
	"cookie": roExact,
	"family": ro, "protocol": ro, "remote_ip4": ro, "local_ip4": ro, "local_port": ro, "ingress_ifindex": ro,
	"remote_ip6": {read: true, split: true}, "local_ip6": {read: true, split: true},
	"remote_port": {read: true, also: []Field{{Size: 4, Read: true}}},
})

// perfEvent is bpf_perf_event_data (pe_prog_is_valid_access): read-only;
// regs in whole u64s; sample_period and addr narrow.
var perfEvent = func() *Context {
	c := build("bpf_perf_event_data", map[string]rule{"sample_period": ro, "addr": ro})
	for off := 0; off < layouts["pt_regs"].Size; off += 8 {
		c.Fields = append(c.Fields, Field{Name: "regs", Off: off, Size: 8, Read: true})
	}
	return c
}()

// kprobeRegs is struct pt_regs (kprobe_prog_is_valid_access): read-only,
// any aligned load inside it.
var kprobeRegs = &Context{Name: "pt_regs", Size: layouts["pt_regs"].Size, ReadOnly: true,
	Fields: []Field{{Name: "regs", Off: 0, Size: layouts["pt_regs"].Size, Read: true, Narrow: true}}}

// tracepointArgs is a tracepoint's record (tp_prog_is_valid_access):
// read-only loads from byte 8 (past the common header) up to
// PERF_MAX_TRACE_SIZE, 2048.
var tracepointArgs = &Context{Name: "tracepoint record", Size: 2048, ReadOnly: true,
	Fields: []Field{{Name: "record", Off: 8, Size: 2040, Read: true, Narrow: true}}}

// rawTPArgs are a raw tracepoint's u64 arguments, MAX_BPF_FUNC_ARGS (12)
// of them (raw_tp_prog_is_valid_access): read-only, any aligned load.
var rawTPArgs = &Context{Name: "bpf_raw_tracepoint_args", Size: 96, ReadOnly: true,
	Fields: []Field{{Name: "args", Off: 0, Size: 96, Read: true, Narrow: true}}}

// rawTPWritableArgs: as rawTPArgs, but args[0] is a u64 load yielding the
// tracepoint's writable buffer (raw_tp_writable_prog_is_valid_access).
var rawTPWritableArgs = &Context{Name: "bpf_raw_tracepoint_args", Size: 96, ReadOnly: true,
	Fields: []Field{
		{Name: "args[0]", Off: 0, Size: 8, Read: true, Yields: YieldTPBuffer},
		{Name: "args", Off: 8, Size: 88, Read: true, Narrow: true},
	}}

// btfArgs are the u64 arguments of tracing, lsm and struct_ops programs,
// typed by their attach target (btf_ctx_access): read-only u64 loads.
var btfArgs = &Context{Name: "u64 args (BTF-typed)", Size: 96, ReadOnly: true, BTFArgs: true,
	Fields: []Field{{Name: "args", Off: 0, Size: 96, Read: true, Narrow: true}}}

// cgroupDev is bpf_cgroup_dev_ctx (cgroup_dev_is_valid_access):
// read-only; access_type narrow, major and minor whole.
var cgroupDev = build("bpf_cgroup_dev_ctx", map[string]rule{"access_type": ro, "major": roExact, "minor": roExact})

// sysctl is bpf_sysctl (sysctl_is_valid_access): narrow loads; file_pos
// may be stored whole.
var sysctl = build("bpf_sysctl", map[string]rule{"write": ro, "file_pos": {read: true, write: true}})

// sockopt is bpf_sockopt for getsockopt or setsockopt hooks
// (cg_sockopt_is_valid_access): sk a PTR_TO_SOCKET; optval and
// optval_end packet-like pointers; u32 members whole; stores to optlen,
// to retval at getsockopt, to level and optname at setsockopt; retval
// only readable at getsockopt.
func sockopt(get bool) *Context {
	m := map[string]rule{
		"sk":         {read: true, exact: true, yields: YieldSocket},
		"optval":     {read: true, exact: true, yields: YieldPacket},
		"optval_end": {read: true, exact: true, yields: YieldPacketEnd},
		"level":      roExact, "optname": roExact,
		"optlen": rwExact,
	}
	if get {
		m["retval"] = rwExact
	} else {
		m["level"], m["optname"] = rwExact, rwExact
	}
	return build("bpf_sockopt", m)
}

// nfCtx is bpf_nf_ctx (nf_is_valid_access): read-only u64 loads of two
// trusted BTF pointers.
var nfCtx = build("bpf_nf_ctx", map[string]rule{
	"state": {read: true, exact: true, yields: YieldBTFPointer},
	"skb":   {read: true, exact: true, yields: YieldBTFPointer},
})

func init() {
	for i := range nfCtx.Fields {
		nfCtx.Fields[i].BTFType = map[string]string{"state": "nf_hook_state", "skb": "sk_buff"}[nfCtx.Fields[i].Name]
	}
}

// syscallCtx: a syscall program's context is user memory of the size
// passed to BPF_PROG_RUN, any access within it (the verifier checks it
// against ctx_size_in at run time); the table records only its bound.
var syscallCtx = &Context{Name: "syscall ctx", Size: 1 << 16,
	Fields: []Field{{Name: "ctx", Off: 0, Size: 1 << 16, Read: true, Write: true, Narrow: true, NarrowWrite: true}}}

// lircSample is a lirc_mode2 program's context, one u32 sample
// (lirc_mode2_is_valid_access): a whole read-only load at offset 0.
var lircSample = &Context{Name: "lirc sample", Size: 4, ReadOnly: true,
	Fields: []Field{{Name: "sample", Off: 0, Size: 4, Read: true}}}

// bpfTCPSock is struct bpf_tcp_sock behind a PTR_TO_TCP_SOCK
// (bpf_tcp_sock_is_valid_access): read-only, every member whole.
var bpfTCPSock = func() *Context {
	m := map[string]rule{}
	for _, mb := range layouts["bpf_tcp_sock"].Members {
		m[mb.Name] = roExact
	}
	c := build("bpf_tcp_sock", m)
	c.ReadOnly = true
	return c
}()

// bpfXDPSock is struct bpf_xdp_sock behind a PTR_TO_XDP_SOCK
// (bpf_xdp_sock_is_valid_access): queue_id, a whole u32.
var bpfXDPSock = func() *Context {
	c := build("bpf_xdp_sock", map[string]rule{"queue_id": roExact})
	c.ReadOnly = true
	return c
}()
