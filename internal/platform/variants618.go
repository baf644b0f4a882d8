package platform

// variant is a prototype a helper has for some program types only: the
// kernel's get_func_proto hands these types another bpf_func_proto for the
// same id.
type variant struct {
	types []string // program type names
	proto Proto
}

// variants618 are the per-type prototypes of Linux 6.18 that differ from
// helpers618's in what the verifier checks (argument or return kinds,
// GPL-only).
var variants618 = map[HelperID][]variant{
	// bpf_get_socket_ptr_cookie_proto: tracing and lsm programs pass a
	// socket pointer, not their context.
	// bpf_get_socket_ptr_cookie_proto: a BTF socket or NULL (its cookie 0).
	46: {{types: []string{"tracing", "lsm"},
		proto: Proto{ID: 46, Ret: integer, Args: args(Arg{Kind: ArgBTFIDSockCommon, Flags: MaybeNull})}}},
	// bpf_sk_setsockopt/getsockopt_proto: BTF-typed sockets in lsm,
	// iterator and struct_ops programs.
	49: {{types: []string{"lsm", "tracing", "struct_ops"},
		proto: Proto{ID: 49, Ret: integer, Args: args(btfSockComm, anything, anything, memRO, constSize)}}},
	57: {{types: []string{"lsm", "tracing", "struct_ops"},
		proto: Proto{ID: 57, Ret: integer, Args: args(btfSockComm, anything, anything, memOut, constSize)}}},
	// bpf_sk_storage_get/delete_tracing_proto: the socket is a BTF pointer
	// that may be NULL.
	107: {
		{types: []string{"tracing"},
			proto: Proto{ID: 107, Ret: ret(RetMapValue, RetMaybeNull),
				Args: args(mapPtr, btfID("sock", MaybeNull), Arg{Kind: ArgMapValue, Flags: MaybeNull}, anything)}},
		// bpf_sk_storage_get_cg_sock_proto: cgroup_sock programs pass
		// their context, the socket itself.
		{types: []string{"cgroup_sock"},
			proto: Proto{ID: 107, Ret: ret(RetMapValue, RetMaybeNull),
				Args: args(mapPtr, ctx, Arg{Kind: ArgMapValue, Flags: MaybeNull}, anything)}},
	},
	108: {{types: []string{"tracing"},
		proto: Proto{ID: 108, Ret: integer, Args: args(mapPtr, btfID("sock", MaybeNull))}}},
	// bpf_sk_lookup_assign_proto: sk_lookup assigns a full socket or NULL.
	124: {{types: []string{"sk_lookup"},
		proto: Proto{ID: 124, Ret: integer, Args: args(ctx, Arg{Kind: ArgSocket, Flags: MaybeNull}, anything)}}},
	// bpf_xdp_get_buff_len_trace_proto: tracing programs pass an xdp_buff.
	188: {{types: []string{"tracing"},
		proto: Proto{ID: 188, Ret: integer, Args: args(btfID("xdp_buff", 0))}}},
}

// HelperFor returns the prototype of helper id as a program of type t
// sees it under the profile: the per-type variant where the kernel has
// one, else the profile's prototype.
func HelperFor(profile string, id HelperID, t ProgType) (Proto, bool) {
	p, ok := Helper(profile, id)
	if !ok || profile != "linux-6.18" {
		return p, ok
	}
	for _, v := range variants618[id] {
		for _, n := range v.types {
			if n == t.String() {
				return v.proto, true
			}
		}
	}
	return p, true
}
