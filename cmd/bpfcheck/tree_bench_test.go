package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// BenchmarkTree verifies a tree of clang-built objects (the corpus examples,
// 20 copies each in their own directories) with -j 1 and -j 2 and reports
// programs per second.
func BenchmarkTree(b *testing.B) {
	clang, err := exec.LookPath("clang")
	if err != nil {
		b.Skip("clang not installed")
	}
	root := b.TempDir()
	srcs, _ := filepath.Glob("../../corpus/examples/*.c")
	inc := "-I/usr/include/" + map[string]string{"amd64": "x86_64-linux-gnu", "arm64": "aarch64-linux-gnu"}[runtime.GOARCH]
	var objs []string
	for _, src := range srcs {
		obj := filepath.Join(root, "build", strings.TrimSuffix(filepath.Base(src), ".c")+".o")
		os.MkdirAll(filepath.Dir(obj), 0o755)
		if out, err := exec.Command(clang, "-O2", "-g", "-target", "bpf", inc, "-c", src, "-o", obj).CombinedOutput(); err != nil {
			b.Skipf("clang %s: %v\n%s", src, err, out)
		}
		objs = append(objs, obj)
	}
	tree := filepath.Join(root, "tree")
	for i := 0; i < 20; i++ {
		dir := filepath.Join(tree, fmt.Sprintf("copy%02d", i))
		os.MkdirAll(dir, 0o755)
		for _, o := range objs {
			data, _ := os.ReadFile(o)
			os.WriteFile(filepath.Join(dir, filepath.Base(o)), data, 0o644)
		}
	}
	programs := 20 * len(objs)
	for _, j := range []string{"1", "2"} {
		b.Run("j"+j, func(b *testing.B) {
			for b.Loop() {
				var out bytes.Buffer
				code := run([]string{"verify", "--format", "json", "-j", j, tree + "/..."}, streams{in: strings.NewReader(""), out: &out, err: io.Discard})
				if code == exitUsage {
					b.Fatalf("exit 2:\n%s", out.String())
				}
			}
			b.ReportMetric(float64(programs)*float64(b.N)/b.Elapsed().Seconds(), "programs/s")
		})
	}
}
