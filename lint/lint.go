package lint

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/internal/diag"
	"github.com/bpfcheck/bpfcheck/internal/limits"
	"github.com/bpfcheck/bpfcheck/ir"
	"github.com/bpfcheck/bpfcheck/ir/object"
)

// DefaultProfile is the profile used when Options.Profile is empty, and the
// command line's default.
const DefaultProfile = "linux-6.18"

// Options say how to read and verify programs. The zero value verifies an
// ELF object's programs with DefaultProfile.
type Options struct {
	Profile  string // verifier profile (absint.ProfileNames); "": DefaultProfile
	Type     string // program type overriding the ELF section's ("xdp"); "": from the section
	Section  string // only the programs of this ELF section; "": all
	LogLevel int    // >= 1 keeps the verifier log in each Program's Result
	Path     bool   // keep the walked path of a rejection (absint.Options.Path), for proofs
	// Discharge is the precise profile's solver (absint.Options.Discharge).
	Discharge func(*ir.Program, []int) absint.Discharged
	// License overrides the ELF license section when non-nil. An empty
	// license is not GPL-compatible, as in the kernel.
	License *string
	// Maps are the maps of raw and text input (the i-th is map fd i).
	Maps []ir.MapSpec
	// Loader reads ELF objects (its target BTF and kernel config; the
	// other fields above override its load options); nil: a default one.
	Loader *object.Loader
	// MaxInputSize refuses larger input files (0: limits.DefaultMaxInputSize).
	MaxInputSize int64
	// Timeout bounds each program's verification (absint.Options.Timeout).
	Timeout time.Duration
	// MaxStateMemory bounds each program's stored states in the modern
	// profiles (absint.Options.MaxStateMemory).
	MaxStateMemory int64
}

var defaultLoader = object.NewLoader(object.Options{})

func (o Options) profile() string {
	if o.Profile == "" {
		return DefaultProfile
	}
	return o.Profile
}

// Severity orders diagnostics.
type Severity int

// Severities: a rejection is an Error, an unsupported program a Note
// (not proven unsafe), accepted-but-unsafe behaviour a Warning.
const (
	Note Severity = iota
	Warning
	Error
)

func (s Severity) String() string { return [...]string{"note", "warning", "error"}[s] }

// Position locates a diagnostic: always in the object (Object, Section,
// Program, Insn), and in the source (File, Line > 0): the C line when BTF
// line info has it, the line of the file itself for assembly text input.
type Position struct {
	Object  string // the input file
	Section string // ELF section; "" for raw and text input
	Program string
	Insn    int // instruction slot
	File    string
	Line    int
	Column  int    // 0: unknown
	Text    string // the source line, when the object carries it
}

// HasSource reports whether the C source line is known.
func (p Position) HasSource() bool { return p.Line > 0 }

// String prints "x.c:16:9" when the source is known, else "x.o:socket:7"
// (or "p.s:7" for raw and text input).
func (p Position) String() string {
	if p.HasSource() {
		if p.Column > 0 {
			return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
		}
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return p.ObjectString()
}

// ObjectString prints the position in the object: "x.o:socket:7" or "p.s:7".
func (p Position) ObjectString() string {
	if p.Section != "" {
		return fmt.Sprintf("%s:%s:%d", p.Object, p.Section, p.Insn)
	}
	return fmt.Sprintf("%s:%d", p.Object, p.Insn)
}

// InsnString names the instruction in the object: "x.o:socket:7" for
// ELF input, "insn 7" for raw and text input (whose file names the line).
func (p Position) InsnString() string {
	if p.Section != "" {
		return p.ObjectString()
	}
	return fmt.Sprintf("insn %d", p.Insn)
}

// Diagnostic is one finding.
type Diagnostic struct {
	Pos          Position
	Severity     Severity
	Code         string // stable code (docs/diagnostics.md)
	Message      string // the kernel's message (ours, in its style, when KernelSilent)
	KernelSilent bool   // the kernel rejects this without a message
	Errno        string // the kernel's errno name for a rejection
	Why, Fix     string // from the catalogue
	Hint         string // the later-kernel feature the program uses, or ""
}

// String prints the diagnostic like a compiler: "x.c:16:9: error: ... [code]".
func (d Diagnostic) String() string {
	return fmt.Sprintf("%s: %s: %s [%s]", d.Pos, d.Severity, d.Message, d.Code)
}

// Program is one verified program.
type Program struct {
	Object      string
	Prog        *ir.Program
	Result      *absint.Result
	Diagnostics []Diagnostic // warnings first, then the rejection or unsupported note
}

// Report holds every program of one input.
type Report struct {
	Profile  string
	Programs []Program
}

// Diagnostics returns every program's diagnostics in order.
func (r *Report) Diagnostics() []Diagnostic {
	var out []Diagnostic
	for _, p := range r.Programs {
		out = append(out, p.Diagnostics...)
	}
	return out
}

// Accepted reports whether every program was accepted.
func (r *Report) Accepted() bool {
	for _, p := range r.Programs {
		if p.Result.Verdict != absint.Accept {
			return false
		}
	}
	return true
}

// InputError is an input that could not be analysed. Code is one of the
// catalogue's input codes (unreadable-input, invalid-input, no-programs,
// analysis-failed).
type InputError struct {
	Object  string
	Code    string
	Message string // without the "file: " prefix
	Hint    string // e.g. "compile with -g", or ""
	Err     error
}

func (e *InputError) Error() string { return e.Object + ": " + e.Message }

// Unwrap returns the underlying error.
func (e *InputError) Unwrap() error { return e.Err }

// File reads and verifies every program of an input file (ELF object,
// text assembly or raw bytecode, recognised by content).
func File(path string, opts Options) (*Report, error) {
	data, err := limits.ReadFile(path, opts.MaxInputSize)
	var tl *limits.TooLargeError
	if errors.As(err, &tl) {
		return nil, &InputError{Object: path, Code: "input-too-large", Message: strings.TrimPrefix(err.Error(), path+": "), Err: err}
	}
	if err != nil {
		msg := err.Error()
		var pe *fs.PathError
		if errors.As(err, &pe) {
			msg = pe.Op + ": " + pe.Err.Error()
		}
		return nil, &InputError{Object: path, Code: "unreadable-input", Message: msg, Err: err}
	}
	return Object(path, data, opts)
}

// Object verifies every program of an input held in memory; name labels
// it in positions.
func Object(name string, data []byte, opts Options) (*Report, error) {
	lo := ir.LoadOptions{Maps: opts.Maps, Section: opts.Section}
	if opts.Type != "" {
		t, err := ir.ParseProgType(opts.Type)
		if err != nil {
			return nil, err
		}
		lo.Type = t
	}
	if opts.License != nil && *opts.License != "" {
		lo.License = *opts.License
	}
	ld := opts.Loader
	if ld == nil {
		ld = defaultLoader
	}
	progs, err := ld.WithOptions(lo).Load(name, data)
	if err != nil {
		return nil, inputError(name, err)
	}
	if opts.License != nil {
		for _, p := range progs {
			p.License = *opts.License
		}
	}
	var lines []ir.LineInfo
	if ir.DetectFormat(data) == ir.FormatText && len(progs) == 1 {
		lines = asmLines(data, len(progs[0].Insns))
	}
	return programs(name, progs, opts, lines)
}

// Programs verifies already loaded programs; object labels them.
func Programs(object string, progs []*ir.Program, opts Options) (*Report, error) {
	return programs(object, progs, opts, nil)
}

// programs is Programs with the line table of an assembly input (nil for
// other inputs), which positions use where BTF line info is absent.
func programs(object string, progs []*ir.Program, opts Options, asm []ir.LineInfo) (*Report, error) {
	rep := &Report{Profile: opts.profile()}
	if _, err := absint.LookupProfile(rep.Profile); err != nil {
		return nil, err
	}
	if len(progs) == 0 {
		return nil, &InputError{Object: object, Code: "no-programs", Message: "no BPF programs in the input"}
	}
	for _, p := range progs {
		res, err := absint.Verify(p, absint.Options{Profile: rep.Profile, LogLevel: opts.LogLevel, Timeout: opts.Timeout, MaxStateMemory: opts.MaxStateMemory, Path: opts.Path, Discharge: opts.Discharge})
		if err != nil {
			return nil, &InputError{Object: object, Code: "analysis-failed", Message: fmt.Sprintf("program %s: %v", p.Name, err), Err: err}
		}
		rep.Programs = append(rep.Programs, Program{Object: object, Prog: p, Result: res,
			Diagnostics: diagnose(object, p, res, rep.Profile, asm)})
	}
	return rep, nil
}

// Diagnose turns a verification result into diagnostics: the warnings,
// then the rejection (Error) or the unsupported note.
func Diagnose(object string, p *ir.Program, res *absint.Result, profile string) []Diagnostic {
	return diagnose(object, p, res, profile, nil)
}

func diagnose(object string, p *ir.Program, res *absint.Result, profile string, asm []ir.LineInfo) []Diagnostic {
	var out []Diagnostic
	add := func(sev Severity, d *absint.Diagnostic, errno string) {
		ex := diag.Explain(p, d, profile)
		out = append(out, Diagnostic{Pos: position(object, p, d.Insn, asm), Severity: sev, Code: d.Code, Message: d.Message,
			KernelSilent: d.KernelSilent, Errno: errno, Why: ex.Why, Fix: ex.Fix, Hint: ex.Hint})
	}
	for i := range res.Warnings {
		add(Warning, &res.Warnings[i], "")
	}
	switch res.Verdict {
	case absint.Reject:
		add(Error, res.Diag, res.Errno)
	case absint.Unsupported:
		add(Note, res.Diag, res.Errno)
	}
	return out
}

// position locates insn: at its C line when BTF line info has it, at its
// line in the file for assembly input, else only in the object.
func position(object string, p *ir.Program, insn int, asm []ir.LineInfo) Position {
	pos := Position{Object: object, Section: p.Section, Program: p.Name, Insn: insn}
	if l, ok := p.SourceLine(insn); ok && l.Line > 0 {
		pos.File, pos.Line, pos.Column, pos.Text = l.File, l.Line, l.Column, l.Text
	} else if l, ok := lineAt(asm, insn); ok {
		pos.File, pos.Line, pos.Text = object, l.Line, l.Text
	}
	return pos
}

// inputError classifies a loader error and adds a hint where one helps.
func inputError(name string, err error) *InputError {
	msg := strings.TrimPrefix(err.Error(), name+": ")
	e := &InputError{Object: name, Code: "invalid-input", Message: msg, Err: err}
	switch {
	case strings.Contains(msg, "no BPF programs") || strings.Contains(msg, "no program in section"):
		e.Code = "no-programs"
	case strings.Contains(msg, "missing BTF") || strings.Contains(msg, "BTF"):
		e.Hint = "the object has maps or data that only BTF describes but no usable BTF; compile with -g (clang -O2 -g -target bpf -c x.c -o x.o)"
	}
	return e
}
