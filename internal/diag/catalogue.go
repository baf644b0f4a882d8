package diag

import (
	"sort"
	"strings"
)

// Entry documents one diagnostic code.
type Entry struct {
	Code    string // stable, kebab-case ("invalid-mem-access")
	Title   string // a few words, for SARIF rule names and the docs' headings
	Why     string // one sentence: why the verifier refuses this
	Fix     string // one sentence: what to change in the program
	Example string // a minimal program (assembly or C) that gets this code
	// Variants refine Why and Fix by a substring of the message, first
	// match wins (e.g. a NULL-check fix for 'map_value_or_null').
	Variants []Variant
	// Input marks codes about files rather than programs (verdict "error").
	Input bool
}

// Variant is a refinement of an entry for messages containing Match.
type Variant struct {
	Match    string
	Why, Fix string
}

// Lookup returns the entry of a code.
func Lookup(code string) (Entry, bool) {
	i, ok := index[code]
	if !ok {
		return Entry{}, false
	}
	return entries[i], true
}

// All returns every entry in catalogue order (the order codes were added).
func All() []Entry { return append([]Entry(nil), entries...) }

// Codes returns every code, sorted.
func Codes() []string {
	out := make([]string, 0, len(entries))
	for _, e := range entries {
		out = append(out, e.Code)
	}
	sort.Strings(out)
	return out
}

// For returns the why and fix sentences for a code and its message, with
// the first matching variant applied. ok is false for an unknown code.
func For(code, message string) (why, fix string, ok bool) {
	e, ok := Lookup(code)
	if !ok {
		return "", "", false
	}
	why, fix = e.Why, e.Fix
	for _, v := range e.Variants {
		if strings.Contains(message, v.Match) {
			if v.Why != "" {
				why = v.Why
			}
			if v.Fix != "" {
				fix = v.Fix
			}
			break
		}
	}
	return why, fix, true
}

var index = func() map[string]int {
	m := make(map[string]int, len(entries))
	for i, e := range entries {
		if _, dup := m[e.Code]; dup {
			panic("diag: duplicate code " + e.Code)
		}
		m[e.Code] = i
	}
	return m
}()
