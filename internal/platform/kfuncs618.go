package platform

// Kfunc is a kernel function (kfunc) the linux-6.18 profile models beyond
// the numeric iterators: who may call it, as the kernel's kfunc sets say
// (register_btf_kfunc_id_set). Its signature is not here: it is the
// function's prototype in the target kernel's BTF, whose parameters must
// be scalars or pointers to structs; pointer arguments must be trusted
// (KF_TRUSTED_ARGS).
type Kfunc struct {
	// ProgType is the program type the kfunc's set is registered for.
	ProgType string
}

// kfuncs618 are the kfuncs modelled. The congestion-control helpers of
// net/ipv4/bpf_tcp_ca.c (bpf_tcp_ca_check_kfunc_ids) take the socket a
// tcp_congestion_ops member gets and return a number or nothing; the set
// has no filter, so any struct_ops program may call them (the running
// kernel checks the arguments of one in a bpf_dummy_ops program).
var kfuncs618 = map[string]Kfunc{
	"tcp_reno_ssthresh":   {ProgType: "struct_ops"},
	"tcp_reno_cong_avoid": {ProgType: "struct_ops"},
	"tcp_reno_undo_cwnd":  {ProgType: "struct_ops"},
	"tcp_slow_start":      {ProgType: "struct_ops"},
	"tcp_cong_avoid_ai":   {ProgType: "struct_ops"},
}

// Kfunc618 returns what the tables know of kfunc name; ok is false for a
// kfunc they do not model.
func Kfunc618(name string) (Kfunc, bool) {
	k, ok := kfuncs618[name]
	return k, ok
}

// Allows reports whether a program of type t may call the kfunc.
func (k Kfunc) Allows(t ProgType) bool { return t.String() == k.ProgType }
