package diag

import (
	"bytes"
	"fmt"
	"strings"
)

// DocsURL is where the generated catalogue page is published; HelpURI
// links into it.
const DocsURL = "https://github.com/bpfcheck/bpfcheck/blob/main/docs/diagnostics.md"

// HelpURI returns the documentation link of a code (its anchor in
// docs/diagnostics.md).
func HelpURI(code string) string { return DocsURL + "#" + code }

// Markdown renders the catalogue as docs/diagnostics.md.
func Markdown() []byte {
	var b bytes.Buffer
	b.WriteString("# Diagnostic codes\n\n")
	b.WriteString("<!-- Generated from internal/diag/entries.go by `go test ./internal/diag -update`; do not edit. -->\n\n")
	b.WriteString("Every rejection, warning and input error bpfcheck reports carries one of these stable codes\n")
	b.WriteString("(`error.code` in JSON Lines, `ruleId` in SARIF, `[code]` in text). Codes are never renamed or\n")
	b.WriteString("removed. The text output and the JSON fields `error.why` and `error.fix` repeat the sentences\n")
	b.WriteString("below; some codes refine them by the message (shown as \"when the message contains\").\n\n")
	section := func(title string, input bool) {
		fmt.Fprintf(&b, "## %s\n\n| code | title |\n|---|---|\n", title)
		for _, e := range entries {
			if e.Input == input {
				fmt.Fprintf(&b, "| [`%s`](#%s) | %s |\n", e.Code, e.Code, e.Title)
			}
		}
		b.WriteString("\n")
		for _, e := range entries {
			if e.Input != input {
				continue
			}
			fmt.Fprintf(&b, "<a id=\"%s\"></a>\n### `%s`: %s\n\n", e.Code, e.Code, e.Title)
			fmt.Fprintf(&b, "**Why:** %s.\n\n**Fix:** %s.\n\n", e.Why, e.Fix)
			for _, v := range e.Variants {
				fmt.Fprintf(&b, "When the message contains `%s`:", v.Match)
				if v.Why != "" {
					fmt.Fprintf(&b, " %s.", upper(v.Why))
				}
				if v.Fix != "" {
					fmt.Fprintf(&b, " Fix: %s.", v.Fix)
				}
				b.WriteString("\n\n")
			}
			fmt.Fprintf(&b, "Example:\n\n```\n%s\n```\n\n", e.Example)
		}
	}
	section("Inputs that could not be analysed (verdict `error`)", true)
	section("Program diagnostics", false)
	return bytes.TrimRight(b.Bytes(), "\n")
}

func upper(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
