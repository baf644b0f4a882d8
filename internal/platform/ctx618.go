package platform

// The contexts of Linux 6.18 program types: layouts from the kernel's BTF
// (layouts_gen.go), access rules from the kernel's *_is_valid_access
// functions, written here as per-field rules.

// rule is how one member of a layout may be accessed.
type rule struct {
	read, write bool
	// exact: only accesses of the member's whole size (no narrow loads).
	exact bool
	// narrowWrite: stores narrower than the member too.
	narrowWrite bool
	// split: an array member becomes one field per element.
	split  bool
	yields Yield
	orNull bool
	// also are extra fields at the member's offset (sizes the kernel also
	// admits, e.g. a u32 load of a u16 port).
	also []Field
}

var (
	ro      = rule{read: true}
	roExact = rule{read: true, exact: true}
	rw      = rule{read: true, write: true}
	// rwExact: loads and stores of the whole member only (the default for
	// stores everywhere).
	rwExact = rule{read: true, write: true, exact: true}
)

// build lays a context out from a layout and per-member rules; members
// without a rule are refused (accesses there fail).
func build(name string, rules map[string]rule) *Context {
	l, ok := layouts[name]
	if !ok {
		panic("platform: no layout for " + name)
	}
	c := &Context{Name: name, Size: l.Size}
	for _, m := range l.Members {
		r, ok := rules[m.Name]
		if !ok {
			continue
		}
		f := Field{Name: m.Name, Off: m.Off, Size: m.Size, Read: r.read, Narrow: r.read && !r.exact,
			Yields: r.yields, OrNull: r.orNull}
		if r.yields != YieldScalar {
			f.Narrow = false
		}
		if r.write {
			f.Write, f.NarrowWrite = true, r.narrowWrite
		}
		if r.split && m.Elem < m.Size {
			for i := 0; i*m.Elem < m.Size; i++ {
				e := f
				e.Name = m.Name + "[" + itoa(i) + "]"
				e.Off, e.Size = m.Off+i*m.Elem, m.Elem
				c.Fields = append(c.Fields, e)
			}
		} else {
			c.Fields = append(c.Fields, f)
		}
		for _, a := range r.also {
			a.Name = m.Name
			a.Off += m.Off
			c.Fields = append(c.Fields, a)
		}
	}
	return c
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// skbBase are the rules of bpf_skb_is_valid_access that every __sk_buff
// program type starts from: reads of scalar fields may be narrow; the
// socket's addresses, ports' family and the packet pointers must be read
// whole; sk is a read-only pointer to the socket's common part; cb may be
// accessed in any aligned size; flow_keys, tstamp_type and the padding
// before hwtstamp are refused.
func skbBase() map[string]rule {
	m := map[string]rule{}
	for _, f := range []string{"len", "pkt_type", "mark", "queue_mapping", "protocol", "vlan_present",
		"vlan_tci", "vlan_proto", "priority", "ingress_ifindex", "ifindex", "tc_index", "hash",
		"tc_classid", "napi_id", "family", "remote_port", "local_port", "wire_len", "gso_segs", "gso_size"} {
		m[f] = ro
	}
	m["cb"] = rule{read: true}
	for _, f := range []string{"remote_ip4", "local_ip4"} {
		m[f] = roExact
	}
	m["remote_ip6"] = rule{read: true, exact: true, split: true}
	m["local_ip6"] = rule{read: true, exact: true, split: true}
	m["data"] = rule{read: true, exact: true, yields: YieldPacket}
	m["data_end"] = rule{read: true, exact: true, yields: YieldPacketEnd}
	m["data_meta"] = rule{read: true, exact: true, yields: YieldPacketMeta}
	m["tstamp"] = roExact
	m["hwtstamp"] = roExact
	m["sk"] = rule{read: true, exact: true, yields: YieldSockCommon, orNull: true}
	return m
}

// skb builds an __sk_buff context: refuse lists members the type may not
// access, writable those it may store to (whole, or any size in cb).
func skb(refuse []string, writable []string, extra map[string]rule) *Context {
	m := skbBase()
	for _, f := range refuse {
		delete(m, f)
	}
	for _, f := range writable {
		r, ok := m[f]
		if !ok {
			continue
		}
		r.write = true
		if f == "cb" {
			r.narrowWrite = true
		}
		m[f] = r
	}
	for f, r := range extra {
		m[f] = r
	}
	return build("__sk_buff", m)
}

// sockFields are the __sk_buff members read from the skb's socket.
var sockFields = []string{"family", "remote_ip4", "local_ip4", "remote_ip6", "local_ip6", "remote_port", "local_port"}

func join(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// The __sk_buff of each program type that gets one.
var (
	// socket_filter (sk_filter_is_valid_access): no packet pointers, no
	// socket fields, stores only to cb.
	skbSocketFilter = skb(join([]string{"tc_classid", "data", "data_meta", "data_end", "tstamp", "wire_len", "hwtstamp"}, sockFields),
		[]string{"cb"}, nil)
	// sched_cls and sched_act (tc_cls_act_is_valid_access).
	skbTC = skb(sockFields, []string{"mark", "tc_index", "priority", "tc_classid", "cb", "tstamp", "queue_mapping"},
		map[string]rule{"tstamp_type": roExact})
	// cgroup_skb (cg_skb_is_valid_access, privileged: packet pointers and
	// tstamp stores allowed).
	skbCgroup = skb([]string{"tc_classid", "data_meta", "wire_len"}, []string{"mark", "priority", "cb", "tstamp"}, nil)
	// lwt_in, lwt_out, lwt_xmit, lwt_seg6local (lwt_is_valid_access).
	skbLWT = skb(join([]string{"tc_classid", "data_meta", "tstamp", "wire_len", "hwtstamp"}, sockFields),
		[]string{"mark", "priority", "cb"}, nil)
	// sk_skb (sk_skb_is_valid_access): mark is refused outright.
	skbSkSkb = skb([]string{"tc_classid", "data_meta", "tstamp", "wire_len", "hwtstamp", "mark"},
		[]string{"tc_index", "priority"}, nil)
	// flow_dissector: data, data_end and flow_keys only, read-only.
	skbFlowDissector = build("__sk_buff", map[string]rule{
		"data":      {read: true, exact: true, yields: YieldPacket},
		"data_end":  {read: true, exact: true, yields: YieldPacketEnd},
		"flow_keys": {read: true, exact: true, yields: YieldFlowKeys},
	})
)

// xdp_md (xdp_is_valid_access): every access is a whole u32 load;
// egress_ifindex only for devmap programs; no stores (rx_queue_index of
// device-bound programs aside, which this table does not model).
var (
	xdpMD       = build("xdp_md", xdpRules(false))
	xdpMDDevmap = build("xdp_md", xdpRules(true))
)

func xdpRules(devmap bool) map[string]rule {
	m := map[string]rule{
		"data":            {read: true, exact: true, yields: YieldPacket},
		"data_end":        {read: true, exact: true, yields: YieldPacketEnd},
		"data_meta":       {read: true, exact: true, yields: YieldPacketMeta},
		"ingress_ifindex": roExact,
		"rx_queue_index":  roExact,
	}
	if devmap {
		m["egress_ifindex"] = roExact
	}
	return m
}
