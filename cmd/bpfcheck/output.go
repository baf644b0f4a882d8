package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/ir"
)

// Field order follows CONTRACT.md.
type jsonResult struct {
	File     string        `json:"file"`
	Program  string        `json:"program"`
	Section  string        `json:"section"`
	Type     string        `json:"type"`
	Profile  string        `json:"profile"`
	Verdict  string        `json:"verdict"`
	Errno    string        `json:"errno"`
	Error    *jsonError    `json:"error"`
	Log      *string       `json:"log,omitempty"`
	Stats    jsonStats     `json:"stats"`
	Warnings []jsonWarning `json:"warnings,omitempty"` // an addition, after the contract's fields
}

type jsonError struct {
	PC           int         `json:"pc"`
	Code         string      `json:"code"`
	Message      string      `json:"message"`
	Source       *jsonSource `json:"source,omitempty"`
	KernelSilent bool        `json:"kernel_silent,omitempty"`
}

type jsonWarning struct {
	PC      int         `json:"pc"`
	Code    string      `json:"code"`
	Message string      `json:"message"`
	Source  *jsonSource `json:"source,omitempty"`
}

type jsonSource struct {
	File string `json:"file"`
	Line int    `json:"line"`
}

type jsonStats struct {
	Insns      int   `json:"insns"`
	Processed  int   `json:"processed"`
	States     int   `json:"states"`
	DurationNS int64 `json:"duration_ns"`
	PeakStates int   `json:"peak_states"` // an addition, after the contract's fields
}

func sourceOf(p *ir.Program, pc int) *jsonSource {
	if l, ok := p.SourceLine(pc); ok {
		return &jsonSource{File: l.File, Line: l.Line}
	}
	return nil
}

// writeJSON prints one JSON Lines object for a program.
func writeJSON(w io.Writer, v verified, profile string, withLog bool) error {
	r := v.res
	out := jsonResult{
		File: v.file, Program: v.prog.Name, Section: v.prog.Section, Type: v.prog.Type.String(),
		Profile: profile, Verdict: r.Verdict.String(), Errno: r.Errno,
		Stats: jsonStats{Insns: r.Stats.Insns, Processed: r.Stats.Processed, States: r.Stats.States,
			PeakStates: r.Stats.PeakStates, DurationNS: r.Stats.Duration.Nanoseconds()},
	}
	if d := r.Diag; d != nil {
		out.Error = &jsonError{PC: d.Insn, Code: d.Code, Message: d.Message, Source: sourceOf(v.prog, d.Insn), KernelSilent: d.KernelSilent}
	}
	for _, d := range r.Warnings {
		out.Warnings = append(out.Warnings, jsonWarning{PC: d.Insn, Code: d.Code, Message: d.Message, Source: sourceOf(v.prog, d.Insn)})
	}
	if withLog {
		out.Log = &r.Log
	}
	b, err := json.Marshal(out)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}

// place is the compiler-style location prefix: file:section:pc or file:pc.
func place(v verified, pc int) string {
	if v.prog.Section != "" {
		return fmt.Sprintf("%s:%s:%d", v.file, v.prog.Section, pc)
	}
	return fmt.Sprintf("%s:%d", v.file, pc)
}

// writeText prints a program's outcome like a compiler's diagnostics.
func writeText(w io.Writer, v verified, withLog bool) {
	r := v.res
	name := v.file
	if v.prog.Section != "" {
		name += ":" + v.prog.Section
	}
	sourceLine := func(pc int) {
		if l, ok := v.prog.SourceLine(pc); ok {
			fmt.Fprintf(w, "    %s:%d: %s\n", l.File, l.Line, strings.TrimSpace(l.Text))
		}
	}
	for _, d := range r.Warnings {
		fmt.Fprintf(w, "%s: warning: %s\n", place(v, d.Insn), d.Message)
		sourceLine(d.Insn)
	}
	switch r.Verdict {
	case absint.Accept:
		fmt.Fprintf(w, "%s: accepted (%d insns, %d processed)\n", name, r.Stats.Insns, r.Stats.Processed)
	case absint.Unsupported:
		fmt.Fprintf(w, "%s: unsupported: %s\n", place(v, r.Diag.Insn), r.Diag.Message)
	default:
		silent := ""
		if r.Diag.KernelSilent {
			silent = " (the kernel rejects this without a message)"
		}
		fmt.Fprintf(w, "%s: %s%s [%s]\n", place(v, r.Diag.Insn), r.Diag.Message, silent, r.Errno)
		sourceLine(r.Diag.Insn)
	}
	if withLog && r.Log != "" {
		fmt.Fprint(w, r.Log)
		if !strings.HasSuffix(r.Log, "\n") {
			fmt.Fprintln(w)
		}
	}
}
