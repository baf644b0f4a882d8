package object

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// The ebpf-samples collection (github.com/Alan-Jowett/ebpf-samples) and
// PREVAIL's inventory of it (src/test/test_verify.cpp of
// github.com/vbpf/ebpf-verifier) are fetched beside the project, never
// committed:
//
//	BPFCHECK_SAMPLES=/path/to/ebpf-samples BPFCHECK_PREVAIL=/path/to/ebpf-verifier \
//	    go test ./ir/object -run TestSamples -v
//
// prints one line per file that does not load and checks that every file
// outside invalid/ loads and every program of the inventory is reported.
func samplesDir(tb testing.TB) string {
	dir := os.Getenv("BPFCHECK_SAMPLES")
	if dir == "" {
		tb.Skip("BPFCHECK_SAMPLES is not set")
	}
	return dir
}

// sampleFiles lists the ELF files of the collection, sorted.
func sampleFiles(tb testing.TB, dir string) []string {
	var files []string
	filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return nil
		}
		if info.IsDir() && strings.HasPrefix(info.Name(), ".git") {
			return filepath.SkipDir
		}
		if !info.Mode().IsRegular() {
			return nil
		}
		fh, err := os.Open(path)
		if err != nil {
			return nil
		}
		var magic [4]byte
		n, _ := fh.Read(magic[:])
		fh.Close()
		if n == 4 && string(magic[:]) == "\x7fELF" {
			rel, _ := filepath.Rel(dir, path)
			files = append(files, rel)
		}
		return nil
	})
	sort.Strings(files)
	return files
}

var inventoryLine = regexp.MustCompile(`^TEST_(?:SECTION|PROGRAM)[A-Z_]*\("([^"]+)", "([^"]+)", "([^"]+)"(?:, "([^"]+)")?`)

func TestSamples(t *testing.T) {
	dir := samplesDir(t)
	files := sampleFiles(t, dir)
	loader := NewLoader(Options{})
	type key struct{ file, section, prog string }
	reported := map[key]bool{}
	failed := 0
	nprogs := 0
	start := time.Now()
	for _, rel := range files {
		data, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		progs, err := loader.Load(rel, data)
		if err != nil {
			failed++
			t.Logf("FAIL %v", err)
			if !strings.HasPrefix(rel, "invalid/") {
				t.Errorf("%v", err)
			}
			continue
		}
		nprogs += len(progs)
		for _, p := range progs {
			reported[key{rel, p.Section, ""}] = true
			reported[key{rel, p.Section, p.Name}] = true
		}
	}
	t.Logf("%d files, %d did not load, %d programs, %v", len(files), failed, nprogs, time.Since(start))
	inv := os.Getenv("BPFCHECK_PREVAIL")
	if inv == "" {
		return
	}
	fh, err := os.Open(filepath.Join(inv, "src/test/test_verify.cpp"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	entries, missing := 0, 0
	seen := map[key]bool{}
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		m := inventoryLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		k := key{m[1] + "/" + m[2], m[3], m[4]}
		if seen[k] {
			continue
		}
		seen[k] = true
		entries++
		if !reported[k] {
			missing++
			t.Errorf("inventory: %s section %s %s not reported", k.file, k.section, k.prog)
		}
	}
	t.Logf("inventory: %d entries, %d not reported", entries, missing)
}

// BenchmarkLoadSamples loads the whole collection once per iteration.
func BenchmarkLoadSamples(b *testing.B) {
	dir := samplesDir(b)
	files := sampleFiles(b, dir)
	datas := make([][]byte, len(files))
	for i, rel := range files {
		datas[i], _ = os.ReadFile(filepath.Join(dir, rel))
	}
	loader := NewLoader(Options{})
	if _, err := loader.targetBTF(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start, n := cpuTime(), 0
	for b.Loop() {
		for i, d := range datas {
			loader.Load(files[i], d)
		}
		n++
	}
	// CPU time per load of the collection: what one core spends, apart
	// from the waiting that a shared machine adds to ns/op.
	b.ReportMetric(float64(cpuTime()-start)/float64(n)/1e6, "cpu-ms/op")
}
