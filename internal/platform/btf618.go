package platform

// Facts about the programs whose context is typed by the kernel's BTF
// (tracing, lsm, struct_ops) in Linux 6.18. The types themselves come from
// the target kernel's BTF (internal/kbtf); these are the facts the kernel
// keeps in its code rather than in its BTF.

import (
	"slices"
	"strings"
)

// BTF attach target kinds: how the attach target names the function whose
// arguments the context holds (the kinds of internal/kbtf).
const (
	TargetTPBTF     = "tp_btf"     // btf_trace_<name>, first argument skipped
	TargetFunc      = "func"       // a kernel function (fentry, fexit, fmod_ret)
	TargetLSM       = "lsm"        // bpf_lsm_<hook>
	TargetIter      = "iter"       // bpf_iter_<target>
	TargetStructOps = "struct_ops" // a function pointer member of a struct_ops struct
)

// BTFProg is how Linux 6.18 reads a BTF-typed program's context.
type BTFProg struct {
	Target string // one of the Target* kinds
	// ArgsTrusted: pointer arguments are PTR_TRUSTED (prog_args_trusted:
	// tp_btf, iterators, struct_ops, lsm hooks but the untrusted ones);
	// otherwise plain PTR_TO_BTF_ID (fentry, fexit, fmod_ret).
	ArgsTrusted bool
	// RetSlot: the slot after the arguments holds the target's return
	// value (fexit, fmod_ret, lsm).
	RetSlot bool
	// IterArgsNull: every argument but the first (the iterator's meta) is
	// a trusted pointer that may be NULL (the iterators' ctx_arg_info).
	IterArgsNull bool
}

// BTFProg618 returns how a program of type t with expected attach type a
// reads its context, false if its context is not typed by BTF.
func BTFProg618(t ProgType, a AttachType, target string) (BTFProg, bool) {
	switch t.String() {
	case "tracing":
		switch a.String() {
		case "trace_raw_tp":
			return BTFProg{Target: TargetTPBTF, ArgsTrusted: true}, true
		case "trace_fentry":
			return BTFProg{Target: TargetFunc}, true
		case "trace_fexit", "modify_return":
			return BTFProg{Target: TargetFunc, RetSlot: true}, true
		case "trace_iter":
			return BTFProg{Target: TargetIter, ArgsTrusted: true, IterArgsNull: true}, true
		}
	case "lsm":
		return BTFProg{Target: TargetLSM, ArgsTrusted: !lsmUntrustedHooks[target], RetSlot: true}, true
	case "struct_ops":
		return BTFProg{Target: TargetStructOps, ArgsTrusted: true}, true
	}
	return BTFProg{}, false
}

// FmodRetTarget618 is check_attach_modify_return: fmod_ret programs may
// attach to the security_ hooks, to the functions of the kernel's error
// injection list (ALLOW_ERROR_INJECTION) and to the kfuncs registered for
// fmod_ret (register_btf_fmodret_id_set). The running kernel is built
// without CONFIG_FUNCTION_ERROR_INJECTION, so its list is empty; on a
// kernel with one, this is stricter than the kernel (never more lenient).
func FmodRetTarget618(fn string) bool {
	return strings.HasPrefix(fn, "security_") || slices.Contains(fmodRetKfuncs618, fn)
}

// fmodRetKfuncs618 are the kfuncs net/bpf/test_run.c registers for fmod_ret.
var fmodRetKfuncs618 = []string{"bpf_modify_return_test", "bpf_modify_return_test2"}

// lsmUntrustedHooks are the LSM hooks whose arguments are not trusted
// (kernel/bpf/bpf_lsm.c, untrusted_lsm_hooks): objects being set up or
// torn down.
var lsmUntrustedHooks = map[string]bool{
	"bpf_map_free": true, "bpf_prog_free": true, "file_alloc_security": true, "file_free_security": true,
	"sk_alloc_security": true, "sk_free_security": true, "task_free": true,
}

// lsmBoolHooks are the LSM hooks returning a boolean (bool_lsm_hooks):
// their programs return 0 or 1 rather than 0 or a negative errno.
var lsmBoolHooks = map[string]bool{
	"xfrm_state_pol_flow_match": true, "audit_rule_known": true, "inode_xattr_skipcap": true,
}

// LSMReturnRange618 is the range an lsm program attached to hook must
// return in its 32-bit subregister, and the range a load of the hook's
// return value slot gives (bpf_lsm_get_retval_range); checked is false
// for a hook returning void (any value is allowed).
func LSMReturnRange618(hook string, void bool) (min, max int64, checked bool) {
	switch {
	case void:
		return 0, 0, false
	case lsmBoolHooks[hook]:
		return 0, 1, true
	}
	return -4095, 0, true
}

// RawTPNullArgs618 says whether argument arg (0-based, after the
// tracepoint's hidden first one) of the raw tracepoint tp may be NULL, and
// whether it may hold an error pointer (then the kernel makes it a
// scalar): the kernel's raw_tp_null_args table, as probed on the running
// kernel (rawtpnull_gen.go).
func RawTPNullArgs618(tp string, arg int) (maybeNull, maybeErr bool) {
	mask, ok := rawTPNullArgs[tp]
	if !ok || arg < 0 || arg >= 16 {
		return false, false
	}
	return mask&(1<<(4*arg)) != 0, mask&(2<<(4*arg)) != 0
}

// StructOpsPromote618 names, per struct_ops type, the argument struct its
// is_valid_access widens to another: tcp_congestion_ops members see their
// struct sock as the tcp_sock it is (bpf_tcp_ca_is_valid_access).
func StructOpsPromote618(structOps string) (from, to string, ok bool) {
	if structOps == "tcp_congestion_ops" {
		return "sock", "tcp_sock", true
	}
	return "", "", false
}

// StructOpsWrite is a member a struct_ops program may store into: the
// member's dotted path in the struct; Within allows a store anywhere
// inside it, otherwise a store must start at its first byte. A store
// never runs past the member's end.
type StructOpsWrite struct {
	Path   string
	Within bool
}

// StructOpsWrites618 names the struct whose members the programs of a
// struct_ops type may write and those members (the type's
// btf_struct_access: bpf_tcp_ca_btf_struct_access for
// tcp_congestion_ops); ok is false where the profile does not know the
// type's write rules.
func StructOpsWrites618(structOps string) (structName string, members []StructOpsWrite, ok bool) {
	if structOps != "tcp_congestion_ops" {
		return "", nil, false
	}
	return "tcp_sock", []StructOpsWrite{
		{Path: "sk_pacing_rate"}, {Path: "sk_pacing_status"}, {Path: "icsk_ca_priv", Within: true},
		{Path: "icsk_ack.pending"}, {Path: "snd_cwnd"}, {Path: "snd_cwnd_cnt"}, {Path: "snd_cwnd_stamp"},
		{Path: "snd_ssthresh"}, {Path: "ecn_flags"}, {Path: "app_limited"},
	}, true
}
