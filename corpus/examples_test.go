package corpus

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/lint"
)

// ExampleCFlags are the clang flags examples/*.c are built with (as
// scripts/corpus.sh builds them): libbpf's headers from /usr/include/bpf
// and the multiarch directory that holds asm/types.h.
func exampleCFlags() []string {
	flags := []string{"-O2", "-g", "-target", "bpf"}
	arch := map[string]string{"amd64": "x86_64-linux-gnu", "arm64": "aarch64-linux-gnu"}[runtime.GOARCH]
	if arch != "" {
		flags = append(flags, "-I/usr/include/"+arch)
	}
	return flags
}

// TestExamples compiles the realistic examples (socket filters, tc, XDP,
// kprobes, tracepoints; safe and unsafe) and checks each profile its header
// names: the verdict, errno and message, and that every rejection is
// explained with a source line, a why and a fix (what `make corpus` prints).
// Profiles not built yet are skipped by name, so their lines start to count
// the moment the profile lands.
func TestExamples(t *testing.T) {
	clang, err := exec.LookPath("clang")
	if err != nil {
		t.Skip("clang not installed")
	}
	if _, err := os.Stat("/usr/include/bpf/bpf_helpers.h"); err != nil {
		t.Skip("libbpf headers (libbpf-dev) not installed")
	}
	files, _ := filepath.Glob("examples/*.c")
	if len(files) < 10 {
		t.Fatalf("found only %d examples", len(files))
	}
	checked := 0
	for _, path := range files {
		h := parseHeader(t, path, "//")
		obj := filepath.Join(t.TempDir(), filepath.Base(path)+".o")
		args := append(exampleCFlags(), "-c", path, "-o", obj)
		if out, err := exec.Command(clang, args...).CombinedOutput(); err != nil {
			t.Fatalf("%s: clang: %v\n%s", path, err, out)
		}
		for profile, want := range h.expect {
			if _, err := absint.LookupProfile(profile); err != nil {
				t.Logf("%s: profile %s not built yet; skipped", path, profile)
				continue
			}
			rep, err := lint.File(obj, lint.Options{Profile: profile})
			if err != nil {
				t.Errorf("%s: %v", path, err)
				continue
			}
			if len(rep.Programs) != 1 {
				t.Errorf("%s: %d programs, examples hold one", path, len(rep.Programs))
				continue
			}
			p := rep.Programs[0]
			got := expectation{Verdict: p.Result.Verdict.String(), Errno: p.Result.Errno}
			if p.Result.Verdict != absint.Accept {
				got.Message, got.Silent = p.Result.Diag.Message, p.Result.Diag.KernelSilent
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s (%s): %s\n(-want +got)\n%s", path, profile, h.what, diff)
			}
			checked++
			if p.Result.Verdict == absint.Accept {
				continue
			}
			d := p.Diagnostics[len(p.Diagnostics)-1]
			if !d.Pos.HasSource() || d.Why == "" || d.Fix == "" {
				t.Errorf("%s (%s): the rejection is not explained with a source line, a why and a fix: %+v", path, profile, d)
			}
			if p.Result.Verdict == absint.Unsupported && d.Hint == "" {
				t.Errorf("%s (%s): an unsupported program type needs a hint naming its first kernel", path, profile)
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d checks ran", checked)
	}
}
