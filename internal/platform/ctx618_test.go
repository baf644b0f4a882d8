package platform

import "testing"

func mustType(t *testing.T, name string) ProgType {
	pt, ok := ParseProgType(name)
	if !ok {
		t.Fatalf("no program type %s", name)
	}
	return pt
}

func attach(t *testing.T, name string) AttachType {
	for i, n := range attachTypeNames {
		if n == name {
			return AttachType(i)
		}
	}
	t.Fatalf("no attach type %s", name)
	return 0
}

// TestContext618Access checks accesses the kernel's is_valid_access
// functions allow or refuse, one sentence each.
func TestContext618Access(t *testing.T) {
	tests := []struct {
		what      string
		prog      string
		attach    string
		off, size int
		write     bool
		ok        bool
		yields    Yield
	}{
		{"socket filters read len", "socket_filter", "", 0, 4, false, true, YieldScalar},
		{"socket filters read len's low half", "socket_filter", "", 0, 2, false, true, YieldScalar},
		{"socket filters may not store to mark", "socket_filter", "", 8, 4, true, false, 0},
		{"socket filters store cb[0]", "socket_filter", "", 48, 4, true, true, 0},
		{"socket filters store 8 bytes at cb[2]", "socket_filter", "", 56, 8, true, true, 0},
		{"no 8-byte access runs past cb[4]", "socket_filter", "", 64, 8, false, false, 0},
		{"socket filters get no packet pointers", "socket_filter", "", 76, 4, false, false, 0},
		{"socket filters may not read remote_ip4", "socket_filter", "", 92, 4, false, false, 0},
		{"tc reads data as a packet pointer", "sched_cls", "", 76, 4, false, true, YieldPacket},
		{"tc reads data_end", "sched_cls", "", 80, 4, false, true, YieldPacketEnd},
		{"tc reads data_meta", "sched_cls", "", 140, 4, false, true, YieldPacketMeta},
		{"packet pointers are read whole", "sched_cls", "", 76, 2, false, false, 0},
		{"tc stores mark", "sched_cls", "", 8, 4, true, true, 0},
		{"stores are whole", "sched_cls", "", 8, 2, true, false, 0},
		{"tc stores tstamp as a u64", "sched_cls", "", 152, 8, true, true, 0},
		{"tc reads tstamp_type as a byte", "sched_cls", "", 180, 1, false, true, YieldScalar},
		{"tc may not read family", "sched_cls", "", 88, 4, false, false, 0},
		{"sk is a socket pointer", "sched_cls", "", 168, 8, false, true, YieldSockCommon},
		{"sk is read-only", "sched_cls", "", 168, 8, true, false, 0},
		{"flow_keys is the flow dissector's only", "sched_cls", "", 144, 8, false, false, 0},
		{"padding before hwtstamp is refused", "sched_cls", "", 181, 1, false, false, 0},
		{"cgroup skb reads remote_ip6[1]", "cgroup_skb", "", 104, 4, false, true, YieldScalar},
		{"cgroup skb reads remote_ip6 only whole", "cgroup_skb", "", 104, 2, false, false, 0},
		{"cgroup skb has no data_meta", "cgroup_skb", "", 140, 4, false, false, 0},
		{"sk_skb may not read mark", "sk_skb", "", 8, 4, false, false, 0},
		{"sk_skb stores priority", "sk_skb", "", 32, 4, true, true, 0},
		{"flow dissector reads flow_keys", "flow_dissector", "", 144, 8, false, true, YieldFlowKeys},
		{"flow dissector reads nothing else", "flow_dissector", "", 0, 4, false, false, 0},
		{"xdp reads data", "xdp", "", 0, 4, false, true, YieldPacket},
		{"xdp loads are whole u32s", "xdp", "", 12, 2, false, false, 0},
		{"xdp programs are no devmap programs", "xdp", "", 20, 4, false, false, 0},
		{"devmap programs read egress_ifindex", "xdp", "xdp_devmap", 20, 4, false, true, YieldScalar},
		{"xdp stores nothing", "xdp", "", 16, 4, true, false, 0},
		{"sock create stores mark", "cgroup_sock", "cgroup_inet_sock_create", 16, 4, true, true, 0},
		{"post_bind4 may not touch mark", "cgroup_sock", "cgroup_inet4_post_bind", 16, 4, false, false, 0},
		{"post_bind4 reads src_ip4", "cgroup_sock", "cgroup_inet4_post_bind", 24, 4, false, true, YieldScalar},
		{"sock create may not read src_ip4", "cgroup_sock", "cgroup_inet_sock_create", 24, 4, false, false, 0},
		{"dst_port may be read as a u32", "cgroup_sock", "cgroup_inet_sock_create", 48, 4, false, true, YieldScalar},
		{"dst_port's padding is refused", "cgroup_sock", "cgroup_inet_sock_create", 50, 2, false, false, 0},
		{"connect4 stores user_ip4", "cgroup_sock_addr", "cgroup_inet4_connect", 4, 4, true, true, 0},
		{"connect4 has no user_ip6", "cgroup_sock_addr", "cgroup_inet4_connect", 8, 4, false, false, 0},
		{"connect6 stores user_ip6 8 bytes at a time", "cgroup_sock_addr", "cgroup_inet6_connect", 16, 8, true, true, 0},
		{"sock_addr's sk is a full socket", "cgroup_sock_addr", "cgroup_inet4_connect", 64, 8, false, true, YieldSocket},
		{"sock_ops stores reply", "sock_ops", "", 4, 4, true, true, 0},
		{"sock_ops may not store op", "sock_ops", "", 0, 4, true, false, 0},
		{"sock_ops reads bytes_acked as a u64", "sock_ops", "", 176, 8, false, true, YieldScalar},
		{"sock_ops reads skb_data", "sock_ops", "", 192, 8, false, true, YieldPacket},
		{"sk_msg data is a u64 pointer", "sk_msg", "", 0, 8, false, true, YieldPacket},
		{"sk_msg data is not read in halves", "sk_msg", "", 0, 4, false, false, 0},
		{"kprobes read any aligned part of pt_regs", "kprobe", "", 16, 2, false, true, YieldScalar},
		{"kprobes may not store", "kprobe", "", 16, 8, true, false, 0},
		{"tracepoints skip the common header", "tracepoint", "", 0, 8, false, false, 0},
		{"tracepoints read past it", "tracepoint", "", 8, 8, false, true, YieldScalar},
		{"raw tracepoints read 12 args", "raw_tracepoint", "", 88, 8, false, true, YieldScalar},
		{"not a 13th", "raw_tracepoint", "", 96, 8, false, false, 0},
		{"perf events read regs whole", "perf_event", "", 8, 8, false, true, YieldScalar},
		{"perf events do not read regs narrow", "perf_event", "", 8, 4, false, false, 0},
		{"perf events read sample_period narrow", "perf_event", "", 168, 4, false, true, YieldScalar},
		{"getsockopt stores retval", "cgroup_sockopt", "cgroup_getsockopt", 36, 4, true, true, 0},
		{"setsockopt may not read retval", "cgroup_sockopt", "cgroup_setsockopt", 36, 4, false, false, 0},
		{"setsockopt stores optname", "cgroup_sockopt", "cgroup_setsockopt", 28, 4, true, true, 0},
		{"sysctl stores file_pos", "cgroup_sysctl", "", 4, 4, true, true, 0},
		{"sysctl may not store write", "cgroup_sysctl", "", 0, 4, true, false, 0},
		{"netfilter's skb is a BTF pointer", "netfilter", "", 8, 8, false, true, YieldBTFPointer},
		{"sk_lookup's remote_port as a u32", "sk_lookup", "", 36, 4, false, true, YieldScalar},
	}
	for _, tt := range tests {
		var a AttachType
		if tt.attach != "" {
			a = attach(t, tt.attach)
		}
		c, ok := Context618(mustType(t, tt.prog), a)
		if !ok {
			t.Fatalf("%s: no context for %s", tt.what, tt.prog)
		}
		f, ok := c.Allows(tt.off, tt.size, tt.write)
		if ok != tt.ok || (ok && !tt.write && f.Yields != tt.yields) {
			t.Errorf("%s: Allows(%d, %d, write=%v) = %+v, %v", tt.what, tt.off, tt.size, tt.write, f, ok)
		}
	}
}

// TestContext618Nullable checks the socket pointers that may be NULL.
func TestContext618Nullable(t *testing.T) {
	tests := []struct {
		prog   string
		off    int
		orNull bool
	}{
		{"sched_cls", 168, true}, {"sk_lookup", 0, true}, {"sock_ops", 184, true},
		{"sk_msg", 72, false}, {"sk_reuseport", 40, false}, {"sk_reuseport", 48, true},
	}
	for _, tt := range tests {
		c, _ := Context618(mustType(t, tt.prog), 0)
		f, ok := c.Allows(tt.off, 8, false)
		if !ok || f.OrNull != tt.orNull || (f.Yields != YieldSocket && f.Yields != YieldSockCommon) {
			t.Errorf("%s at %d: %+v, %v; want a socket pointer, or NULL: %v", tt.prog, tt.off, f, ok, tt.orNull)
		}
	}
}

// TestContext618Coverage checks that every program type but ext has a
// context and that every field lies inside its context.
func TestContext618Coverage(t *testing.T) {
	for _, pt := range ProgTypes() {
		c, ok := Context618(pt, 0)
		if !ok {
			if pt.String() != "ext" {
				t.Errorf("%s has no context", pt)
			}
			continue
		}
		for _, f := range c.Fields {
			if f.Off < 0 || f.Size <= 0 || f.Off+f.Size > c.Size {
				t.Errorf("%s: field %s [%d,%d) outside %s (%d bytes)", pt, f.Name, f.Off, f.Off+f.Size, c.Name, c.Size)
			}
		}
	}
}

// TestPointedSockets checks the layouts behind socket pointers.
func TestPointedSockets(t *testing.T) {
	if _, ok := TCPSockContext618().Allows(80, 8, false); !ok {
		t.Error("bytes_received is a u64 load")
	}
	if _, ok := TCPSockContext618().Allows(80, 4, false); ok {
		t.Error("bytes_received is not read in halves")
	}
	if _, ok := TCPSockContext618().Allows(0, 4, true); ok {
		t.Error("tcp_sock is read-only")
	}
	if _, ok := SockContext618(true).Allows(16, 4, false); ok {
		t.Error("sock_common has no mark")
	}
	if _, ok := SockContext618(false).Allows(16, 4, false); !ok {
		t.Error("a full socket's mark is readable")
	}
	if _, ok := XDPSockContext618().Allows(0, 4, false); !ok {
		t.Error("queue_id is readable")
	}
}
