package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/internal/diag"
	"github.com/bpfcheck/bpfcheck/lint"
)

// textSink prints outcomes like a compiler's diagnostics:
//
//	x.c:16:9: error: R0 invalid mem access 'map_value_or_null' [invalid-mem-access]
//	   16 |     return *v;
//	    = in program peek, x.o:socket:7 (EACCES)
//	    = why: ...
//	    = fix: ...
//
// one root cause per program, then a summary table when more than one file
// was checked.
type textSink struct {
	w       io.Writer
	withLog bool
}

func (t *textSink) outcome(o *outcome) error {
	if e := o.err; e != nil {
		fmt.Fprintf(t.w, "%s: error: %s [%s]\n", e.Object, e.Message, e.Code)
		if e.Hint != "" {
			fmt.Fprintf(t.w, "    = hint: %s\n", e.Hint)
		} else if _, fix, ok := diag.For(e.Code, e.Message); ok {
			fmt.Fprintf(t.w, "    = fix: %s\n", fix)
		}
		return nil
	}
	for i := range o.rep.Programs {
		t.program(&o.rep.Programs[i])
	}
	return nil
}

func (t *textSink) program(lp *lint.Program) {
	r, p := lp.Result, lp.Prog
	name := lp.Object
	if p.Section != "" {
		name += ":" + p.Section
	}
	if p.Name != lp.Object {
		name += ": " + p.Name
	}
	for _, d := range lp.Diagnostics {
		d.Pos.File = displayPath(d.Pos.File)
		label := d.Severity.String()
		if d.Severity == lint.Note {
			label = "unsupported"
		}
		silent := ""
		if d.KernelSilent {
			silent = " (the kernel rejects this without a message)"
		}
		fmt.Fprintf(t.w, "%s: %s: %s%s [%s]\n", d.Pos, label, d.Message, silent, d.Code)
		if d.Pos.HasSource() && strings.TrimSpace(d.Pos.Text) != "" {
			fmt.Fprintf(t.w, "%6d | %s\n", d.Pos.Line, strings.TrimRight(d.Pos.Text, " \t\r\n"))
		}
		var where []string
		if p.Name != lp.Object {
			where = append(where, "in program "+p.Name)
		}
		if d.Pos.HasSource() {
			where = append(where, "at "+d.Pos.InsnString())
		}
		if d.Errno != "" {
			where = append(where, "errno "+d.Errno)
		}
		if len(where) > 0 {
			fmt.Fprintf(t.w, "    = %s\n", strings.Join(where, ", "))
		}
		if d.Hint != "" {
			fmt.Fprintf(t.w, "    = hint: %s\n", d.Hint)
		}
		if d.Why != "" {
			fmt.Fprintf(t.w, "    = why: %s\n", d.Why)
		}
		if d.Fix != "" {
			fmt.Fprintf(t.w, "    = fix: %s\n", d.Fix)
		}
	}
	if r.Verdict == absint.Accept {
		fmt.Fprintf(t.w, "%s: accepted (%d insns, %d processed)\n", name, r.Stats.Insns, r.Stats.Processed)
	}
	if t.withLog && r.Log != "" {
		fmt.Fprint(t.w, r.Log)
		if !strings.HasSuffix(r.Log, "\n") {
			fmt.Fprintln(t.w)
		}
	}
}

func (t *textSink) close(s *summary) error {
	if s.files < 2 {
		return nil
	}
	fmt.Fprintf(t.w, "\n%6s %9s %9s %9s %12s %7s %9s\n", "files", "programs", "accepted", "rejected", "unsupported", "errors", "time")
	fmt.Fprintf(t.w, "%6d %9d %9d %9d %12d %7d %9s\n", s.files, s.programs, s.accepted, s.rejected, s.unsupported, s.errors, roundDuration(s.elapsed))
	return nil
}

func roundDuration(d time.Duration) string {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(100 * time.Microsecond).String()
	}
	return d.Round(time.Microsecond).String()
}

// progress is a one-line counter on a terminal's stderr; it prints nothing
// when stderr is not a terminal, so logs and pipes stay clean.
type progress struct {
	w     io.Writer
	total int
	on    bool
	shown bool
	last  time.Time
}

func newProgress(w io.Writer, total int) *progress {
	p := &progress{w: w, total: total}
	if f, ok := w.(*os.File); ok && total > 1 {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.on = true
		}
	}
	return p
}

func (p *progress) step(n int, path string) {
	if !p.on || (time.Since(p.last) < 100*time.Millisecond && n < p.total) {
		return
	}
	p.last = time.Now()
	if len(path) > 60 {
		path = "..." + path[len(path)-57:]
	}
	fmt.Fprintf(p.w, "\r\x1b[K[%d/%d] %s", n, p.total, path)
	p.shown = true
}

// clear removes the progress line before other output.
func (p *progress) clear() {
	if p.on && p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}

func (p *progress) done() { p.clear() }

// displayPath shortens an absolute path under the current directory to a
// relative one, as compilers print them.
func displayPath(p string) string {
	if !filepath.IsAbs(p) {
		return p
	}
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return p
}
