#include "textflag.h"

// func enter(b *block)
// Switches to the run's native stack, loads the BPF registers from the
// block (the budget counter into R11, minus the context's address into R9) and returns into the generated code at the address on top of the
// native stack. The generated exit routine saves everything back and
// returns from enter on the Go stack.
TEXT ·enter(SB), NOSPLIT, $0-8
	MOVQ b+0(FP), R12
	MOVQ SP, 0(R12)
	MOVQ BP, 8(R12)
	MOVQ R14, 16(R12)
	MOVQ R15, 24(R12)
	MOVQ 80(R12), AX
	MOVQ 88(R12), DI
	MOVQ 96(R12), SI
	MOVQ 104(R12), DX
	MOVQ 112(R12), CX
	MOVQ 120(R12), R8
	MOVQ 128(R12), BX
	MOVQ 136(R12), R13
	MOVQ 144(R12), R14
	MOVQ 152(R12), R15
	MOVQ 160(R12), BP
	MOVQ 64(R12), R11 // the budget counter (compile_amd64.go: budgetReg)
	MOVQ 200(R12), R9 // minus the context's address (compile_amd64.go: ctxReg)
	MOVQ 32(R12), SP
	RET
