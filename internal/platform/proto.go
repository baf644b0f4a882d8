package platform

// ArgKind is the base kind of a helper argument: what the register must
// hold when the program calls the helper (the kernel's enum bpf_arg_type
// without its flag bits, which are ArgFlags here).
type ArgKind uint8

// Helper argument kinds.
const (
	// ArgNone: the register is not an argument and is not checked
	// (ARG_DONTCARE).
	ArgNone ArgKind = iota
	// ArgAnything: any initialised value (ARG_ANYTHING).
	ArgAnything
	// ArgConstMapPtr: a map pointer known at load time; the key and value
	// arguments after it are sized by that map (ARG_CONST_MAP_PTR).
	ArgConstMapPtr
	// ArgMapKey: a pointer to key_size readable bytes of the map before it
	// (ARG_PTR_TO_MAP_KEY).
	ArgMapKey
	// ArgMapValue: a pointer to value_size bytes of the map before it,
	// read unless MemUninit says the helper fills them
	// (ARG_PTR_TO_MAP_VALUE).
	ArgMapValue
	// ArgMem: a pointer to memory the helper reads (MemRdonly) or writes
	// (MemUninit/MemWrite); its size is the ArgConstSize* argument right
	// after it, or Arg.Size with MemFixedSize (ARG_PTR_TO_MEM).
	ArgMem
	// ArgConstSize: the size in bytes of the ArgMem before it, bounded at
	// load time and greater than zero (ARG_CONST_SIZE). In the 2015 table it
	// is ARG_CONST_STACK_SIZE, sizing the ArgStack before it.
	ArgConstSize
	// ArgConstSizeOrZero: like ArgConstSize, but zero is allowed
	// (ARG_CONST_SIZE_OR_ZERO).
	ArgConstSizeOrZero
	// ArgConstAllocSizeOrZero: a size known at load time, the size of the
	// memory the helper returns (ARG_CONST_ALLOC_SIZE_OR_ZERO).
	ArgConstAllocSizeOrZero
	// ArgCtx: the program's context pointer, unmodified
	// (ARG_PTR_TO_CTX; with MaybeNull ARG_PTR_TO_CTX_OR_NULL).
	ArgCtx
	// ArgStack: a pointer into the program's stack (ARG_PTR_TO_STACK; with
	// MaybeNull ARG_PTR_TO_STACK_OR_NULL, the callback context of bpf_loop
	// and its kin). In the 2015 table the buffer's size is the next
	// argument.
	ArgStack
	// ArgConstStr: a pointer into a frozen read-only map value holding a
	// NUL-terminated string (ARG_PTR_TO_CONST_STR).
	ArgConstStr
	// ArgFunc: the address of a static subprogram, the callback
	// (ARG_PTR_TO_FUNC).
	ArgFunc
	// ArgSpinLock: a pointer to the struct bpf_spin_lock of a map value or
	// allocated object (ARG_PTR_TO_SPIN_LOCK).
	ArgSpinLock
	// ArgSocket: a pointer to a full socket, struct bpf_sock
	// (ARG_PTR_TO_SOCKET).
	ArgSocket
	// ArgSockCommon: a pointer to a socket's common part (ARG_PTR_TO_SOCK_COMMON).
	ArgSockCommon
	// ArgBTFIDSockCommon: a socket pointer typed either way, by BTF or as a
	// sock_common (ARG_PTR_TO_BTF_ID_SOCK_COMMON).
	ArgBTFIDSockCommon
	// ArgBTFID: a pointer to the kernel object Arg.BTFType names
	// (ARG_PTR_TO_BTF_ID).
	ArgBTFID
	// ArgPercpuBTFID: a per-CPU kernel variable's address, ldimm64 of a
	// ksym (ARG_PTR_TO_PERCPU_BTF_ID).
	ArgPercpuBTFID
	// ArgAllocMem: memory a helper allocated, e.g. a ringbuf record
	// (ARG_PTR_TO_ALLOC_MEM; with MemRingbuf ARG_PTR_TO_RINGBUF_MEM).
	ArgAllocMem
	// ArgTimer: a pointer to the struct bpf_timer of a map value (ARG_PTR_TO_TIMER).
	ArgTimer
	// ArgKptr: a pointer to a referenced kernel-pointer field of a map
	// value (ARG_PTR_TO_KPTR).
	ArgKptr
	// ArgDynptr: a pointer to a struct bpf_dynptr on the stack; the Dynptr*
	// flags say which kinds it may be (ARG_PTR_TO_DYNPTR).
	ArgDynptr
)

var argKindNames = [...]string{
	ArgNone: "none", ArgAnything: "anything", ArgConstMapPtr: "const_map_ptr",
	ArgMapKey: "map_key", ArgMapValue: "map_value", ArgMem: "mem",
	ArgConstSize: "const_size", ArgConstSizeOrZero: "const_size_or_zero",
	ArgConstAllocSizeOrZero: "const_alloc_size_or_zero", ArgCtx: "ctx",
	ArgStack: "stack", ArgConstStr: "const_str", ArgFunc: "func",
	ArgSpinLock: "spin_lock", ArgSocket: "socket", ArgSockCommon: "sock_common",
	ArgBTFIDSockCommon: "btf_id_sock_common", ArgBTFID: "btf_id",
	ArgPercpuBTFID: "percpu_btf_id", ArgAllocMem: "alloc_mem", ArgTimer: "timer",
	ArgKptr: "kptr", ArgDynptr: "dynptr",
}

// String names the kind in lower case ("map_key", "mem").
func (k ArgKind) String() string {
	if int(k) < len(argKindNames) {
		return argKindNames[k]
	}
	return "arg_kind(?)"
}

// ArgFlag refines an argument kind (the kernel's type flags and
// OBJ_RELEASE).
type ArgFlag uint16

// Argument flags.
const (
	MaybeNull     ArgFlag = 1 << iota // NULL is accepted as well (PTR_MAYBE_NULL)
	MemRdonly                         // the helper only reads the memory (MEM_RDONLY)
	MemUninit                         // the memory need not be initialised; the helper fills it (MEM_UNINIT)
	MemWrite                          // the helper writes the memory (MEM_WRITE)
	MemFixedSize                      // the size is Arg.Size, not the next argument (MEM_FIXED_SIZE)
	MemAligned                        // the pointer must be aligned to the size (MEM_ALIGNED)
	MemRingbuf                        // ringbuf memory (MEM_RINGBUF)
	Release                           // the helper releases the reference the argument holds (OBJ_RELEASE)
	DynptrLocal                       // a dynptr over program memory (DYNPTR_TYPE_LOCAL)
	DynptrRingbuf                     // a dynptr over a ringbuf record (DYNPTR_TYPE_RINGBUF)
)

// Arg is one argument of a helper prototype.
type Arg struct {
	Kind  ArgKind
	Flags ArgFlag
	// Size is the fixed size in bytes of an ArgMem with MemFixedSize
	// (argN_size in the kernel).
	Size int
	// BTFType names the kernel type an ArgBTFID points at ("task_struct");
	// empty where the kernel takes any BTF pointer.
	BTFType string
}

// Has reports whether every flag in f is set.
func (a Arg) Has(f ArgFlag) bool { return a.Flags&f == f }

// RetKind is what a helper returns in r0 (the kernel's enum
// bpf_return_type without flags).
type RetKind uint8

// Helper return kinds.
const (
	RetInteger    RetKind = iota // a scalar (RET_INTEGER); Ret.Range may bound it
	RetVoid                      // nothing: r0 is not readable after the call (RET_VOID)
	RetMapValue                  // a pointer to a value of the ArgConstMapPtr map (RET_PTR_TO_MAP_VALUE)
	RetSocket                    // a pointer to a full socket, struct bpf_sock (RET_PTR_TO_SOCKET)
	RetTCPSock                   // a pointer to struct bpf_tcp_sock (RET_PTR_TO_TCP_SOCK)
	RetSockCommon                // a pointer to a socket's common part (RET_PTR_TO_SOCK_COMMON)
	RetMem                       // a pointer to memory of Ret.SizeArg's size (RET_PTR_TO_MEM)
	RetMemOrBTFID                // a typed pointer to a per-CPU ksym: memory or BTF object (RET_PTR_TO_MEM_OR_BTF_ID)
	RetBTFID                     // a pointer to the kernel object Ret.BTFType names (RET_PTR_TO_BTF_ID)
)

var retKindNames = [...]string{
	RetInteger: "integer", RetVoid: "void", RetMapValue: "map_value",
	RetSocket: "socket", RetTCPSock: "tcp_sock", RetSockCommon: "sock_common",
	RetMem: "mem", RetMemOrBTFID: "mem_or_btf_id", RetBTFID: "btf_id",
}

// String names the kind in lower case ("map_value").
func (k RetKind) String() string {
	if int(k) < len(retKindNames) {
		return retKindNames[k]
	}
	return "ret_kind(?)"
}

// RetFlag refines a return kind.
type RetFlag uint8

// Return flags.
const (
	RetMaybeNull RetFlag = 1 << iota // the pointer may be NULL and must be checked (PTR_MAYBE_NULL)
	RetRdonly                        // the memory may only be read (MEM_RDONLY)
	RetRingbuf                       // a ringbuf record to submit or discard (MEM_RINGBUF|MEM_ALLOC)
	RetTrusted                       // a trusted BTF pointer (PTR_TRUSTED)
	RetUntrusted                     // an untrusted BTF pointer, read by probe only (PTR_UNTRUSTED)
)

// Range says which bounds the verifier gives an integer result (the
// kernel's do_refine_retval_range); RangeNone leaves it unknown.
type Range uint8

// Integer result ranges.
const (
	RangeNone Range = iota
	// RangeSizeArg: a negative errno (at least -4095, -MAX_ERRNO) or at
	// most the upper bound of the helper's ArgConstSize* argument.
	RangeSizeArg
	// RangeCPU: 0 to the number of possible CPUs minus one.
	RangeCPU
)

// Ret is what a helper prototype returns.
type Ret struct {
	Kind  RetKind
	Flags RetFlag
	// BTFType names the kernel type a RetBTFID points at.
	BTFType string
	// SizeArg is the 1-based argument whose value is the size of a RetMem
	// (ringbuf_reserve: 2).
	SizeArg int
	// Range bounds a RetInteger.
	Range Range
}

// Has reports whether every flag in f is set.
func (r Ret) Has(f RetFlag) bool { return r.Flags&f == f }

// Proto is a helper's prototype as the verifier checks calls to it (the
// kernel's struct bpf_func_proto).
type Proto struct {
	ID      HelperID
	GPLOnly bool // only programs with a GPL-compatible license may call it
	Ret     Ret
	Args    [5]Arg // r1..r5; ArgNone after the last argument
	// PktAccess: memory arguments may point into the packet (pkt_access).
	PktAccess bool
	// ChangesPktData: the call may move the packet, so every packet pointer
	// is invalid after it (bpf_helper_changes_pkt_data). tail_call is not
	// marked: in the frame that makes it, it returns only when it fails;
	// but a subprogram that tail-calls changes its callers' packet (the
	// tail-called program may), so calling it invalidates their pointers.
	ChangesPktData bool
	// Acquire: the returned pointer holds a reference the program must
	// release on every path (is_acquire_function).
	Acquire bool
	// MightSleep: only sleepable programs may call it (might_sleep).
	MightSleep bool
	// NoReturn: on success control does not come back (tail_call).
	NoReturn bool
}

// Name is the helper's name without the bpf_ prefix.
func (p Proto) Name() string { return p.ID.String() }

// NumArgs counts the arguments up to the last one that is not ArgNone.
func (p Proto) NumArgs() int {
	n := 0
	for i, a := range p.Args {
		if a.Kind != ArgNone {
			n = i + 1
		}
	}
	return n
}

// ReleaseArg is the 1-based argument whose reference the call releases, or 0.
func (p Proto) ReleaseArg() int {
	for i, a := range p.Args {
		if a.Has(Release) {
			return i + 1
		}
	}
	return 0
}

// CallbackArg is the 1-based argument that is a callback (ArgFunc), or 0.
func (p Proto) CallbackArg() int {
	for i, a := range p.Args {
		if a.Kind == ArgFunc {
			return i + 1
		}
	}
	return 0
}
