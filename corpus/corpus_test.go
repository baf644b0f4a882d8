package corpus

import (
	"bufio"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/ir"
	"github.com/bpfcheck/bpfcheck/ir/object"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden verifier logs")

var profiles = []string{"linux-4.2", "linux-4.3"}

// expectation is what a case's header says a profile must answer.
type expectation struct {
	Verdict string
	Errno   string
	Message string
	Silent  bool
}

// header is the parsed comment block of a case.
type header struct {
	what   string
	flags  []string
	expect map[string]expectation
	noLog  bool
	warn   string
}

// parseHeader reads the leading comment lines of a case:
//
//	# <sentence saying what it tests>
//	# flags: --map hash:8:8:16 --type sched_cls
//	# expect: reject EACCES R0 invalid mem access 'imm'
//	# expect linux-4.3: accept
//	# expect: reject-silent EINVAL <explanation>
//	# warning: <code>
//	# log: no
func parseHeader(t *testing.T, path string, prefix string) header {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := header{expect: map[string]expectation{}}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, prefix) {
			if line == "" {
				continue
			}
			break
		}
		line = strings.TrimSpace(strings.TrimPrefix(line, prefix))
		key, val, _ := strings.Cut(line, ":")
		val = strings.TrimSpace(val)
		switch {
		case key == "flags":
			h.flags = strings.Fields(val)
		case key == "log" && val == "no":
			h.noLog = true
		case key == "warning":
			h.warn = val
		case key == "expect" || strings.HasPrefix(key, "expect "):
			e := parseExpect(t, path, val)
			if key == "expect" {
				for _, p := range profiles {
					if _, set := h.expect[p]; !set {
						h.expect[p] = e
					}
				}
			} else {
				h.expect[strings.TrimPrefix(key, "expect ")] = e
			}
		case h.what == "":
			h.what = line
		}
	}
	if len(h.expect) == 0 {
		t.Fatalf("%s: no '%s expect:' line", path, prefix)
	}
	return h
}

func parseExpect(t *testing.T, path, val string) expectation {
	f := strings.Fields(val)
	switch {
	case len(f) == 1 && f[0] == "accept":
		return expectation{Verdict: "accept"}
	case len(f) >= 3 && (f[0] == "reject" || f[0] == "reject-silent" || f[0] == "unsupported"):
		e := expectation{Verdict: "reject", Errno: f[1], Silent: f[0] == "reject-silent"}
		if f[0] == "unsupported" {
			e = expectation{Verdict: "unsupported", Errno: ""}
			e.Message = strings.Join(f[1:], " ")
			return e
		}
		e.Message = strings.TrimSpace(strings.SplitN(val, f[1], 2)[1])
		return e
	}
	t.Fatalf("%s: bad expectation %q", path, val)
	return expectation{}
}

// options turns a header's flags into load options.
func options(t *testing.T, path string, flags []string) ir.LoadOptions {
	var o ir.LoadOptions
	for i := 0; i < len(flags); i++ {
		if i+1 >= len(flags) {
			t.Fatalf("%s: flag %s has no value", path, flags[i])
		}
		v := flags[i+1]
		switch flags[i] {
		case "--map":
			m, err := ir.ParseMapFlag(v)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			o.Maps = append(o.Maps, m)
		case "--type":
			pt, err := ir.ParseProgType(v)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			o.Type = pt
		case "--license":
			o.License = v
		default:
			t.Fatalf("%s: unknown flag %s", path, flags[i])
		}
		i++
	}
	return o
}

func check(t *testing.T, path string, h header, p *ir.Program) {
	for _, profile := range profiles {
		want, ok := h.expect[profile]
		if !ok {
			continue
		}
		res, err := absint.Verify(p, absint.Options{Profile: profile, LogLevel: 1})
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		got := expectation{Verdict: res.Verdict.String(), Errno: res.Errno}
		if res.Diag != nil && res.Verdict != absint.Accept {
			got.Message, got.Silent = res.Diag.Message, res.Diag.KernelSilent
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (%s): %s\n(-want +got)\n%s", path, profile, h.what, diff)
		}
		if h.warn != "" && (len(res.Warnings) == 0 || res.Warnings[0].Code != h.warn) {
			t.Errorf("%s (%s): want warning %s, got %+v", path, profile, h.warn, res.Warnings)
		}
		if h.noLog {
			continue
		}
		golden := strings.TrimSuffix(path, filepath.Ext(path)) + "." + profile + ".log"
		if *update {
			if err := os.WriteFile(golden, []byte(res.Log), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		wantLog, err := os.ReadFile(golden)
		if err != nil {
			t.Errorf("%s: %v (run go test ./corpus -update and review the diff)", path, err)
			continue
		}
		if diff := cmp.Diff(string(wantLog), res.Log); diff != "" {
			t.Errorf("%s (%s): log differs (-want +got)\n%s", path, profile, diff)
		}
	}
}

// TestAssemblyCases verifies every corpus/**/*.s under both kernel profiles.
func TestAssemblyCases(t *testing.T) {
	files, _ := filepath.Glob("*/*.s")
	if len(files) < 100 {
		t.Fatalf("found only %d cases", len(files))
	}
	for _, path := range files {
		h := parseHeader(t, path, "#")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		progs, err := object.Load(path, data, object.Options{LoadOptions: options(t, path, h.flags)})
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		check(t, path, h, progs[0])
	}
}

// TestCCases compiles corpus/c/*.c with clang and verifies every program.
func TestCCases(t *testing.T) {
	clang, err := exec.LookPath("clang")
	if err != nil {
		t.Skip("clang not installed")
	}
	files, _ := filepath.Glob("c/*.c")
	for _, path := range files {
		h := parseHeader(t, path, "//")
		obj := filepath.Join(t.TempDir(), filepath.Base(path)+".o")
		if out, err := exec.Command(clang, "-O2", "-g", "-target", "bpf", "-c", path, "-o", obj).CombinedOutput(); err != nil {
			t.Fatalf("%s: clang: %v\n%s", path, err, out)
		}
		data, _ := os.ReadFile(obj)
		progs, err := object.Load(obj, data, object.Options{LoadOptions: options(t, path, h.flags)})
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		h.noLog = true // clang's output may change between versions
		check(t, path, h, progs[0])
	}
}
