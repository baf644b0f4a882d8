package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
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
