package cfg

import "fmt"

// Error is a structural rejection: the instruction it names, a stable code,
// the kernel's message (without its newline) and the errno the kernel
// returns. Silent is set where the kernel rejects without logging anything;
// Message then explains the rejection in the kernel's style.
type Error struct {
	Insn    int
	Code    string
	Message string
	Errno   string
	Silent  bool
}

func (e *Error) Error() string { return fmt.Sprintf("insn %d: %s", e.Insn, e.Message) }
