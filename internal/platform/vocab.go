package platform

// The words the helper tables are written in.
var (
	anything    = Arg{Kind: ArgAnything}
	mapPtr      = Arg{Kind: ArgConstMapPtr}
	mapKey      = Arg{Kind: ArgMapKey}
	mapValue    = Arg{Kind: ArgMapValue}
	ctx         = Arg{Kind: ArgCtx}
	ctxOrNull   = Arg{Kind: ArgCtx, Flags: MaybeNull}
	stack       = Arg{Kind: ArgStack}
	stackOrNull = Arg{Kind: ArgStack, Flags: MaybeNull}
	constSize   = Arg{Kind: ArgConstSize}
	sizeOrZero  = Arg{Kind: ArgConstSizeOrZero}
	allocSize   = Arg{Kind: ArgConstAllocSizeOrZero}
	memRO       = Arg{Kind: ArgMem, Flags: MemRdonly}
	memROOrNull = Arg{Kind: ArgMem, Flags: MemRdonly | MaybeNull}
	// memOut is memory the helper fills (ARG_PTR_TO_UNINIT_MEM).
	memOut = Arg{Kind: ArgMem, Flags: MemUninit | MemWrite}
	// memRW is initialised memory the helper reads and writes
	// (ARG_PTR_TO_MEM|MEM_WRITE: fib_lookup's params).
	memRW       = Arg{Kind: ArgMem, Flags: MemWrite}
	constStr    = Arg{Kind: ArgConstStr}
	callback    = Arg{Kind: ArgFunc}
	spinLock    = Arg{Kind: ArgSpinLock}
	socket      = Arg{Kind: ArgSocket}
	sockCommon  = Arg{Kind: ArgSockCommon}
	btfSockComm = Arg{Kind: ArgBTFIDSockCommon}
	percpuBTFID = Arg{Kind: ArgPercpuBTFID}
	timer       = Arg{Kind: ArgTimer}
	ringbufMem  = Arg{Kind: ArgAllocMem, Flags: MemRingbuf | Release}
	// mapValueOut is a map value the helper fills (pop and peek).
	mapValueOut = Arg{Kind: ArgMapValue, Flags: MemUninit | MemWrite}
	dynptrRO    = Arg{Kind: ArgDynptr, Flags: MemRdonly}

	integer = Ret{Kind: RetInteger}
	void    = Ret{Kind: RetVoid}
)

// args fills a prototype's argument array from the first.
func args(as ...Arg) (out [5]Arg) {
	copy(out[:], as)
	return out
}

// ret is a return kind with flags.
func ret(k RetKind, f RetFlag) Ret { return Ret{Kind: k, Flags: f} }

// btfID is a pointer to the named kernel type, flags added.
func btfID(typ string, f ArgFlag) Arg { return Arg{Kind: ArgBTFID, Flags: f, BTFType: typ} }

// retBTF returns a pointer to the named kernel type.
func retBTF(typ string, f RetFlag) Ret { return Ret{Kind: RetBTFID, Flags: f, BTFType: typ} }

// fixedOut is fixed-size memory the helper fills (the former ARG_PTR_TO_LONG
// and ARG_PTR_TO_INT, now ARG_PTR_TO_FIXED_SIZE_MEM|MEM_UNINIT|MEM_ALIGNED).
func fixedOut(size int) Arg {
	return Arg{Kind: ArgMem, Flags: MemFixedSize | MemUninit | MemWrite | MemAligned, Size: size}
}

// sizedInt is an integer result bounded by the helper's size argument.
var sizedInt = Ret{Kind: RetInteger, Range: RangeSizeArg}
