package platform

import "strings"

// SectionType is what an ELF section name says about its programs, by
// libbpf's table of section names.
type SectionType struct {
	Prog ProgType
	// Attach is the expected attach type; HasAttach says whether there is
	// one (attach type 0 is cgroup_inet_ingress, a real one).
	Attach    AttachType
	HasAttach bool
	// Target is the attach target the name gives after the table's name
	// and a '/': "tcp_v4_connect" in "kprobe/tcp_v4_connect", "" when none.
	Target string
	// Sleepable is set for the ".s" variants (fentry.s/, lsm.s/, syscall).
	Sleepable bool
}

// sectionDef is one row of libbpf's section table: the name, the program
// type and expected attach type (by their kernel names, "" for none) and
// flags. A name ending in '+' matches itself and any name/... below it;
// any other name matches only itself.
type sectionDef struct {
	name, prog, attach string
	sleepable          bool
}

// sectionDefs is libbpf's current section table (libbpf 1.x,
// tools/lib/bpf/libbpf.c section_defs), in its order: the first row that
// matches wins.
var sectionDefs = []sectionDef{
	{"socket", "socket_filter", "", false},
	{"sk_reuseport/migrate", "sk_reuseport", "sk_reuseport_select_or_migrate", false},
	{"sk_reuseport", "sk_reuseport", "sk_reuseport_select", false},
	{"kprobe+", "kprobe", "", false},
	{"uprobe+", "kprobe", "", false},
	{"uprobe.s+", "kprobe", "", true},
	{"kretprobe+", "kprobe", "", false},
	{"uretprobe+", "kprobe", "", false},
	{"uretprobe.s+", "kprobe", "", true},
	{"kprobe.multi+", "kprobe", "trace_kprobe_multi", false},
	{"kretprobe.multi+", "kprobe", "trace_kprobe_multi", false},
	{"kprobe.session+", "kprobe", "trace_kprobe_session", false},
	{"uprobe.multi+", "kprobe", "trace_uprobe_multi", false},
	{"uretprobe.multi+", "kprobe", "trace_uprobe_multi", false},
	{"uprobe.session+", "kprobe", "trace_uprobe_session", false},
	{"uprobe.multi.s+", "kprobe", "trace_uprobe_multi", true},
	{"uretprobe.multi.s+", "kprobe", "trace_uprobe_multi", true},
	{"uprobe.session.s+", "kprobe", "trace_uprobe_session", true},
	{"ksyscall+", "kprobe", "", false},
	{"kretsyscall+", "kprobe", "", false},
	{"usdt+", "kprobe", "", false},
	{"usdt.s+", "kprobe", "", true},
	{"tc/ingress", "sched_cls", "tcx_ingress", false},
	{"tc/egress", "sched_cls", "tcx_egress", false},
	{"tcx/ingress", "sched_cls", "tcx_ingress", false},
	{"tcx/egress", "sched_cls", "tcx_egress", false},
	{"tc", "sched_cls", "", false},
	{"classifier", "sched_cls", "", false},
	{"action", "sched_act", "", false},
	{"netkit/primary", "sched_cls", "netkit_primary", false},
	{"netkit/peer", "sched_cls", "netkit_peer", false},
	{"tracepoint+", "tracepoint", "", false},
	{"tp+", "tracepoint", "", false},
	{"raw_tracepoint+", "raw_tracepoint", "", false},
	{"raw_tp+", "raw_tracepoint", "", false},
	{"raw_tracepoint.w+", "raw_tracepoint_writable", "", false},
	{"raw_tp.w+", "raw_tracepoint_writable", "", false},
	{"tp_btf+", "tracing", "trace_raw_tp", false},
	{"fentry+", "tracing", "trace_fentry", false},
	{"fmod_ret+", "tracing", "modify_return", false},
	{"fexit+", "tracing", "trace_fexit", false},
	{"fentry.s+", "tracing", "trace_fentry", true},
	{"fmod_ret.s+", "tracing", "modify_return", true},
	{"fexit.s+", "tracing", "trace_fexit", true},
	{"freplace+", "ext", "", false},
	{"lsm+", "lsm", "lsm_mac", false},
	{"lsm.s+", "lsm", "lsm_mac", true},
	{"lsm_cgroup+", "lsm", "lsm_cgroup", false},
	{"iter+", "tracing", "trace_iter", false},
	{"iter.s+", "tracing", "trace_iter", true},
	{"syscall", "syscall", "", true},
	{"xdp.frags/devmap", "xdp", "xdp_devmap", false},
	{"xdp/devmap", "xdp", "xdp_devmap", false},
	{"xdp.frags/cpumap", "xdp", "xdp_cpumap", false},
	{"xdp/cpumap", "xdp", "xdp_cpumap", false},
	{"xdp.frags", "xdp", "xdp", false},
	{"xdp", "xdp", "xdp", false},
	{"perf_event", "perf_event", "", false},
	{"lwt_in", "lwt_in", "", false},
	{"lwt_out", "lwt_out", "", false},
	{"lwt_xmit", "lwt_xmit", "", false},
	{"lwt_seg6local", "lwt_seg6local", "", false},
	{"sockops", "sock_ops", "cgroup_sock_ops", false},
	{"sk_skb/stream_parser", "sk_skb", "sk_skb_stream_parser", false},
	{"sk_skb/stream_verdict", "sk_skb", "sk_skb_stream_verdict", false},
	{"sk_skb/verdict", "sk_skb", "sk_skb_verdict", false},
	{"sk_skb", "sk_skb", "", false},
	{"sk_msg", "sk_msg", "sk_msg_verdict", false},
	{"lirc_mode2", "lirc_mode2", "lirc_mode2", false},
	{"flow_dissector", "flow_dissector", "flow_dissector", false},
	{"cgroup_skb/ingress", "cgroup_skb", "cgroup_inet_ingress", false},
	{"cgroup_skb/egress", "cgroup_skb", "cgroup_inet_egress", false},
	{"cgroup/skb", "cgroup_skb", "", false},
	{"cgroup/sock_create", "cgroup_sock", "cgroup_inet_sock_create", false},
	{"cgroup/sock_release", "cgroup_sock", "cgroup_inet_sock_release", false},
	{"cgroup/sock", "cgroup_sock", "cgroup_inet_sock_create", false},
	{"cgroup/post_bind4", "cgroup_sock", "cgroup_inet4_post_bind", false},
	{"cgroup/post_bind6", "cgroup_sock", "cgroup_inet6_post_bind", false},
	{"cgroup/bind4", "cgroup_sock_addr", "cgroup_inet4_bind", false},
	{"cgroup/bind6", "cgroup_sock_addr", "cgroup_inet6_bind", false},
	{"cgroup/connect4", "cgroup_sock_addr", "cgroup_inet4_connect", false},
	{"cgroup/connect6", "cgroup_sock_addr", "cgroup_inet6_connect", false},
	{"cgroup/connect_unix", "cgroup_sock_addr", "cgroup_unix_connect", false},
	{"cgroup/sendmsg4", "cgroup_sock_addr", "cgroup_udp4_sendmsg", false},
	{"cgroup/sendmsg6", "cgroup_sock_addr", "cgroup_udp6_sendmsg", false},
	{"cgroup/sendmsg_unix", "cgroup_sock_addr", "cgroup_unix_sendmsg", false},
	{"cgroup/recvmsg4", "cgroup_sock_addr", "cgroup_udp4_recvmsg", false},
	{"cgroup/recvmsg6", "cgroup_sock_addr", "cgroup_udp6_recvmsg", false},
	{"cgroup/recvmsg_unix", "cgroup_sock_addr", "cgroup_unix_recvmsg", false},
	{"cgroup/getpeername4", "cgroup_sock_addr", "cgroup_inet4_getpeername", false},
	{"cgroup/getpeername6", "cgroup_sock_addr", "cgroup_inet6_getpeername", false},
	{"cgroup/getpeername_unix", "cgroup_sock_addr", "cgroup_unix_getpeername", false},
	{"cgroup/getsockname4", "cgroup_sock_addr", "cgroup_inet4_getsockname", false},
	{"cgroup/getsockname6", "cgroup_sock_addr", "cgroup_inet6_getsockname", false},
	{"cgroup/getsockname_unix", "cgroup_sock_addr", "cgroup_unix_getsockname", false},
	{"cgroup/sysctl", "cgroup_sysctl", "cgroup_sysctl", false},
	{"cgroup/getsockopt", "cgroup_sockopt", "cgroup_getsockopt", false},
	{"cgroup/setsockopt", "cgroup_sockopt", "cgroup_setsockopt", false},
	{"cgroup/dev", "cgroup_device", "cgroup_device", false},
	{"struct_ops+", "struct_ops", "", false},
	{"struct_ops.s+", "struct_ops", "", true},
	{"sk_lookup", "sk_lookup", "sk_lookup", false},
	{"netfilter", "netfilter", "netfilter", false},
}

// SectionProgType returns what an ELF section name says about its
// programs, by libbpf's current table: first an exact match (a row ending
// in '+' also matches "row/anything"), then, for the objects of older
// toolchains, the longest row that is a plain prefix of the name
// ("socket1", "xdp_mark", "kprobe/sys_write", "cgroup/sock1"), as libbpf
// before 1.0 matched. ok is false for a name no row matches (".text",
// "maps", "1/0x1").
func SectionProgType(section string) (SectionType, bool) {
	for _, d := range sectionDefs {
		base, plus := strings.CutSuffix(d.name, "+")
		if section == base || plus && strings.HasPrefix(section, base+"/") {
			target := ""
			if plus && len(section) > len(base) {
				target = section[len(base)+1:]
			}
			return d.resolve(target), true
		}
	}
	best := -1
	for i, d := range sectionDefs {
		base := strings.TrimSuffix(d.name, "+")
		if strings.HasPrefix(section, base) && (best < 0 || len(base) > len(strings.TrimSuffix(sectionDefs[best].name, "+"))) {
			best = i
		}
	}
	if best < 0 {
		return SectionType{}, false
	}
	d := sectionDefs[best]
	target := ""
	if base := strings.TrimSuffix(d.name, "+"); strings.HasPrefix(section, base+"/") {
		target = section[len(base)+1:]
	}
	return d.resolve(target), true
}

func (d sectionDef) resolve(target string) SectionType {
	p, _ := ParseProgType(d.prog)
	st := SectionType{Prog: p, Target: target, Sleepable: d.sleepable}
	if d.attach != "" {
		v, _ := enumValue(attachTypeNames[:], d.attach)
		st.Attach, st.HasAttach = AttachType(v), true
	}
	return st
}
