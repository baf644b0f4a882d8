package absint

import (
	"fmt"
	"time"
)

// deadline is Options.Timeout during one walk. It is read every 4,096
// processed instructions, so a walk overruns its limit by at most that many.
type deadline struct {
	at    time.Time
	limit time.Duration
}

func newDeadline(limit time.Duration) deadline {
	if limit <= 0 {
		return deadline{}
	}
	return deadline{at: time.Now().Add(limit), limit: limit}
}

// expired reports whether the walk has run past its time limit.
func (d deadline) expired(processed int) bool {
	return d.limit > 0 && processed&4095 == 0 && time.Now().After(d.at)
}

// diagnostic is the time limit's verdict: not proven either way.
func (d deadline) diagnostic(insn, processed int) *Diagnostic {
	return &Diagnostic{Insn: insn, Code: "time-limit", KernelSilent: true,
		Message: fmt.Sprintf("verification stopped at the time limit of %s after %d processed insns", d.limit, processed)}
}
