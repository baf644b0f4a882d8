package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/internal/sarif/sariftest"
)

// buildTree compiles corpus C programs into a tree with a hidden directory,
// an assembly file and a text file, which the walk must skip.
func buildTree(t *testing.T) string {
	clang, err := exec.LookPath("clang")
	if err != nil {
		t.Skip("clang not installed")
	}
	root := t.TempDir()
	for _, f := range []struct{ src, obj string }{
		{"null_deref.c", "b/null.o"}, {"count_packets.c", "a/count.o"}, {"tc_mark.c", "a/z/tc.o"},
		{"value_oob.c", ".hidden/oob.o"}, {"socket_mark.c", "c.o"},
	} {
		obj := filepath.Join(root, f.obj)
		os.MkdirAll(filepath.Dir(obj), 0o755)
		if out, err := exec.Command(clang, "-O2", "-g", "-target", "bpf", "-c", filepath.Join("../../corpus/c", f.src), "-o", obj).CombinedOutput(); err != nil {
			t.Fatalf("clang %s: %v\n%s", f.src, err, out)
		}
	}
	os.WriteFile(filepath.Join(root, "a", "skip.s"), []byte("exit\n"), 0o644)
	os.WriteFile(filepath.Join(root, "README"), []byte("text\n"), 0o644)
	return root
}

func TestTreeWalk(t *testing.T) {
	root := buildTree(t)
	want := []string{"a/count.o", "a/z/tc.o", "b/null.o", "c.o"}
	var first string
	for _, args := range [][]string{
		{"verify", "--profile", "linux-4.2", "--format", "json", "-j", "1", root + "/..."},
		{"verify", "--profile", "linux-4.2", "--format", "json", "-j", "2", root},
		{"verify", "--profile", "linux-4.2", "--format", "json", "-j", "4", root + "/"},
	} {
		code, out, errs := bpfcheck("", args...)
		if code != exitRejected {
			t.Errorf("%v: exit %d (%s), want 1 for the rejected null.o", args, code, errs)
		}
		var files []string
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			var r struct{ File string }
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				t.Fatalf("%v: %v: %s", args, err, line)
			}
			rel, _ := filepath.Rel(root, r.File)
			if len(files) == 0 || files[len(files)-1] != rel {
				files = append(files, filepath.ToSlash(rel))
			}
		}
		if strings.Join(files, " ") != strings.Join(want, " ") {
			t.Errorf("%v: files %v, want %v (lexical order, hidden directories and non-objects skipped)", args, files, want)
		}
		if first == "" {
			first = out
		} else if normalise(out) != normalise(first) {
			t.Errorf("%v: output differs from -j 1's", args)
		}
	}
	code, out, _ := bpfcheck("", "verify", "--profile", "linux-4.2", root)
	if code != exitRejected || !strings.Contains(out, "files  programs  accepted") || !strings.Contains(out, "    = fix: check the result of bpf_map_lookup_elem against NULL") {
		t.Errorf("text summary: %d\n%s", code, out)
	}
}

func TestTreeMissing(t *testing.T) {
	code, out, _ := bpfcheck("", "verify", "--format", "json", filepath.Join(t.TempDir(), "nope")+"/...")
	if code != exitUsage || !strings.Contains(out, `"verdict":"error","error":{"code":"unreadable-input"`) {
		t.Errorf("a missing tree: %d %s", code, out)
	}
}

// TestSARIFSourceLocations: with BTF line info the SARIF location is the C
// line, relative to --root, and GitHub annotations point at it too.
func TestSARIFSourceLocations(t *testing.T) {
	clang, err := exec.LookPath("clang")
	if err != nil {
		t.Skip("clang not installed")
	}
	root := t.TempDir()
	src, _ := os.ReadFile("../../corpus/c/null_deref.c")
	os.MkdirAll(filepath.Join(root, "bpf"), 0o755)
	os.WriteFile(filepath.Join(root, "bpf", "null_deref.c"), src, 0o644)
	os.WriteFile(filepath.Join(root, "bpf", "bpf.h"), must(os.ReadFile("../../corpus/c/bpf.h")), 0o644)
	obj := filepath.Join(root, "bpf", "null_deref.o")
	cmd := exec.Command(clang, "-O2", "-g", "-target", "bpf", "-c", filepath.Join(root, "bpf", "null_deref.c"), "-o", obj)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("clang: %v\n%s", err, out)
	}
	code, out, _ := bpfcheck("", "verify", "--profile", "linux-4.2", "--format", "sarif", "--root", root, root+"/...")
	if code != exitRejected {
		t.Fatalf("exit %d", code)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI, URIBaseID string } `json:"artifactLocation"`
						Region           struct{ StartLine, StartColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	loc := log.Runs[0].Results[0].Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "bpf/null_deref.c" || loc.Region.StartLine != 16 || loc.Region.StartColumn == 0 {
		t.Errorf("location %+v, want bpf/null_deref.c:16 relative to the root\n%s", loc, out)
	}
	_, gh, _ := bpfcheck("", "verify", "--profile", "linux-4.2", "--format", "github", "--root", root, obj)
	if !strings.HasPrefix(gh, "::error file=bpf/null_deref.c,line=16,col=") {
		t.Errorf("annotation: %s", gh)
	}
	sariftest.Validate(t, []byte(out)) // last: it skips where the schema is absent
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}
