package main

import (
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/internal/proof"
	"github.com/bpfcheck/bpfcheck/ir"
	"github.com/bpfcheck/bpfcheck/lint"
)

// programProof is what --report found for one program.
type programProof struct {
	reject *proof.Explanation
	accept *proof.Safety
	err    error
}

// proofAvailable reports whether the solver can run in this build.
func proofAvailable() error {
	s, err := proof.New()
	if err != nil {
		return err
	}
	s.Close()
	return nil
}

// prover writes --report files for the outcomes one worker verified.
type prover struct {
	dir string
	s   *proof.Solver
}

func newProver(dir string) *prover {
	if dir == "" {
		return nil
	}
	s, err := proof.New()
	if err != nil {
		return nil
	}
	s.SMT2 = true
	return &prover{dir: dir, s: s}
}

func (p *prover) close() {
	if p != nil {
		p.s.Close()
	}
}

// prove explains or proves every program of o and writes its report.
func (p *prover) prove(o *outcome) {
	if p == nil || o.rep == nil {
		return
	}
	for i := range o.rep.Programs {
		o.proofs = append(o.proofs, p.program(o.path, &o.rep.Programs[i], o.rep.Profile))
	}
}

func (p *prover) program(file string, lp *lint.Program, profile string) *programProof {
	pp := &programProof{}
	in := proof.ReportInput{File: file, Prog: lp.Prog, Result: lp.Result, Profile: profile}
	switch lp.Result.Verdict {
	case absint.Reject:
		pp.reject, pp.err = p.s.Explain(lp.Prog, lp.Result, profile)
		in.Reject = pp.reject
	case absint.Accept:
		pp.accept, pp.err = p.s.Prove(lp.Prog, profile)
		in.Accept = pp.accept
	default:
		return nil
	}
	if pp.err != nil {
		return pp
	}
	if r, err := absint.Verify(lp.Prog, absint.Options{Profile: profile, LogLevel: 1}); err == nil {
		in.Log = r.Log
	}
	_, pp.err = proof.WriteReport(p.dir, reportBase(file, lp), in)
	return pp
}

// reportBase names a program's report files: the input's path and the
// program's name, with anything but letters, digits, '-' and '.' as '_'.
func reportBase(file string, lp *lint.Program) string {
	name := filepath.ToSlash(filepath.Clean(file))
	if lp.Prog.Name != file {
		name += "." + lp.Prog.Name
	}
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' {
			return r
		}
		return '_'
	}, strings.TrimPrefix(name, "./"))
}

// jsonWitness is CONTRACT.md's "witness" of a rejection.
type jsonWitness struct {
	Confirmed bool       `json:"confirmed"`
	Inputs    jsonInputs `json:"inputs"`
	Replay    string     `json:"replay,omitempty"`   // an addition: how the replay ended
	Stricter  string     `json:"stricter,omitempty"` // an addition: the kernel rule beyond the fault
}

type jsonInputs struct {
	Ctx     string          `json:"ctx,omitempty"`    // hex
	Packet  *string         `json:"packet,omitempty"` // hex
	Maps    []jsonMapEntry  `json:"maps,omitempty"`
	Helpers []jsonHelperRet `json:"helpers,omitempty"`
}

type jsonMapEntry struct {
	Map   int    `json:"map"`
	Key   string `json:"key"`
	Value string `json:"value"`
}

type jsonHelperRet struct {
	Insn   int    `json:"insn"`
	Helper int32  `json:"helper"`
	Ret    string `json:"ret"`
}

// jsonObligations is CONTRACT.md's "obligations" summary.
type jsonObligations struct {
	Total  int `json:"total"`
	Proved int `json:"proved"`
	Failed int `json:"failed"`
}

// attachProof adds program i's --report findings to its JSON record.
func (o *outcome) attachProof(i int, rec *jsonResult) {
	if i >= len(o.proofs) || o.proofs[i] == nil || o.proofs[i].err != nil {
		return
	}
	pp := o.proofs[i]
	var c proof.Counts
	switch {
	case pp.reject != nil:
		x := pp.reject
		c = proof.Count(x.Obligations)
		w := &jsonWitness{Stricter: x.Stricter}
		if x.Replay != nil {
			w.Confirmed, w.Replay = x.Replay.Confirmed, x.Replay.Fault
		}
		if in := x.Witness; in != nil {
			w.Inputs.Ctx = hex.EncodeToString(in.Ctx)
			if in.Packet != nil {
				pkt := hex.EncodeToString(in.Packet)
				w.Inputs.Packet = &pkt
			}
			for _, m := range in.Maps {
				w.Inputs.Maps = append(w.Inputs.Maps, jsonMapEntry{Map: m.Map, Key: hex.EncodeToString(m.Key), Value: hex.EncodeToString(m.Value)})
			}
			for _, h := range in.Helpers {
				w.Inputs.Helpers = append(w.Inputs.Helpers, jsonHelperRet{Insn: h.Insn, Helper: h.Helper, Ret: fmt.Sprintf("%#x", h.Ret)})
			}
		}
		rec.Witness = w
	case pp.accept != nil:
		c = proof.Count(pp.accept.Obligations)
	}
	rec.Obligations = &jsonObligations{Total: c.Total, Proved: c.Proved, Failed: c.Failed}
}

// preciseOptions gives a worker its own solver for the precise profile,
// made when the first program needs it (most programs defer nothing to
// the solver, and a context costs its creation and its first check);
// without one (no cgo), precise rejects what linux-6.18 cannot prove.
func preciseOptions(opts lint.Options) (lint.Options, func()) {
	if opts.Profile != "precise" {
		return opts, func() {}
	}
	var s *proof.Solver
	var discharge func(*ir.Program, []int) absint.Discharged
	opts.Discharge = func(p *ir.Program, insns []int) absint.Discharged {
		if s == nil {
			var err error
			if s, err = proof.New(); err != nil {
				s = nil
				return absint.Discharged{Insn: insns[0]}
			}
			discharge = s.Discharge()
		}
		return discharge(p, insns)
	}
	return opts, func() { s.Close() }
}
