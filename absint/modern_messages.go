package absint

// messages618 are linux-6.18's rejections by message key: the errno and
// the format, in the style of (mostly byte for byte) the running kernel's.
// A key is a stable code (the Diagnostic's Code, the catalogue's entry in
// internal/diag), or a code and a variant, "code/variant", where one code
// has several texts; the place that raises a key passes its arguments in
// the order its format uses them. The walk's own (engine.go) take count,
// limit.
var messages618 = Messages{
	// The walk's limits and the loader (engine.go, modern_profile.go).
	"too-many-processed": {Errno: "E2BIG", Format: "BPF program is too large. Processed %[2]d insn"},
	"too-complex":        {Errno: "E2BIG", Format: "The sequence of %d jumps is too complex."},
	"invalid-insn-idx":   {Errno: "EFAULT", Format: "invalid insn idx %d insn_cnt %d"},
	"too-many-insns":     {Errno: "E2BIG", Format: "program has %d insns, the limit is %d", Silent: true},
	"empty-program":      {Errno: "EINVAL", Format: "program has no instructions", Silent: true},

	// check_subprogs and check_cfg (modern_profile.go: structure).
	"jump-out-of-range/call":        {Errno: "EINVAL", Format: "function call out of range from insn %d to %d"},
	"jump-out-of-range/call-target": {Errno: "EINVAL", Format: "call to invalid destination"},
	"jump-out-of-range/jump":        {Errno: "EINVAL", Format: "jump out of range from insn %d to %d"},
	"jump-into-ld-imm64":            {Errno: "EINVAL", Format: "jump to the middle of ldimm64 insn %d"},
	"last-insn-not-exit":            {Errno: "EINVAL", Format: "last insn is not an exit or jmp"},
	"unreachable-insn":              {Errno: "EINVAL", Format: "unreachable insn %d"},

	// Encodings (modern_step.go: reserved).
	"alu-reserved-fields":    {Errno: "EINVAL", Format: "BPF_ALU uses reserved fields"},
	"call-reserved-fields":   {Errno: "EINVAL", Format: "BPF_CALL uses reserved fields"},
	"end-reserved-fields":    {Errno: "EINVAL", Format: "BPF_END uses reserved fields"},
	"exit-reserved-fields":   {Errno: "EINVAL", Format: "BPF_EXIT uses reserved fields"},
	"ja-reserved-fields":     {Errno: "EINVAL", Format: "BPF_JA uses reserved fields"},
	"jmp-reserved-fields":    {Errno: "EINVAL", Format: "BPF_JMP/JMP32 uses reserved fields"},
	"ld-abs-reserved-fields": {Errno: "EINVAL", Format: "BPF_LD_[ABS|IND] uses reserved fields"},
	"ldx-reserved-fields":    {Errno: "EINVAL", Format: "BPF_LDX uses reserved fields"},
	"mov-reserved-fields":    {Errno: "EINVAL", Format: "BPF_MOV uses reserved fields"},
	"neg-reserved-fields":    {Errno: "EINVAL", Format: "BPF_NEG uses reserved fields"},
	"st-reserved-fields":     {Errno: "EINVAL", Format: "BPF_ST uses reserved fields"},
	"stx-reserved-fields":    {Errno: "EINVAL", Format: "BPF_STX uses reserved fields"},
	"xadd-reserved-fields":   {Errno: "EINVAL", Format: "BPF_ATOMIC uses invalid atomic opcode %02x"},
	"invalid-alu-opcode":     {Errno: "EINVAL", Format: "unknown opcode %02x"},
	"invalid-jmp-opcode":     {Errno: "EINVAL", Format: "unknown opcode %02x"},
	"invalid-ld-mode":        {Errno: "EINVAL", Format: "unknown opcode %02x"},
	"invalid-may-goto":       {Errno: "EINVAL", Format: "invalid may_goto imm %d"},

	// Registers, ALU and LD_IMM64 (modern_step.go).
	"invalid-register":         {Errno: "EINVAL", Format: "R%d is invalid"},
	"uninit-register":          {Errno: "EACCES", Format: "R%d !read_ok"},
	"frame-pointer-write":      {Errno: "EACCES", Format: "frame pointer is read only"},
	"div-by-zero":              {Errno: "EINVAL", Format: "div by zero"},
	"invalid-shift":            {Errno: "EINVAL", Format: "invalid shift %d"},
	"pointer-arith/alu32":      {Errno: "EACCES", Format: "R%d 32-bit pointer arithmetic prohibited"},
	"pointer-arith/bitwise":    {Errno: "EACCES", Format: "R%d bitwise operator %s on pointer prohibited"},
	"pointer-arith/op":         {Errno: "EACCES", Format: "R%d pointer arithmetic with %s operator prohibited"},
	"pointer-arith/or-null":    {Errno: "EACCES", Format: "R%d pointer arithmetic on %s prohibited, null-check it first"},
	"pointer-arith/ptr-ptr":    {Errno: "EACCES", Format: "R%d pointer %s pointer prohibited"},
	"pointer-arith/scalar-sub": {Errno: "EACCES", Format: "R%d tried to subtract pointer from scalar"},
	"pointer-arith/sub-stack":  {Errno: "EACCES", Format: "R%d subtraction from stack pointer prohibited"},
	"pointer-arith/type":       {Errno: "EACCES", Format: "R%d pointer arithmetic on %s prohibited"},
	"pointer-arith/unary":      {Errno: "EACCES", Format: "R%d pointer arithmetic prohibited"},
	"pointer-offset/const":     {Errno: "EINVAL", Format: "math between %s pointer and %d is not allowed"},
	"pointer-offset/fixed":     {Errno: "EINVAL", Format: "%s pointer offset %d is not allowed"},
	"pointer-offset/value":     {Errno: "EINVAL", Format: "value %d makes %s pointer be out of bounds"},
	"unbounded-pointer-math":   {Errno: "EINVAL", Format: "math between %s pointer and register with unbounded min value is not allowed"},
	"invalid-ld-imm64":         {Errno: "EINVAL", Format: "invalid bpf_ld_imm64 insn"},
	"invalid-map-fd":           {Errno: "EBADF", Format: "fd %d is not pointing to valid bpf_map"},
	"bad-map-value-off":        {Errno: "EINVAL", Format: "invalid access to map value pointer, value_size=%d off=%d"},
	"bad-func-ptr":             {Errno: "EINVAL", Format: "invalid func pointer"},
	"missing-func-info":        {Errno: "EINVAL", Format: "missing btf func_info"},
	"callback-not-static":      {Errno: "EINVAL", Format: "callback function not static"},
	"bad-ksym/id":              {Errno: "ENOENT", Format: "ldimm64 insn specifies invalid btf_id %d."},
	"bad-ksym/kind":            {Errno: "EINVAL", Format: "pseudo btf_id %d in ldimm64 isn't KIND_VAR or KIND_FUNC"},
	"bad-ksym/size":            {Errno: "EINVAL", Format: "ldimm64 unable to resolve the size of type '%s': %d"},

	// Memory (modern_mem.go).
	"invalid-mem-access":       {Errno: "EACCES", Format: "R%d invalid mem access '%s'"},
	"misaligned-access/packet": {Errno: "EACCES", Format: "misaligned packet access off %d+%s+%d+%d size %d"},
	"misaligned-access/ptr":    {Errno: "EACCES", Format: "misaligned %saccess off %s+%d+%d size %d"},
	"negative-offset":          {Errno: "EACCES", Format: "R%d min value is negative, either use unsigned index or do a if (index >=0) check."},
	"map-value-bounds/min":     {Errno: "EACCES", Format: "R%d min value is outside of the allowed memory range"},
	"map-value-bounds/max":     {Errno: "EACCES", Format: "R%d max value is outside of the allowed memory range"},
	"mem-bounds/min":           {Errno: "EACCES", Format: "R%d min value is outside of the allowed memory range"},
	"mem-bounds/max":           {Errno: "EACCES", Format: "R%d max value is outside of the allowed memory range"},
	"unbounded-access":         {Errno: "EACCES", Format: "R%d unbounded memory access, make sure to bounds check any such access"},
	"readonly-map":             {Errno: "EACCES", Format: "write into map forbidden, value_size=%d off=%d size=%d"},
	"readonly-mem":             {Errno: "EACCES", Format: "R%d cannot write into %s"},
	"spin-lock-access":         {Errno: "EACCES", Format: "bpf_spin_lock cannot be accessed directly by load/store"},
	"packet-write":             {Errno: "EACCES", Format: "cannot write into packet"},
	"packet-out-of-range":      {Errno: "EACCES", Format: "R%d offset is outside of the packet"},
	"modified-ctx":             {Errno: "EACCES", Format: "dereference of modified ctx ptr R%d off=%d disallowed"},
	"variable-ctx":             {Errno: "EACCES", Format: "variable ctx access var_off=%s disallowed"},
	"invalid-ctx-access":       {Errno: "EACCES", Format: "invalid bpf_context access off=%d size=%d"},
	"sock-write":               {Errno: "EACCES", Format: "R%d cannot write into %s"},
	"invalid-sock-access":      {Errno: "EACCES", Format: "R%d invalid %s access off=%d size=%d"},
	"atomic-size":              {Errno: "EINVAL", Format: "invalid atomic operand size"},
	"atomic-type/load":         {Errno: "EACCES", Format: "BPF_ATOMIC loads from R%d %s is not allowed"},
	"atomic-type/store":        {Errno: "EACCES", Format: "BPF_ATOMIC stores into R%d %s is not allowed"},
	"ld-abs-not-allowed":       {Errno: "EINVAL", Format: "BPF_LD_[ABS|IND] instructions not allowed for this program type"},
	"ld-abs-lock":              {Errno: "EINVAL", Format: "BPF_LD_[ABS|IND] cannot be used inside bpf_spin_lock-ed region"},
	"ld-abs-refs":              {Errno: "EINVAL", Format: "BPF_LD_[ABS|IND] cannot be mixed with socket references"},
	"ld-abs-r6-not-ctx":        {Errno: "EINVAL", Format: "at the time of BPF_LD_ABS|IND R6 != pointer to skb"},

	// The stack (modern_stack.go). stack-bounds' errno is the site's.
	"misaligned-access/stack":  {Errno: "EACCES", Format: "misaligned stack access off %s+%d+%d size %d"},
	"stack-bounds/fixed":       {Errno: "EACCES", Format: "invalid%s stack R%d off=%d size=%d"},
	"stack-bounds/var":         {Errno: "EACCES", Format: "invalid variable-offset%s stack R%d var_off=%s off=%d size=%d"},
	"unbounded-stack/access":   {Errno: "EACCES", Format: "invalid unbounded variable-offset%s stack R%d"},
	"unbounded-stack/helper":   {Errno: "EACCES", Format: "invalid unbounded variable-offset indirect access to stack R%d"},
	"invalid-spill-size":       {Errno: "EACCES", Format: "invalid size of register spill"},
	"caller-stack-spill":       {Errno: "EACCES", Format: "cannot spill pointers to stack into stack frame of the caller"},
	"invalid-fill-size":        {Errno: "EACCES", Format: "invalid size of register fill"},
	"invalid-stack-read/plain": {Errno: "EACCES", Format: "invalid read from stack off %d+%d size %d"},
	"invalid-stack-read/reg":   {Errno: "EACCES", Format: "invalid%s read from stack R%d off %d+%d size %d"},
	"invalid-stack-read/var":   {Errno: "EACCES", Format: "invalid%s read from stack R%d var_off (%#x; %#x)+%d size %d"},

	// Calls, exits and helper arguments (modern_call.go, modern_facts.go).
	"call-in-lock":               {Errno: "EINVAL", Format: "function calls are not allowed while holding a lock"},
	"kfunc-not-found":            {Errno: "EINVAL", Format: "invalid kernel function call not eliminated in verifier pass"},
	"undefined-call":             {Errno: "EINVAL", Format: "call to undefined function %s"},
	"call-too-deep":              {Errno: "E2BIG", Format: "the call stack of %d frames is too deep !"},
	"return-stack-ptr":           {Errno: "EINVAL", Format: "cannot return stack pointer to the caller"},
	"exit-in-lock":               {Errno: "EINVAL", Format: "BPF_EXIT instruction in main prog cannot be used inside bpf_spin_lock-ed region"},
	"unreleased-reference":       {Errno: "EINVAL", Format: "BPF_EXIT instruction in main prog would lead to reference leak"},
	"bad-return/subprog":         {Errno: "EINVAL", Format: "At subprogram exit the register R0 is not a scalar value (%s)"},
	"bad-return/unknown":         {Errno: "EINVAL", Format: "At program exit the register R0 is not a known value (%s)"},
	"bad-return/range":           {Errno: "EINVAL", Format: "At program exit the register R0 has smin=%d smax=%d should have been in [%d, %d]"},
	"invalid-func":               {Errno: "EINVAL", Format: "invalid func %s#%d"},
	"helper-not-allowed":         {Errno: "EINVAL", Format: "program of this type cannot use helper %s#%d"},
	"gpl-only-func":              {Errno: "EINVAL", Format: "cannot call GPL-restricted function from non-GPL compatible program"},
	"sleepable-helper":           {Errno: "EINVAL", Format: "helper call might sleep in a non-sleepable prog"},
	"tail-call-refs":             {Errno: "EINVAL", Format: "tail_call would lead to reference leak"},
	"helper-map":                 {Errno: "EINVAL", Format: "kernel subsystem misconfigured verifier"},
	"map-func-mismatch":          {Errno: "EINVAL", Format: "cannot pass map_type %d into func %s#%d"},
	"helper-arg-type/type":       {Errno: "EACCES", Format: "R%d type=%s expected=%s"},
	"helper-arg-type/map":        {Errno: "EACCES", Format: "invalid map_ptr to access map->%s"},
	"helper-arg-type/size-alone": {Errno: "EACCES", Format: "R%d size argument without memory"},
	"helper-arg-type/btf":        {Errno: "EACCES", Format: "R%d is of type %s but %s is expected"},
	"helper-arg-null":            {Errno: "EACCES", Format: "Possibly NULL pointer passed to helper arg%d"},
	"helper-arg-offset":          {Errno: "EACCES", Format: "R%d must have zero offset when passed to %s#%d"},
	"size-negative":              {Errno: "EACCES", Format: "R%d min value is negative, either use unsigned or 'var &= const'"},
	"size-zero":                  {Errno: "EACCES", Format: "R%d invalid zero-sized read"},
	"size-unbounded":             {Errno: "EACCES", Format: "R%d unbounded memory access, use 'var &= const' or 'if (var < const)'"},
	"size-not-const":             {Errno: "EACCES", Format: "R%d is not a known constant'"},
	"release-offset":             {Errno: "EACCES", Format: "R%d must have zero offset when passed to release func"},
	"release-unreferenced":       {Errno: "EINVAL", Format: "R%d must be referenced when passed to release function"},
	"const-str/not-map":          {Errno: "EACCES", Format: "R%d does not point to a readonly map'"},
	"const-str/unterminated":     {Errno: "EACCES", Format: "string is not zero-terminated"},
	"callback-map":               {Errno: "ENOTSUPP", Format: "callback function not allowed for map"},
	"callback-return/not-scalar": {Errno: "EACCES", Format: "R0 not a scalar value"},
	"callback-return/range":      {Errno: "EINVAL", Format: "%s"},
	"spin-lock/var-off":          {Errno: "EINVAL", Format: "R%d doesn't have constant offset. bpf_spin_lock has to be at the constant offset"},
	"spin-lock/no-btf":           {Errno: "EINVAL", Format: "map '%s' has to have BTF in order to use bpf_spin_lock"},
	"spin-lock/no-lock":          {Errno: "EINVAL", Format: "map '%s' has no valid bpf_spin_lock"},
	"spin-lock/off":              {Errno: "EINVAL", Format: "off %d doesn't point to 'struct bpf_spin_lock' that is at %d"},
	"spin-lock/twice":            {Errno: "EINVAL", Format: "Locking two bpf_spin_locks are not allowed"},
	"spin-lock/not-held":         {Errno: "EINVAL", Format: "bpf_spin_unlock without taking a lock"},
	"spin-lock/other-lock":       {Errno: "EINVAL", Format: "bpf_spin_unlock of different lock"},

	// Global functions and kfuncs (modern_global.go, modern_iter.go).
	"global-func-arg/scalar": {Errno: "EINVAL", Format: "R%d is not a scalar"},
	"global-func-arg/ctx":    {Errno: "EINVAL", Format: "arg#%d expected pointer to ctx, but got %s"},
	"kfunc-arg/scalar":       {Errno: "EINVAL", Format: "R%d is not a scalar"},
	"kfunc-arg/null":         {Errno: "EACCES", Format: "Possibly NULL pointer passed to trusted arg%d"},
	"kfunc-arg/btf-scalar":   {Errno: "EINVAL", Format: "arg#%d pointer type STRUCT %s must point to scalar, or struct with scalar"},
	"kfunc-arg/btf-type":     {Errno: "EINVAL", Format: "arg#%d is %s expected trusted_ptr_%s"},
	"kfunc-arg/btf-struct":   {Errno: "EINVAL", Format: "kernel function %s args#%d expected pointer to STRUCT %s but R%d has a pointer to STRUCT %s"},
	"kfunc-arg/trusted":      {Errno: "EINVAL", Format: "R%d must be referenced or trusted"},
	"kfunc-arg/offset":       {Errno: "EINVAL", Format: "R%d must have zero offset when passed to release func or trusted arg to kfunc"},
	"kfunc-not-allowed":      {Errno: "EACCES", Format: "calling kernel function %s is not allowed"},
	"kfunc-arg/iter-stack":   {Errno: "EINVAL", Format: "arg#0 expected pointer to an iterator on stack"},
	"kfunc-arg/iter-uninit":  {Errno: "EINVAL", Format: "expected uninitialized iter_num as arg #0"},
	"kfunc-arg/iter-init":    {Errno: "EINVAL", Format: "expected an initialized iter_num as arg #0"},

	// Kernel memory typed by BTF (modern_btf.go). btf-access is kbtf's
	// message, with kbtf's errno.
	"btf-access":          {Errno: "EACCES", Format: "%s"},
	"btf-gpl":             {Errno: "EINVAL", Format: "Cannot access kernel 'struct %s' from non-GPL compatible program"},
	"btf-negative-offset": {Errno: "EACCES", Format: "R%d is ptr_%s invalid negative access: off=%d"},
	"btf-variable-offset": {Errno: "EACCES", Format: "R%d is ptr_%s invalid variable offset: off=%d, var_off=%s"},
	"btf-write/read-only": {Errno: "EACCES", Format: "only read is supported"},
	"btf-write/beyond":    {Errno: "EACCES", Format: "write access at off %d with size %d beyond the member of %s ended at %d"},
	"btf-write/member":    {Errno: "EACCES", Format: "no write support to %s at off %d"},
}

// mfail is a rejection by message key (of the profile's Messages) with
// the key's arguments; the walk formats it from the profile's table when
// it reports it.
func mfail(key string, ob Obligation, args ...any) *merr {
	return &merr{code: codeOf(key), key: key, args: args, ob: ob}
}

// withErrno gives e an errno of the site's in place of its message's (for
// a key whose errno depends on the case, as the kernel's does).
func withErrno(errno string, e *merr) *merr {
	e.errno = errno
	return e
}

// resolve fills e's errno and message from msgs, for a rejection raised
// by key.
func (e *merr) resolve(msgs Messages) {
	if e.key == "" {
		return
	}
	m, text := msgs.text(e.key, e.args...)
	if e.errno == "" {
		e.errno = m.Errno
	}
	e.msg, e.key = text, ""
}
