package absint

// ObligationKind says what an instruction requires for it to be safe.
type ObligationKind uint8

// Obligation kinds.
const (
	// ObReadable: register Reg holds a value (is initialised) before it is read.
	ObReadable ObligationKind = iota
	// ObType: register Reg has a type the instruction accepts (a pointer
	// that may be dereferenced, a non-NULL pointer, a scalar where a value
	// is stored into memory...). Want says which.
	ObType
	// ObAccess: the access [Off, Off+Size) through Reg lies inside Region
	// for every value the variable offset may take (Off..MaxOff).
	ObAccess
	// ObArith: pointer arithmetic on Reg keeps the pointer's offset within
	// the bounds the kernel allows.
	ObArith
	// ObCallArg: argument register Reg of a call has the kind the callee's
	// prototype declares.
	ObCallArg
	// ObReturn: at program exit R0 holds a value the program type allows.
	ObReturn
	// ObRelease: every reference acquired (ringbuf record, socket) is
	// released before the program exits.
	ObRelease
	// ObLimit: the walk stays inside the verifier's limits (processed
	// instructions, jump sequences, call depth, stack size).
	ObLimit
	// ObWellFormed: the instruction's encoding is valid (opcode, reserved
	// fields, jump targets).
	ObWellFormed
)

var obligationKindNames = [...]string{"readable", "type", "access", "arith", "call-arg", "return", "release", "limit", "well-formed"}

func (k ObligationKind) String() string {
	if int(k) < len(obligationKindNames) {
		return obligationKindNames[k]
	}
	return "obligation(?)"
}

// Region is the memory an access obligation is about.
type Region uint8

// Regions.
const (
	RegionNone     Region = iota
	RegionStack           // the frame's 512 bytes; Off is relative to the frame pointer
	RegionCtx             // the program's context structure
	RegionMapValue        // a map value of Limit bytes
	RegionMapKey          // a map key of Limit bytes
	RegionPacket          // packet data; Limit is the range proven by comparisons with data_end
	RegionMem             // memory of Limit bytes (helper or ringbuf memory)
	RegionSocket          // a socket structure
	RegionBTF             // a kernel structure typed by BTF; Off is the offset in it
)

var regionNames = [...]string{"none", "stack", "ctx", "map_value", "map_key", "packet", "mem", "socket", "btf"}

func (r Region) String() string {
	if int(r) < len(regionNames) {
		return regionNames[r]
	}
	return "region(?)"
}

// Obligation is one safety condition of one instruction on one path, as
// data: what must hold, about which register and which memory. The modern
// profile lists each instruction's obligations apart from computing its
// effect, then discharges them with its abstract domain; Holds records the
// outcome. An obligation that does not hold is the reason of a rejection.
type Obligation struct {
	Insn   int
	Kind   ObligationKind
	Reg    int // the register the condition is about, -1 for none
	Region Region
	// Off and MaxOff bound the first byte accessed (the pointer's fixed
	// offset plus the instruction's offset plus the smallest and largest
	// variable offset); Size is the access width in bytes.
	Off, MaxOff int64
	Size        int
	// Limit is the region's size (value size, packet range, mem size) or
	// the limit a kind ObLimit is about; for the stack it is -512.
	Limit int64
	Write bool
	// Want names what the instruction requires ("pointer", "scalar",
	// "non-null", "map_ptr", ...) for ObType and ObCallArg.
	Want  string
	Holds bool
}

// PathStep is one instruction of the path to a rejection. Branch is 0 for
// an instruction that is not a conditional jump, 1 when the jump was taken
// and -1 when it fell through.
type PathStep struct {
	Insn   int
	Branch int8
}

// Failure is the evidence of a rejection: the obligation that failed and,
// in the modern profiles, the path from the program's entry to it (the
// kernel profiles give theirs in Result.Path, with Options.Path).
type Failure struct {
	Obligation Obligation
	Path       []PathStep
	// States holds the abstract state before each instruction of Path, in
	// the log's notation, when the verifier could keep them (short paths).
	States []string
}
