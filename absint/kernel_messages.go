package absint

// messages2015 are the 2015 kernels' rejections by stable code (the same in
// linux-4.2 and linux-4.3): the errno and the message, byte for byte. Each
// code's arguments are fixed by the place that raises it, in the order the
// formats below use them.
var messages2015 = Messages{
	// The loader and the walk's limits (engine.go: count, limit).
	"too-many-insns":     {Errno: "EINVAL", Format: "program has %d insns, the limit is %d", Silent: true},
	"empty-program":      {Errno: "E2BIG", Format: "program has no instructions", Silent: true},
	"too-many-processed": {Errno: "E2BIG", Format: "BPF program is too large. Proccessed %[1]d insn"},
	"too-complex":        {Errno: "EFAULT", Format: "BPF program is too complex"},
	"invalid-insn-idx":   {Errno: "EFAULT", Format: "invalid insn idx %d insn_cnt %d"},

	// The map-fd pre-pass and check_cfg (kernel_cfg.go).
	"ldx-reserved-fields":   {Errno: "EINVAL", Format: "BPF_LDX uses reserved fields"},
	"stx-reserved-fields":   {Errno: "EINVAL", Format: "BPF_STX uses reserved fields"},
	"invalid-ld-imm64":      {Errno: "EINVAL", Format: "invalid bpf_ld_imm64 insn"},
	"unrecognized-ld-imm64": {Errno: "EINVAL", Format: "unrecognized bpf_ld_imm64 insn"},
	"invalid-map-fd":        {Errno: "EBADF", Format: "fd %d is not pointing to valid bpf_map"},
	"too-many-maps":         {Errno: "E2BIG", Format: "program uses more than %d maps", Silent: true},
	"jump-out-of-range":     {Errno: "EINVAL", Format: "jump out of range from insn %d to %d"},
	"back-edge":             {Errno: "EINVAL", Format: "back-edge from insn %d to %d"},
	"unreachable-insn":      {Errno: "EINVAL", Format: "unreachable insn %d"},
	"ja-with-x-bit":         {Errno: "EINVAL", Format: "BPF_JA uses the BPF_X source bit (code 0x%02x)", Silent: true},

	// Registers (check_reg_arg).
	"invalid-register":    {Errno: "EINVAL", Format: "R%d is invalid"},
	"uninit-register":     {Errno: "EACCES", Format: "R%d !read_ok"},
	"frame-pointer-write": {Errno: "EACCES", Format: "frame pointer is read only"},

	// Encodings.
	"alu-reserved-fields":      {Errno: "EINVAL", Format: "BPF_ALU uses reserved fields"},
	"call-reserved-fields":     {Errno: "EINVAL", Format: "BPF_CALL uses reserved fields"},
	"end-reserved-fields":      {Errno: "EINVAL", Format: "BPF_END uses reserved fields"},
	"exit-reserved-fields":     {Errno: "EINVAL", Format: "BPF_EXIT uses reserved fields"},
	"ja-reserved-fields":       {Errno: "EINVAL", Format: "BPF_JA uses reserved fields"},
	"jmp-reserved-fields":      {Errno: "EINVAL", Format: "BPF_JMP uses reserved fields"},
	"ld-abs-reserved-fields":   {Errno: "EINVAL", Format: "BPF_LD_ABS uses reserved fields"},
	"ld-imm64-reserved-fields": {Errno: "EINVAL", Format: "BPF_LD_IMM64 uses reserved fields"},
	"mov-reserved-fields":      {Errno: "EINVAL", Format: "BPF_MOV uses reserved fields"},
	"neg-reserved-fields":      {Errno: "EINVAL", Format: "BPF_NEG uses reserved fields"},
	"st-reserved-fields":       {Errno: "EINVAL", Format: "BPF_ST uses reserved fields"},
	"xadd-reserved-fields":     {Errno: "EINVAL", Format: "BPF_XADD uses reserved fields"},
	"invalid-alu-opcode":       {Errno: "EINVAL", Format: "invalid BPF_ALU opcode %x"},
	"invalid-jmp-opcode":       {Errno: "EINVAL", Format: "invalid BPF_JMP opcode %x"},
	"invalid-ld-imm":           {Errno: "EINVAL", Format: "invalid BPF_LD_IMM insn"},
	"invalid-ld-mode":          {Errno: "EINVAL", Format: "invalid BPF_LD mode"},
	"unknown-insn-class":       {Errno: "EINVAL", Format: "unknown insn class %d"},

	// ALU and LD_ABS.
	"div-by-zero":        {Errno: "EINVAL", Format: "div by zero"},
	"ld-abs-not-allowed": {Errno: "EINVAL", Format: "BPF_LD_ABS|IND instructions not allowed for this program type"},
	"ld-abs-r6-not-ctx":  {Errno: "EINVAL", Format: "at the time of BPF_LD_ABS|IND R6 != pointer to skb"},

	// Memory (check_mem_access).
	"misaligned-access":  {Errno: "EACCES", Format: "misaligned access off %d size %d"},
	"map-value-bounds":   {Errno: "EACCES", Format: "invalid access to map value, value_size=%d off=%d size=%d"},
	"invalid-ctx-access": {Errno: "EACCES", Format: "invalid bpf_context access off=%d size=%d"},
	"stack-bounds":       {Errno: "EACCES", Format: "invalid stack off=%d size=%d"},
	"invalid-mem-access": {Errno: "EACCES", Format: "R%d invalid mem access '%s'"},
	"invalid-spill-size": {Errno: "EACCES", Format: "invalid size of register spill"},
	"corrupted-spill":    {Errno: "EACCES", Format: "corrupted spill memory"},
	"invalid-stack-read": {Errno: "EACCES", Format: "invalid read from stack off %d+%d size %d"},
	"ctx-pointer-mix":    {Errno: "EINVAL", Format: "same insn cannot be used with different pointers"},

	// Calls (check_call, check_func_arg, check_stack_boundary).
	"invalid-func":         {Errno: "EINVAL", Format: "invalid func %d"},
	"unknown-func":         {Errno: "EINVAL", Format: "unknown func %d"},
	"gpl-only-func":        {Errno: "EINVAL", Format: "cannot call GPL only function from proprietary program"},
	"helper-arg-type":      {Errno: "EACCES", Format: "R%d type=%s expected=%s"},
	"helper-proto":         {Errno: "EACCES", Format: "invalid map_ptr to access map->%s"},
	"helper-arg-not-stack": {Errno: "EACCES", Format: "R%d is not a pointer to the stack", Silent: true},
	"helper-stack-range":   {Errno: "EACCES", Format: "invalid stack type R%d off=%d access_size=%d"},
	"helper-stack-uninit":  {Errno: "EACCES", Format: "invalid indirect read from stack off %d+%d size %d"},
	"map-func-mismatch":    {Errno: "EINVAL", Format: "map of type %s cannot be passed to helper %s", Silent: true},
}

// limits2015 are the 2015 kernels' limits: BPF_MAXINSNS (the syscall
// refuses 4,096 instructions or more), 32,768 processed instructions,
// 1,024 pending branches and 64 maps (MAX_USED_MAPS).
var limits2015 = Limits{MaxInsns: 4095, Processed: 32768, Pending: 1024, Maps: 64}
