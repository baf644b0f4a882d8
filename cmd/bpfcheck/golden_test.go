package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/internal/sarif/sariftest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// mixed is a run over good, rejected, missing and corrupt inputs, with a
// later kernel's helper and an accepted-but-unsafe warning.
var mixed = []string{"testdata/mixed/good.s", "testdata/mixed/stack.s", "testdata/mixed/missing.o",
	"testdata/mixed/later.s", "testdata/mixed/ctx.s", "testdata/mixed/warn.s", "testdata/mixed/corrupt.bin"}

var volatile = []struct {
	re   *regexp.Regexp
	repl string
}{
	{regexp.MustCompile(`"duration_ns":\d+`), `"duration_ns":0`},
	{regexp.MustCompile(`(?m)^(\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+)\s+\S+$`), "$1 TIME"},
	{regexp.MustCompile(`"version": "[^"]*"`), `"version": "VERSION"`},
}

// normalise removes what changes from run to run: times, the version and
// the working directory.
func normalise(s string) string {
	wd, _ := os.Getwd()
	s = strings.ReplaceAll(s, "file://"+filepath.ToSlash(wd), "file://ROOT")
	s = strings.ReplaceAll(s, wd, "ROOT")
	for _, v := range volatile {
		if v.re.String() == `"version": "[^"]*"` {
			// Keep the SARIF version itself.
			s = v.re.ReplaceAllStringFunc(s, func(m string) string {
				if m == `"version": "2.1.0"` {
					return m
				}
				return v.repl
			})
			continue
		}
		s = v.re.ReplaceAllString(s, v.repl)
	}
	return s
}

func TestGolden(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
	}{
		{"mixed-text", append([]string{"verify", "--profile", "linux-4.2", "-j", "2"}, mixed...)},
		{"mixed-json", append([]string{"verify", "--profile", "linux-4.2", "--format", "json"}, mixed...)},
		{"mixed-sarif", append([]string{"verify", "--profile", "linux-4.2", "--format", "sarif"}, mixed...)},
		{"mixed-github", append([]string{"verify", "--profile", "linux-4.2", "--format", "github"}, mixed...)},
		{"mixed-linux-4.3", append([]string{"verify", "--profile", "linux-4.3", "-j", "1"}, mixed...)},
		{"mixed-linux-6.18", append([]string{"verify", "--profile", "linux-6.18", "-j", "1"}, mixed...)},
		{"mixed-linux-6.18-json", append([]string{"verify", "--profile", "linux-6.18", "--format", "json"}, mixed...)},
		{"empty-tree", []string{"verify", "--format", "json", "testdata/mixed"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := bpfcheck("", c.args...)
			got := normalise(fmt.Sprintf("$ bpfcheck %s\nexit %d\n-- stdout --\n%s-- stderr --\n%s", strings.Join(c.args, " "), code, out, errs))
			path := filepath.Join("testdata", "golden", c.name+".txt")
			if *update {
				os.MkdirAll(filepath.Dir(path), 0o755)
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s (go test -update rewrites it; review the diff):\n%s", path, got)
			}
			if strings.HasSuffix(c.name, "-sarif") {
				sariftest.Validate(t, []byte(out))
			}
		})
	}
}

// TestSARIFRoot: URIs are relative to --root, with originalUriBaseIds
// naming it, and absolute file URIs outside it.
func TestSARIFRoot(t *testing.T) {
	dir := t.TempDir()
	prog := filepath.Join(dir, "sub", "p.s")
	os.MkdirAll(filepath.Dir(prog), 0o755)
	os.WriteFile(prog, []byte("r0 = *(u64 *)(r10 -8)\nexit\n"), 0o644)
	var docs []string
	for _, c := range []struct{ root, uri, base string }{
		{dir, "sub/p.s", `"uriBaseId": "SRCROOT"`},
		{filepath.Join(dir, "sub"), "p.s", `"uriBaseId": "SRCROOT"`},
		{t.TempDir(), "file://" + filepath.ToSlash(prog), ""},
	} {
		code, out, _ := bpfcheck("", "verify", "--profile", "linux-4.2", "--format", "sarif", "--root", c.root, prog)
		if code != exitRejected || !strings.Contains(out, `"uri": "`+c.uri+`"`) || !strings.Contains(out, `"uri": "file://`+filepath.ToSlash(c.root)+`/"`) {
			t.Errorf("--root %s: exit %d, want uri %s:\n%s", c.root, code, c.uri, out)
		}
		if c.base != "" && !strings.Contains(out, c.base) {
			t.Errorf("--root %s: relative URIs need their base id", c.root)
		}
		docs = append(docs, out)
	}
	for _, d := range docs { // last: Validate skips where the schema is absent
		sariftest.Validate(t, []byte(d))
	}
}

// TestSARIFUsageError: even a usage error leaves a complete SARIF log on
// stdout with --format sarif, so that an upload step never sees an empty file.
func TestSARIFUsageError(t *testing.T) {
	code, out, errs := bpfcheck("", "verify", "--format", "sarif", "--profile", "linux-9.9", "x.o")
	if code != exitUsage || errs == "" || !strings.Contains(out, `"executionSuccessful": false`) || !strings.Contains(out, "linux-9.9") {
		t.Fatalf("exit %d, stdout %s, stderr %s", code, out, errs)
	}
	sariftest.Validate(t, []byte(out))
}
