package main

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/bpfcheck/bpfcheck/internal/diag"
	"github.com/bpfcheck/bpfcheck/internal/sarif"
	"github.com/bpfcheck/bpfcheck/lint"
)

// absPath makes p absolute and clean.
func absPath(p string) (string, error) {
	a, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	return filepath.Clean(a), nil
}

// resolve finds the file a path names: an input path is relative to the
// current directory; a source path from BTF line info, when relative, is
// tried against the current directory and then the object's directory.
func resolve(path, objectDir string) string {
	if filepath.IsAbs(path) {
		return filepath.Clean(path)
	}
	if objectDir != "" {
		if _, err := os.Stat(path); err != nil {
			if cand := filepath.Join(objectDir, path); fileExists(cand) {
				path = cand
			}
		}
	}
	a, err := absPath(path)
	if err != nil {
		return path
	}
	return a
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// artifact is a path as SARIF names it: relative to --root when inside it,
// else an absolute file URI.
func (c *verifyConfig) artifact(path, objectDir string) sarif.Artifact {
	abs := resolve(path, objectDir)
	if rel, err := filepath.Rel(c.root, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return sarif.Artifact{URI: (&url.URL{Path: filepath.ToSlash(rel)}).String(), Relative: true}
	}
	return sarif.Artifact{URI: (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()}
}

// relPath is a path as GitHub annotations name it: relative to --root when
// inside it, else as given.
func (c *verifyConfig) relPath(path, objectDir string) string {
	abs := resolve(path, objectDir)
	if rel, err := filepath.Rel(c.root, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(rel)
	}
	return path
}

// sarifSink collects every finding and writes one SARIF log at the end,
// also when some inputs failed.
type sarifSink struct {
	w     io.Writer
	cfg   *verifyConfig
	log   sarif.Log
	rules map[string]bool
}

func (s *sarifSink) outcome(o *outcome) error {
	if o.err != nil {
		s.log.Notifications = append(s.log.Notifications, sarif.Notification{Code: o.err.Code,
			Message: strings.TrimSpace(o.err.Error() + " " + o.err.Hint), Object: s.cfg.artifact(o.path, "")})
		return nil
	}
	dir := filepath.Dir(o.path)
	for _, p := range o.rep.Programs {
		for _, d := range p.Diagnostics {
			f := sarif.Finding{RuleID: d.Code, Level: sarifLevel(d.Severity), Message: findingText(d),
				Object: s.cfg.artifact(o.path, ""), Program: filepath.Base(p.Prog.Name), Section: p.Prog.Section, Insn: d.Pos.Insn}
			if d.Pos.HasSource() {
				f.Source, f.SourceLine, f.SourceColumn = s.cfg.artifact(d.Pos.File, dir), d.Pos.Line, d.Pos.Column
			}
			s.log.Findings = append(s.log.Findings, f)
		}
	}
	return nil
}

func (s *sarifSink) close(*summary) error {
	s.log.ToolName, s.log.ToolVersion = "bpfcheck", versionString()
	s.log.InformationURI = "https://github.com/bpfcheck/bpfcheck"
	s.log.Root = (&url.URL{Scheme: "file", Path: filepath.ToSlash(s.cfg.root) + "/"}).String()
	for _, e := range diag.All() {
		s.log.Rules = append(s.log.Rules, sarif.Rule{ID: e.Code, Name: pascal(e.Code), Short: e.Title,
			Full: e.Why + ".", Help: "Fix: " + e.Fix + ".", HelpURI: diag.HelpURI(e.Code)})
	}
	return s.log.Write(s.w)
}

func sarifLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	}
	return "note"
}

// findingText is a result's message: the kernel's text, then the hint and
// the fix.
func findingText(d lint.Diagnostic) string {
	var b strings.Builder
	b.WriteString(d.Message)
	if d.KernelSilent {
		b.WriteString(" (the kernel rejects this without a message)")
	}
	if d.Hint != "" {
		b.WriteString(". Hint: " + d.Hint)
	}
	if d.Fix != "" {
		b.WriteString(". Fix: " + d.Fix)
	}
	return b.String()
}

func pascal(code string) string {
	var b strings.Builder
	for _, w := range strings.Split(code, "-") {
		if w != "" {
			r := []rune(w)
			r[0] = unicode.ToUpper(r[0])
			b.WriteString(string(r))
		}
	}
	return b.String()
}

// githubSink prints GitHub Actions workflow commands, one annotation per
// diagnostic and per failed input.
type githubSink struct {
	w   io.Writer
	cfg *verifyConfig
}

func (g *githubSink) outcome(o *outcome) error {
	if e := o.err; e != nil {
		msg := e.Message
		if e.Hint != "" {
			msg += ". Hint: " + e.Hint
		}
		fmt.Fprintf(g.w, "::error file=%s,title=%s::%s\n", ghProp(g.cfg.relPath(o.path, "")), ghProp("bpfcheck "+e.Code), ghData(msg))
		return nil
	}
	dir := filepath.Dir(o.path)
	for _, p := range o.rep.Programs {
		for _, d := range p.Diagnostics {
			level := map[lint.Severity]string{lint.Error: "error", lint.Warning: "warning", lint.Note: "notice"}[d.Severity]
			loc := "file=" + ghProp(g.cfg.relPath(o.path, ""))
			if d.Pos.HasSource() {
				loc = fmt.Sprintf("file=%s,line=%d", ghProp(g.cfg.relPath(d.Pos.File, dir)), d.Pos.Line)
				if d.Pos.Column > 0 {
					loc += fmt.Sprintf(",col=%d", d.Pos.Column)
				}
			}
			title := fmt.Sprintf("bpfcheck %s in %s", d.Code, filepath.Base(p.Prog.Name))
			msg := fmt.Sprintf("%s (%s)", findingText(d), d.Pos.InsnString())
			fmt.Fprintf(g.w, "::%s %s,title=%s::%s\n", level, loc, ghProp(title), ghData(msg))
		}
	}
	return nil
}

func (g *githubSink) close(*summary) error { return nil }

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProp escapes a workflow command's property value.
func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
