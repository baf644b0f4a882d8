package platform

// Context618 returns the context a Linux 6.18 program of type t, loaded
// with expected attach type a, finds in r1, with the access rules of the
// kernel's is_valid_access for that type and attach type; ok is false for
// a type without a context table (ext takes its target's context).
func Context618(t ProgType, a AttachType) (c *Context, ok bool) {
	switch t.String() {
	case "socket_filter":
		return skbSocketFilter, true
	case "sched_cls", "sched_act":
		return skbTC, true
	case "cgroup_skb":
		return skbCgroup, true
	case "lwt_in", "lwt_out", "lwt_xmit", "lwt_seg6local":
		return skbLWT, true
	case "sk_skb":
		return skbSkSkb, true
	case "flow_dissector":
		return skbFlowDissector, true
	case "xdp":
		if a.String() == "xdp_devmap" {
			return xdpMDDevmap, true
		}
		return xdpMD, true
	case "cgroup_sock":
		return cgroupSock(a), true
	case "cgroup_sock_addr":
		return sockAddr(a), true
	case "sock_ops":
		return sockOps, true
	case "sk_msg":
		return skMsg, true
	case "sk_reuseport":
		return skReuseport, true
	case "sk_lookup":
		return skLookup, true
	case "perf_event":
		return perfEvent, true
	case "kprobe":
		return kprobeRegs, true
	case "tracepoint":
		return tracepointArgs, true
	case "raw_tracepoint":
		return rawTPArgs, true
	case "raw_tracepoint_writable":
		return rawTPWritableArgs, true
	case "tracing", "lsm", "struct_ops":
		return btfArgs, true
	case "cgroup_device":
		return cgroupDev, true
	case "cgroup_sysctl":
		return sysctl, true
	case "cgroup_sockopt":
		return sockopt(a.String() == "cgroup_getsockopt"), true
	case "netfilter":
		return nfCtx, true
	case "lirc_mode2":
		return lircSample, true
	case "syscall":
		return syscallCtx, true
	}
	return nil, false
}

// SockContext618 returns the layout behind a socket pointer: struct
// bpf_sock for a full socket (common false) or for a socket's common part.
func SockContext618(common bool) *Context {
	if common {
		return bpfSockCommon
	}
	return bpfSock
}

// TCPSockContext618 is struct bpf_tcp_sock behind a PTR_TO_TCP_SOCK.
func TCPSockContext618() *Context { return bpfTCPSock }

// XDPSockContext618 is struct bpf_xdp_sock behind a PTR_TO_XDP_SOCK.
func XDPSockContext618() *Context { return bpfXDPSock }

// Widest618 returns the widest Linux 6.18 layout of a context structure:
// every field some program type may access ("__sk_buff": the union of its
// program types' fields but flow_keys; "xdp_md": the devmap layout). It
// is what a runtime fills in for programs that were not verified, so that
// it takes its offsets from the same tables as the verifier.
func Widest618(name string) (*Context, bool) {
	switch name {
	case "__sk_buff":
		return skbWidest, true
	case "xdp_md":
		return xdpMDDevmap, true
	}
	return nil, false
}

// skbWidest is every __sk_buff field but flow_keys, with tc's stores.
var skbWidest = skb(nil, []string{"mark", "tc_index", "priority", "tc_classid", "cb", "tstamp", "queue_mapping"},
	map[string]rule{"tstamp_type": roExact})
