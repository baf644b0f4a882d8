package absint

import (
	"fmt"
	"slices"
	"strings"
)

// The walk every profile shares, generic over the domain: the worklist of
// instructions, the stack of pending branches (popped LIFO), the pruning
// points, the profile's limits, the processed-instruction count, the time
// limit and the log. A domain (the 2015 kernels' register union in walk.go,
// the modern domain in modern_walk.go) supplies the state S, what happens at
// a pruning point, the effect of one instruction, and how its log reads.
//
// The domain is a type parameter, not an interface value, so that a domain
// keeps its concrete state type (no boxing, no type switches) and the loop
// stays one function for every profile.

// Limits are a profile's walk limits: data of the profile, not constants of
// a walker.
type Limits struct {
	MaxInsns  int // the longest program the loader takes (instruction slots)
	Processed int // instruction visits (BPF_COMPLEXITY_LIMIT_INSNS)
	Pending   int // pending branches (BPF_COMPLEXITY_LIMIT_JMP_SEQ)
	Maps      int // distinct maps a program may use (MAX_USED_MAPS)
}

// Message is a profile's text for a stable rejection code: the errno, the
// format (the kernel's, byte for byte), and whether the kernel rejects
// without printing it (the format then explains the rejection in its style).
type Message struct {
	Errno, Format string
	Silent        bool
}

// Messages are a profile's messages by key: a stable code, or a code and
// a variant ("pointer-arith/bitwise") where one code has several texts.
type Messages map[string]Message

// Codes are the stable codes of m's keys, sorted, each once.
func (m Messages) Codes() []string {
	var out []string
	for k := range m {
		out = append(out, codeOf(k))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// codeOf is a message key's stable code: the key up to its variant.
func codeOf(key string) string {
	code, _, _ := strings.Cut(key, "/")
	return code
}

// text formats code's message. Each code has a fixed list of arguments
// (documented where it is raised); a format uses a prefix of them, or any
// of them with explicit indexes (%[2]d), so that two profiles can print
// different facts for the same code.
func (m Messages) text(code string, args ...any) (Message, string) {
	msg, ok := m[code]
	if !ok {
		panic("absint: no message for code " + code)
	}
	f := msg.Format
	if !strings.Contains(f, "%[") {
		verbs := 0
		for i := 0; i < len(f); i++ {
			if f[i] == '%' {
				if i+1 < len(f) && f[i+1] == '%' {
					i++
					continue
				}
				verbs++
			}
		}
		if verbs == 0 {
			return msg, f
		}
		args = args[:min(verbs, len(args))]
	}
	return msg, fmt.Sprintf(f, args...)
}

// branch is a pending path: the state at insn, pushed by the jump at prev;
// path is the length of the domain's path record when it was pushed.
type branch[S any] struct {
	st         S
	insn, prev int
	path       int
}

// flow is how a step (or a pruning point) continues.
type flow uint8

const (
	flowNext flow = iota // go on at the next instruction
	flowExit             // the path ended (exit)
	flowFail             // the domain rejected; its error is recorded
)

// walk is the domain-independent state of a walk. A domain embeds it.
type walk[S any] struct {
	limits    *Limits
	msgs      Messages
	deadline  deadline // Options.Timeout
	prune     []bool   // the profile's pruning points
	pending   []branch[S]
	processed int
	log       strings.Builder
}

// push queues a pending branch; it reports whether the stack is now over
// the profile's limit (a domain that checks at push time rejects then; the
// walk checks again after every step).
func (w *walk[S]) push(b branch[S]) (over bool) {
	w.pending = append(w.pending, b)
	return len(w.pending) > w.limits.Pending
}

// pop takes the newest pending branch.
func (w *walk[S]) pop() (branch[S], bool) {
	k := len(w.pending)
	if k == 0 {
		return branch[S]{}, false
	}
	b := w.pending[k-1]
	w.pending = w.pending[:k-1]
	return b, true
}

// domain is what the walk needs of a domain D over states S. The walk calls,
// for each instruction it reaches: arrive (before anything is counted),
// visit (at a pruning point only), enter, step and stepped; endPath when a
// path ends (pruned or exited), then resume with the next pending branch.
type domain[S any] interface {
	arrive(insn int)
	visit(insn int) (pruned bool, f flow)
	enter(insn int)
	step(insn int) (next int, f flow)
	stepped(insn int)
	endPath(insn int, pruned bool)
	resume(b branch[S])
	accept() *Result
	// reject rejects at insn with the error the domain recorded (flowFail).
	reject(insn int) *Result
	// overLimit rejects at insn for a walk limit: code with the arguments
	// (count, limit) or, for invalid-insn-idx, (insn, insn count).
	overLimit(insn int, code string, count, limit int) *Result
	// finish fills a result's log and statistics.
	finish(r *Result) *Result
}

// runWalk walks every path from insn: depth first, fall-through first,
// pending branches popped LIFO, each pruning point asking the domain
// whether a stored state covers the current one.
func runWalk[S any, D domain[S]](w *walk[S], d D, insn int) *Result {
	n := len(w.prune)
	for {
		if insn < 0 || insn >= n {
			return d.overLimit(insn, "invalid-insn-idx", insn, n)
		}
		d.arrive(insn)
		w.processed++
		if w.deadline.expired(w.processed) {
			return d.finish(&Result{Verdict: Unsupported, Diag: w.deadline.diagnostic(insn, w.processed)})
		}
		if w.processed > w.limits.Processed {
			return d.overLimit(insn, "too-many-processed", w.processed, w.limits.Processed)
		}
		if w.prune[insn] {
			pruned, f := d.visit(insn)
			if f == flowFail {
				return d.reject(insn)
			}
			if pruned {
				d.endPath(insn, true)
				b, ok := w.pop()
				if !ok {
					return d.accept()
				}
				d.resume(b)
				insn = b.insn
				continue
			}
		}
		d.enter(insn)
		next, f := d.step(insn)
		if f == flowFail {
			return d.reject(insn)
		}
		d.stepped(insn)
		if f == flowExit {
			d.endPath(insn, false)
			b, ok := w.pop()
			if !ok {
				return d.accept()
			}
			d.resume(b)
			insn = b.insn
			continue
		}
		if len(w.pending) > w.limits.Pending {
			return d.overLimit(insn, "too-complex", len(w.pending), w.limits.Pending)
		}
		insn = next
	}
}
