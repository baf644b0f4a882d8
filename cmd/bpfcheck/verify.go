package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/internal/sarif"
	"github.com/bpfcheck/bpfcheck/ir"
)

func init() {
	register(&command{name: "verify", summary: "verify programs (the default command)", run: runVerify})
}

// defaultProfile is the profile `bpfcheck verify` uses without --profile.
const defaultProfile = "linux-4.2"

// verifyFlags are the flags of verify, shared with run.
type verifyFlags struct {
	inputFlags
	profile  string
	logLevel int
}

func (f *verifyFlags) registerVerify(fsName string, s streams) *flag.FlagSet {
	fs := newFlagSet(fsName, s)
	f.register(fs)
	fs.StringVar(&f.profile, "profile", defaultProfile, "verifier profile: "+strings.Join(absint.ProfileNames(), ", "))
	fs.IntVar(&f.logLevel, "log-level", 0, "0: no log; 1 or 2: the verifier log")
	return fs
}

// verified is one program's outcome, ready to print.
type verified struct {
	file string
	prog *ir.Program
	res  *absint.Result
}

func runVerify(args []string, s streams) int {
	var vf verifyFlags
	fs := vf.registerVerify("verify", s)
	format := fs.String("format", "text", "output format: text, json or sarif")
	report := fs.String("report", "", "write proof-of-rejection reports to `DIR` (profiles that can)")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(files) == 0 {
		return failf(s, "verify: no input files")
	}
	if _, err := absint.LookupProfile(vf.profile); err != nil {
		return failf(s, "%v", err)
	}
	switch *format {
	case "text", "json", "sarif":
	default:
		return failf(s, "verify: unknown --format %q (want text, json or sarif)", *format)
	}
	if *report != "" {
		fmt.Fprintf(s.err, "bpfcheck: note: profile %s produces no proof-of-rejection reports; %s stays empty\n", vf.profile, *report)
		if err := os.MkdirAll(*report, 0o755); err != nil {
			return failf(s, "%v", err)
		}
	}
	status := exitOK
	var findings []sarif.Finding
	for _, f := range files {
		progs, err := vf.load(f)
		if err != nil {
			return failf(s, "%v", err)
		}
		for _, p := range progs {
			res, err := absint.Verify(p, absint.Options{Profile: vf.profile, LogLevel: vf.logLevel})
			if err != nil {
				return failf(s, "%v", err)
			}
			v := verified{file: f, prog: p, res: res}
			switch *format {
			case "json":
				if err := writeJSON(s.out, v, vf.profile, vf.logLevel > 0); err != nil {
					return failf(s, "%v", err)
				}
			case "sarif":
				findings = append(findings, sarifFindings(v)...)
			default:
				writeText(s.out, v, vf.logLevel > 0)
			}
			if res.Verdict != absint.Accept {
				status = exitRejected
			}
		}
	}
	if *format == "sarif" {
		if err := sarif.Write(s.out, "bpfcheck", findings); err != nil {
			return failf(s, "%v", err)
		}
	}
	return status
}

// sarifFindings turns a program's outcome into SARIF results.
func sarifFindings(v verified) []sarif.Finding {
	var out []sarif.Finding
	add := func(level string, d *absint.Diagnostic) {
		f := sarif.Finding{RuleID: d.Code, Level: level, Message: d.Message, File: v.file, Program: v.prog.Name, Section: v.prog.Section, Insn: d.Insn}
		if l, ok := v.prog.SourceLine(d.Insn); ok {
			f.SourceFile, f.SourceLine = l.File, l.Line
		}
		out = append(out, f)
	}
	for i := range v.res.Warnings {
		add("warning", &v.res.Warnings[i])
	}
	switch v.res.Verdict {
	case absint.Reject:
		add("error", v.res.Diag)
	case absint.Unsupported:
		add("note", v.res.Diag)
	}
	return out
}
