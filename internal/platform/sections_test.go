package platform

import "testing"

// Every row of the section table names a program type and attach type the
// generated enums know.
func TestSectionDefsResolve(t *testing.T) {
	for _, d := range sectionDefs {
		if _, ok := ParseProgType(d.prog); !ok {
			t.Errorf("section %s: unknown program type %q", d.name, d.prog)
		}
		if _, ok := enumValue(attachTypeNames[:], d.attach); d.attach != "" && !ok {
			t.Errorf("section %s: unknown attach type %q", d.name, d.attach)
		}
	}
}

func TestSectionProgType(t *testing.T) {
	for _, c := range []struct {
		section, prog, attach, target string
		sleepable, ok                 bool
	}{
		{"socket", "socket_filter", "", "", false, true},
		{"socket1", "socket_filter", "", "", false, true}, // pre-1.0 prefix match
		{"kprobe/tcp_v4_connect", "kprobe", "", "tcp_v4_connect", false, true},
		{"xdp", "xdp", "xdp", "", false, true},
		{"xdp_mark", "xdp", "xdp", "", false, true}, // pre-1.0 prefix match
		{"xdp/devmap", "xdp", "xdp_devmap", "", false, true},
		{"tc", "sched_cls", "", "", false, true},
		{"tcx/ingress", "sched_cls", "tcx_ingress", "", false, true},
		{"classifier", "sched_cls", "", "", false, true},
		{"action", "sched_act", "", "", false, true},
		{"tracepoint/syscalls/sys_enter_open", "tracepoint", "", "syscalls/sys_enter_open", false, true},
		{"tp_btf/sched_switch", "tracing", "trace_raw_tp", "sched_switch", false, true},
		{"fentry.s/do_sys_open", "tracing", "trace_fentry", "do_sys_open", true, true},
		{"lsm/file_open", "lsm", "lsm_mac", "file_open", false, true},
		{"cgroup/connect4", "cgroup_sock_addr", "cgroup_inet4_connect", "", false, true},
		{"cgroup/sock1", "cgroup_sock", "cgroup_inet_sock_create", "", false, true},
		{"cgroup_skb/egress", "cgroup_skb", "cgroup_inet_egress", "", false, true},
		{"sockops", "sock_ops", "cgroup_sock_ops", "", false, true},
		{"sk_skb/stream_parser", "sk_skb", "sk_skb_stream_parser", "", false, true},
		{"struct_ops/cong_avoid", "struct_ops", "", "cong_avoid", false, true},
		{"syscall", "syscall", "", "", true, true},
		{"netfilter", "netfilter", "netfilter", "", false, true},
		{".text", "", "", "", false, false},
		{"1/0x1", "", "", "", false, false},
	} {
		st, ok := SectionProgType(c.section)
		if ok != c.ok {
			t.Errorf("%s: ok %v", c.section, ok)
			continue
		}
		if !ok {
			continue
		}
		attach := ""
		if st.HasAttach {
			attach = st.Attach.String()
		}
		if st.Prog.String() != c.prog || attach != c.attach || st.Target != c.target || st.Sleepable != c.sleepable {
			t.Errorf("%s: %s attach %q target %q sleepable %v; want %s %q %q %v", c.section, st.Prog, attach, st.Target, st.Sleepable, c.prog, c.attach, c.target, c.sleepable)
		}
	}
}
