package platform

// ReturnRange618 is the range Linux 6.18 requires of r0 when a program of
// type t (expected attach type a) exits, as its check_return_code checks
// it; checked is false where the kernel does not check the value (r0 must
// still be initialised). For lsm hooks returning an int the range is the
// errno one, [-4095, 0]; hooks the kernel treats as boolean or void, and
// struct_ops members, depend on the attach target's BTF and are reported
// unchecked here.
func ReturnRange618(t ProgType, a AttachType) (min, max int64, checked bool) {
	switch t.String() {
	case "cgroup_sock_addr":
		switch a.String() {
		case "cgroup_udp4_recvmsg", "cgroup_udp6_recvmsg", "cgroup_inet4_getpeername", "cgroup_inet6_getpeername",
			"cgroup_inet4_getsockname", "cgroup_inet6_getsockname", "cgroup_unix_recvmsg",
			"cgroup_unix_getpeername", "cgroup_unix_getsockname":
			return 1, 1, true
		case "cgroup_inet4_bind", "cgroup_inet6_bind":
			return 0, 3, true
		}
		return 0, 1, true
	case "kprobe":
		switch a.String() {
		case "trace_kprobe_session", "trace_uprobe_session":
			return 0, 1, true
		}
		return 0, 0, false
	case "cgroup_skb":
		if a.String() == "cgroup_inet_egress" {
			return 0, 3, true
		}
		return 0, 1, true
	case "cgroup_sock", "sock_ops", "cgroup_device", "cgroup_sysctl", "cgroup_sockopt", "sk_lookup", "netfilter":
		return 0, 1, true
	case "tracing":
		switch a.String() {
		case "trace_fentry", "trace_fexit":
			return 0, 0, true
		case "trace_iter":
			return 0, 1, true
		}
		return 0, 0, false
	case "lsm":
		if a.String() == "lsm_cgroup" {
			return 0, 1, true
		}
		return -4095, 0, true
	}
	return 0, 0, false
}

// PacketRules618 says whether programs of type t may use the legacy
// packet loads LD_ABS/LD_IND (may_access_skb) and store into packet data
// directly (may_access_direct_pkt_data for a write).
func PacketRules618(t ProgType) (ldAbs, pktWrite bool) {
	switch t.String() {
	case "socket_filter":
		return true, false
	case "sched_cls", "sched_act":
		return true, true
	case "xdp", "lwt_xmit", "sk_skb", "sk_msg":
		return false, true
	}
	return false, false
}
