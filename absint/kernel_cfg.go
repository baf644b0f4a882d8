package absint

import "github.com/bpfcheck/bpfcheck/ir"

// The 2015 kernels' structural checks before the walk, the kernel profiles'
// policy (the modern profile has its own, on the general CFG of package
// cfg): the map-fd pre-pass and check_cfg, which also gives the walk its
// pruning points.

// structErr is a structural rejection: the instruction, the stable code and
// its message's arguments (the profile's Messages have the text).
type structErr struct {
	insn int
	code string
	args []any
}

// prepass reproduces the kernel's map-fd pre-pass (replace_map_fd_with_map_ptr),
// which runs over every slot in order before anything else is checked: LDX
// and STX reserved fields, LD_IMM64 pairing and pseudo kinds, map fd validity
// (validFD says which imm values are map fds) and the limit of 64 distinct
// maps (the profile's Limits.Maps). The lowest offending slot decides,
// reachable or not.
func prepass(insns []ir.Instruction, validFD func(fd int32) bool, maxMaps int) *structErr {
	used := map[int32]bool{}
	for i := 0; i < len(insns); i++ {
		ins := insns[i]
		switch ins.Opcode.Class() {
		case ir.ClassLDX:
			if ins.Opcode.Mode() != ir.ModeMEM || ins.Imm != 0 {
				return &structErr{insn: i, code: "ldx-reserved-fields"}
			}
		case ir.ClassSTX:
			if m := ins.Opcode.Mode(); (m != ir.ModeMEM && m != ir.ModeATOMIC) || ins.Imm != 0 {
				return &structErr{insn: i, code: "stx-reserved-fields"}
			}
		}
		if !ins.Opcode.IsLoadImm64() {
			continue
		}
		if i == len(insns)-1 {
			return &structErr{insn: i, code: "invalid-ld-imm64"}
		}
		if n := insns[i+1]; n.Opcode != 0 || n.Dst != 0 || n.Src != 0 || n.Off != 0 {
			return &structErr{insn: i, code: "invalid-ld-imm64"}
		}
		switch ins.Src {
		case ir.PseudoNone:
		case ir.PseudoMapFD:
			if !validFD(ins.Imm) {
				return &structErr{insn: i, code: "invalid-map-fd", args: []any{ins.Imm}}
			}
			if !used[ins.Imm] && len(used) >= maxMaps {
				return &structErr{insn: i, code: "too-many-maps", args: []any{maxMaps}}
			}
			used[ins.Imm] = true
		default:
			return &structErr{insn: i, code: "unrecognized-ld-imm64"}
		}
		i++ // the second half is not an instruction of its own here
	}
	return nil
}

// DFS states of kernelCheck, as the kernel encodes them.
const (
	discovered = 0x10
	explored   = 0x20
	edgeFall   = 1
	edgeBranch = 2
)

// kernelCheck reproduces the kernel's check_cfg: an iterative depth-first
// search from insn 0 that follows the fall-through edge first and rejects
// jumps out of range, edges back to an instruction on the current DFS path
// (loops), JA with the X bit (silently) and unreachable instructions. A
// backward jump to an already explored instruction is accepted, as in the
// kernel. prune marks the pruning points the kernel records: every
// conditional jump target and the instruction after every JA.
//
// Only class JMP has jump edges: in 2015 class 6 was BPF_RET, an ordinary
// instruction here, and both LD_IMM64 halves are separate nodes.
func kernelCheck(insns []ir.Instruction) (prune []bool, err *structErr) {
	n := len(insns)
	prune = make([]bool, n)
	if n == 0 {
		return prune, nil
	}
	state := make([]uint8, n)
	stack := make([]int, 1, 64)
	state[0] = discovered

	// push labels edge t->w of kind e; it reports whether w was pushed.
	push := func(t, w int, e uint8) (bool, *structErr) {
		if state[t] >= discovered|e {
			return false, nil // edge already labelled
		}
		if w < 0 || w >= n {
			return false, &structErr{insn: t, code: "jump-out-of-range", args: []any{t, w}}
		}
		if e == edgeBranch {
			prune[w] = true
		}
		switch {
		case state[w] == 0:
			state[t] = discovered | e
			state[w] = discovered
			stack = append(stack, w)
			return true, nil
		case state[w]&0xf0 == discovered:
			return false, &structErr{insn: t, code: "back-edge", args: []any{t, w}}
		default: // explored: a forward or cross edge
			state[t] = discovered | e
			return false, nil
		}
	}

	for len(stack) > 0 {
		t := stack[len(stack)-1]
		ins := insns[t]
		pushed := false
		var err *structErr
		if ins.Opcode.Class() == ir.ClassJMP {
			switch ins.Opcode.JumpOp() {
			case ir.JumpExit:
			case ir.JumpCall:
				pushed, err = push(t, t+1, edgeFall)
			case ir.JumpJA:
				if ins.Opcode.Source() != ir.SourceK {
					return nil, &structErr{insn: t, code: "ja-with-x-bit", args: []any{uint8(ins.Opcode)}}
				}
				pushed, err = push(t, t+int(ins.Off)+1, edgeFall)
				if !pushed && err == nil && t+1 < n {
					prune[t+1] = true
				}
			default:
				pushed, err = push(t, t+1, edgeFall)
				if !pushed && err == nil {
					pushed, err = push(t, t+int(ins.Off)+1, edgeBranch)
				}
			}
		} else {
			pushed, err = push(t, t+1, edgeFall)
		}
		if err != nil {
			return nil, err
		}
		if !pushed {
			state[t] = explored
			stack = stack[:len(stack)-1]
		}
	}
	for i, s := range state {
		if s != explored {
			return nil, &structErr{insn: i, code: "unreachable-insn", args: []any{i}}
		}
	}
	return prune, nil
}
