package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/internal/limits"
	"github.com/bpfcheck/bpfcheck/internal/sarif"
	"github.com/bpfcheck/bpfcheck/ir"
	"github.com/bpfcheck/bpfcheck/lint"
)

func init() {
	register(&command{name: "verify", summary: "verify programs (the default command)", run: runVerify,
		usage: "bpfcheck verify [flags] FILE|DIR|./path/...   (also: bpfcheck FILE...)"})
}

// defaultProfile is the profile `bpfcheck verify` uses without --profile.
const defaultProfile = lint.DefaultProfile

// runDefaultProfile is run's default: the same as verify's, now that exec
// models today's contexts (the 6.18 __sk_buff and xdp_md).
const runDefaultProfile = "linux-6.18"

// verifyFlags are the flags of verify, shared with run.
type verifyFlags struct {
	inputFlags
	profile  string
	logLevel int
	timeout  time.Duration // per program (--timeout)
	stateMem int64         // stored-state memory per program (--max-state-memory)
}

// options are the absint options the verify flags give.
func (f *verifyFlags) options() absint.Options {
	return absint.Options{Profile: f.profile, LogLevel: f.logLevel, Timeout: f.timeout, MaxStateMemory: f.stateMem}
}

func (f *verifyFlags) registerVerify(fsName string, s streams) *flag.FlagSet {
	fs := newFlagSet(fsName, s)
	f.register(fs)
	def := defaultProfile
	if fsName == "run" {
		def = runDefaultProfile
	}
	fs.StringVar(&f.profile, "profile", def, "verifier profile: "+strings.Join(absint.ProfileNames(), ", "))
	fs.IntVar(&f.logLevel, "log-level", 0, "0: no log; 1 or 2: the verifier log")
	fs.DurationVar(&f.timeout, "timeout", limits.DefaultTimeout, "stop verifying a program after `DURATION` (0: no limit); it is then reported unsupported with code time-limit")
	f.stateMem = limits.DefaultMaxStateMemory
	fs.Func("max-state-memory", "linux-6.18 and precise: stop verifying a program whose stored states take more than `SIZE` bytes (K, M, G suffixes; default "+limits.FormatSize(limits.DefaultMaxStateMemory)+"); it is then reported unsupported with code state-limit", func(s string) error {
		n, err := limits.ParseSize(s)
		f.stateMem = n
		return err
	})
	return fs
}

// verifyConfig is what a verify run needs besides the inputs.
type verifyConfig struct {
	verifyFlags
	format string
	root   string // absolute
	jobs   int
	start  time.Time
}

// outcome is one input's result: its programs, or why it could not be read.
type outcome struct {
	path   string
	rep    *lint.Report
	err    *lint.InputError
	proofs []*programProof // with --report: per program, in order
}

// sink prints outcomes in input order and closes the document at the end.
type sink interface {
	outcome(o *outcome) error
	close(sum *summary) error
}

func runVerify(args []string, s streams) int {
	var c verifyConfig
	fs := c.registerVerify("verify", s)
	fs.StringVar(&c.format, "format", "text", "output format: text, json, sarif or github")
	report := fs.String("report", "", "write proof-of-rejection reports to `DIR` (profiles that can)")
	fs.IntVar(&c.jobs, "j", runtime.NumCPU(), "verify `N` files in parallel")
	fs.StringVar(&c.root, "root", "", "SARIF and GitHub paths are relative to `DIR` (default: the current directory)")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return flagStatus(err)
	}
	if len(files) == 0 {
		return c.usageError(s, "verify: no input files")
	}
	if _, err := absint.LookupProfile(c.profile); err != nil {
		return c.usageError(s, "%v", err)
	}
	var out sink
	switch c.format {
	case "text":
		out = &textSink{w: s.out, withLog: c.logLevel > 0}
	case "json":
		out = &jsonSink{w: s.out, profile: c.profile, withLog: c.logLevel > 0}
	case "sarif":
		out = &sarifSink{w: s.out, cfg: &c}
	case "github":
		out = &githubSink{w: s.out, cfg: &c}
	default:
		return c.usageError(s, "verify: unknown --format %q (want text, json, sarif or github)", c.format)
	}
	if c.jobs < 1 {
		return c.usageError(s, "verify: -j must be at least 1")
	}
	if c.typ != "" {
		if _, err := ir.ParseProgType(c.typ); err != nil {
			return c.usageError(s, "%v", err)
		}
	}
	if c.root == "" {
		c.root = "."
	}
	if c.root, err = absPath(c.root); err != nil {
		return c.usageError(s, "verify: --root: %v", err)
	}
	if *report != "" {
		if err := os.MkdirAll(*report, 0o755); err != nil {
			return c.usageError(s, "%v", err)
		}
		if err := proofAvailable(); err != nil {
			fmt.Fprintf(s.err, "bpfcheck: note: --report needs the SMT solver: %v; %s stays empty\n", err, *report)
			*report = ""
		}
	}
	c.start = time.Now()
	inputs := expandArgs(files)
	sum := &summary{}
	prog := newProgress(s.err, len(inputs))
	var werr error
	opts := c.lintOptions()
	opts.Path = *report != ""
	verifyAll(inputs, c.jobs, opts, *report, func(i int, o *outcome) {
		prog.clear()
		sum.add(o)
		if werr == nil {
			werr = out.outcome(o)
		}
		prog.step(i+1, o.path)
	})
	prog.done()
	sum.elapsed = time.Since(c.start)
	if werr == nil {
		werr = out.close(sum)
	}
	if werr != nil {
		return failf(s, "%v", werr)
	}
	return sum.status()
}

// lintOptions gathers the verify flags for the lint package.
func (c *verifyConfig) lintOptions() lint.Options {
	o := c.inputFlags.lintOptions()
	o.Profile, o.LogLevel, o.Timeout, o.MaxStateMemory = c.profile, c.logLevel, c.timeout, c.stateMem
	return o
}

// verifyAll verifies the inputs with jobs workers and calls emit for each
// outcome in input order, as soon as it and all before it are done.
func verifyAll(inputs []input, jobs int, opts lint.Options, report string, emit func(i int, o *outcome)) {
	outs := make([]*outcome, len(inputs))
	done := make([]chan struct{}, len(inputs))
	for i := range done {
		done[i] = make(chan struct{})
	}
	next := make(chan int)
	for w := 0; w < jobs && w < len(inputs); w++ {
		go func() {
			pr := newProver(report) // one solver per worker
			defer pr.close()
			wopts, closeSolver := preciseOptions(opts)
			defer closeSolver()
			for i := range next {
				outs[i] = verifyOne(inputs[i], wopts)
				pr.prove(outs[i])
				close(done[i])
			}
		}()
	}
	go func() {
		for i := range inputs {
			next <- i
		}
		close(next)
	}()
	for i := range inputs {
		<-done[i]
		emit(i, outs[i])
		outs[i] = nil // let finished reports go
	}
}

// verifyOne verifies one input; a panic anywhere below becomes an error
// record for the file, never a crash of the whole run.
func verifyOne(in input, opts lint.Options) (o *outcome) {
	o = &outcome{path: in.path, err: in.err}
	if in.err != nil {
		return o
	}
	defer func() {
		if r := recover(); r != nil {
			o.rep, o.err = nil, &lint.InputError{Object: in.path, Code: "analysis-failed", Message: fmt.Sprintf("internal error: %v", r)}
		}
	}()
	rep, err := lint.File(in.path, opts)
	if err != nil {
		if ie, ok := err.(*lint.InputError); ok {
			o.err = ie
		} else {
			o.err = &lint.InputError{Object: in.path, Code: "analysis-failed", Message: err.Error(), Err: err}
		}
		return o
	}
	o.rep = rep
	return o
}

// summary counts what a run found.
type summary struct {
	files, programs, accepted, rejected, unsupported, errors int
	elapsed                                                  time.Duration
}

func (s *summary) add(o *outcome) {
	s.files++
	if o.err != nil {
		s.errors++
		return
	}
	for _, p := range o.rep.Programs {
		s.programs++
		switch p.Result.Verdict {
		case absint.Accept:
			s.accepted++
		case absint.Reject:
			s.rejected++
		default:
			s.unsupported++
		}
	}
}

// status is the exit status of the worst outcome.
func (s *summary) status() int {
	switch {
	case s.errors > 0:
		return exitUsage
	case s.rejected > 0 || s.unsupported > 0:
		return exitRejected
	}
	return exitOK
}

// usageError reports a usage error (exit 2). With --format sarif it also
// writes a complete SARIF log whose notification carries the message, so
// that a CI job uploading the output never uploads an empty file.
func (c *verifyConfig) usageError(s streams, format string, args ...any) int {
	if c.format == "sarif" {
		l := sarif.Log{ToolName: "bpfcheck", ToolVersion: versionString(), InformationURI: "https://github.com/bpfcheck/bpfcheck",
			Notifications: []sarif.Notification{{Code: "usage", Message: fmt.Sprintf(format, args...)}}}
		l.Write(s.out)
	}
	return failf(s, format, args...)
}
