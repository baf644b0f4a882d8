package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/internal/diag"
	"github.com/bpfcheck/bpfcheck/ir"
	"github.com/bpfcheck/bpfcheck/lint"
)

// jsonResult is one program's JSON Lines record. Field order follows
// CONTRACT.md; additions go after the contract's fields (extend by adding
// fields, never by reordering).
type jsonResult struct {
	File    string     `json:"file"`
	Program string     `json:"program"`
	Section string     `json:"section"`
	Type    string     `json:"type"`
	Profile string     `json:"profile"`
	Verdict string     `json:"verdict"`
	Errno   string     `json:"errno"`
	Error   *jsonError `json:"error"`
	Log     *string    `json:"log,omitempty"`
	Stats   jsonStats  `json:"stats"`
	// With --report (report.go): the witness of a rejection and the
	// obligations summary.
	Witness     *jsonWitness     `json:"witness,omitempty"`
	Obligations *jsonObligations `json:"obligations,omitempty"`
	Warnings    []jsonWarning    `json:"warnings,omitempty"` // an addition, after the contract's fields
}

type jsonError struct {
	PC           int         `json:"pc"`
	Code         string      `json:"code"`
	Message      string      `json:"message"`
	Source       *jsonSource `json:"source,omitempty"`
	KernelSilent bool        `json:"kernel_silent,omitempty"`
	// Additions after the contract's fields: the catalogue's explanation.
	Hint string `json:"hint,omitempty"`
	Why  string `json:"why,omitempty"`
	Fix  string `json:"fix,omitempty"`
}

type jsonWarning struct {
	PC      int         `json:"pc"`
	Code    string      `json:"code"`
	Message string      `json:"message"`
	Source  *jsonSource `json:"source,omitempty"`
}

type jsonSource struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column,omitempty"` // an addition
}

type jsonStats struct {
	Insns      int   `json:"insns"`
	Processed  int   `json:"processed"`
	States     int   `json:"states"`
	DurationNS int64 `json:"duration_ns"`
	PeakStates int   `json:"peak_states"` // an addition, after the contract's fields
}

// jsonInputError is the record of an input that could not be read or
// parsed, as CONTRACT.md shows it.
type jsonInputError struct {
	File    string         `json:"file"`
	Verdict string         `json:"verdict"` // "error"
	Error   jsonInputCause `json:"error"`
}

type jsonInputCause struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
	Why     string `json:"why,omitempty"`
	Fix     string `json:"fix,omitempty"`
}

func sourceOf(p *ir.Program, pc int) *jsonSource {
	if l, ok := p.SourceLine(pc); ok {
		return &jsonSource{File: l.File, Line: l.Line, Column: l.Column}
	}
	return nil
}

// sourceAt is a diagnostic's source position as JSON (nil when unknown).
func sourceAt(p lint.Position) *jsonSource {
	if !p.HasSource() {
		return nil
	}
	return &jsonSource{File: p.File, Line: p.Line, Column: p.Column}
}

// programRecord builds a program's JSON record.
func programRecord(file string, lp *lint.Program, profile string, withLog bool) jsonResult {
	r, p := lp.Result, lp.Prog
	out := jsonResult{
		File: file, Program: p.Name, Section: p.Section, Type: p.Type.String(),
		Profile: profile, Verdict: r.Verdict.String(), Errno: r.Errno,
		Stats: jsonStats{Insns: r.Stats.Insns, Processed: r.Stats.Processed, States: r.Stats.States,
			PeakStates: r.Stats.PeakStates, DurationNS: r.Stats.Duration.Nanoseconds()},
	}
	if d := r.Diag; d != nil {
		out.Error = &jsonError{PC: d.Insn, Code: d.Code, Message: d.Message, Source: sourceOf(p, d.Insn), KernelSilent: d.KernelSilent}
		if n := len(lp.Diagnostics); n > 0 && r.Verdict != absint.Accept {
			last := lp.Diagnostics[n-1]
			out.Error.Source = sourceAt(last.Pos)
			out.Error.Hint, out.Error.Why, out.Error.Fix = last.Hint, last.Why, last.Fix
		}
	}
	for i, d := range r.Warnings {
		w := jsonWarning{PC: d.Insn, Code: d.Code, Message: d.Message, Source: sourceOf(p, d.Insn)}
		if i < len(lp.Diagnostics) {
			w.Source = sourceAt(lp.Diagnostics[i].Pos) // warnings come first, in order
		}
		out.Warnings = append(out.Warnings, w)
	}
	if withLog {
		out.Log = &r.Log
	}
	return out
}

// inputRecord builds the record of an input that could not be analysed.
func inputRecord(e *lint.InputError) jsonInputError {
	c := jsonInputCause{Code: e.Code, Message: e.Message, Hint: e.Hint}
	c.Why, c.Fix, _ = diag.For(e.Code, e.Message)
	return jsonInputError{File: e.Object, Verdict: "error", Error: c}
}

// jsonSink prints JSON Lines: one record per program, one per failed input.
type jsonSink struct {
	w       io.Writer
	profile string
	withLog bool
}

func (j *jsonSink) line(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(j.w, "%s\n", b)
	return err
}

func (j *jsonSink) outcome(o *outcome) error {
	if o.err != nil {
		return j.line(inputRecord(o.err))
	}
	for i := range o.rep.Programs {
		rec := programRecord(o.path, &o.rep.Programs[i], j.profile, j.withLog)
		o.attachProof(i, &rec)
		if err := j.line(rec); err != nil {
			return err
		}
	}
	return nil
}

func (j *jsonSink) close(*summary) error { return nil }
