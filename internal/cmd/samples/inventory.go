package main

import (
	"fmt"
	"os"
	"regexp"
	"strings"
)

// entry is one program of PREVAIL's inventory (src/test/test_verify.cpp).
type entry struct {
	Project, File, Section string
	Program                string // TEST_PROGRAM*: the function within the section
	Macro                  string
	// Prevail is PREVAIL's own verdict: "accept" or "reject".
	Prevail string
	// Intent is what the inventory says the program is: "safe" (it should
	// pass) or "unsafe" (it should be rejected).
	Intent string
}

// Path is the object's path under the samples root.
func (e entry) Path() string { return e.Project + "/" + e.File }

// Key names the entry in the TSVs.
func (e entry) Key() string {
	k := e.Path() + " " + e.Section
	if e.Program != "" {
		k += " " + e.Program
	}
	return k
}

// macroVerdicts maps each inventory macro to PREVAIL's verdict and the
// program's intended verdict: *_FAIL macros are marked [!shouldfail], so
// PREVAIL's verdict is the opposite of the intent.
var macroVerdicts = map[string][2]string{
	"TEST_SECTION":                  {"accept", "safe"},
	"TEST_SECTION_LEGACY":           {"accept", "safe"},
	"TEST_PROGRAM":                  {"accept", "safe"},
	"TEST_SECTION_REJECT_IF_STRICT": {"accept", "safe"},
	"TEST_SECTION_REJECT":           {"reject", "unsafe"},
	"TEST_PROGRAM_REJECT":           {"reject", "unsafe"},
	"TEST_SECTION_FAIL":             {"reject", "safe"},
	"TEST_SECTION_LEGACY_FAIL":      {"reject", "safe"},
	"TEST_SECTION_REJECT_FAIL":      {"accept", "unsafe"},
	"TEST_PROGRAM_REJECT_FAIL":      {"accept", "unsafe"},
}

var macroCall = regexp.MustCompile(`(?m)^\s*(TEST_[A-Z_]+)\(\s*((?:"[^"]*"\s*,?\s*)+)(\d+)?\s*\)`)
var quoted = regexp.MustCompile(`"([^"]*)"`)

// comments are C comments; entries inside them are not part of the inventory.
var comments = regexp.MustCompile(`(?s)/\*.*?\*/|//[^\n]*`)

// readInventory parses the inventory's macro invocations (the #define
// lines themselves do not match: their arguments are not string literals).
func readInventory(path string) ([]entry, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var es []entry
	src := comments.ReplaceAllString(string(b), "")
	for _, m := range macroCall.FindAllStringSubmatch(src, -1) {
		v, ok := macroVerdicts[m[1]]
		if !ok {
			continue
		}
		var args []string
		for _, q := range quoted.FindAllStringSubmatch(m[2], -1) {
			args = append(args, q[1])
		}
		e := entry{Macro: m[1], Prevail: v[0], Intent: v[1]}
		switch {
		case strings.HasPrefix(m[1], "TEST_PROGRAM") && len(args) == 4:
			e.Project, e.File, e.Section, e.Program = args[0], args[1], args[2], args[3]
		case len(args) == 3:
			e.Project, e.File, e.Section = args[0], args[1], args[2]
		default:
			return nil, fmt.Errorf("%s: cannot read %q", path, m[0])
		}
		es = append(es, e)
	}
	if len(es) == 0 {
		return nil, fmt.Errorf("%s: no inventory entries", path)
	}
	return es, nil
}
