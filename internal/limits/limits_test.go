package limits

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestReadFileRefusesLargeInputs: a file over the limit is refused with a
// message naming its size, the limit and the flag, without being read; a
// file at the limit is read.
func TestReadFileRefusesLargeInputs(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.bin")
	if err := os.WriteFile(big, make([]byte, 4097), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadFile(big, 4096)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Size != 4097 || tl.Limit != 4096 {
		t.Fatalf("ReadFile = %v, want a TooLargeError of 4097 over 4096", err)
	}
	want := "big.bin: input is 4097 bytes, over the input size limit of 4K (raise it with --max-input-size)"
	if !strings.HasSuffix(err.Error(), want) {
		t.Errorf("message %q, want suffix %q", err, want)
	}
	if data, err := ReadFile(big, 4097); err != nil || len(data) != 4097 {
		t.Errorf("at the limit: %d bytes, %v", len(data), err)
	}
}

// TestReadFileBoundsStreams: a pipe has no size, so it is read up to one
// byte past the limit and then refused.
func TestReadFileBoundsStreams(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		w.Write(make([]byte, 10000))
		w.Close()
	}()
	defer r.Close()
	_, err = ReadFile("/dev/fd/"+strconv.Itoa(int(r.Fd())), 1000)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Size != -1 {
		t.Fatalf("ReadFile of a pipe = %v, want a TooLargeError", err)
	}
	if !strings.Contains(err.Error(), "more than 1000 bytes") {
		t.Errorf("message %q", err)
	}
}

// TestReadFileDirectory: a directory is a clear error, not a read error.
func TestReadFileDirectory(t *testing.T) {
	if _, err := ReadFile(t.TempDir(), 0); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("ReadFile(dir) = %v", err)
	}
}

// TestParseSize covers the suffixes and the refusals.
func TestParseSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
	}{{"4096", 4096}, {"64M", 64 << 20}, {"1G", 1 << 30}, {"8k", 8 << 10}, {"2MiB", 2 << 20}} {
		if got, err := ParseSize(tc.in); err != nil || got != tc.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "0", "-1", "12X", "M", "99999999999G"} {
		if _, err := ParseSize(bad); err == nil {
			t.Errorf("ParseSize(%q) accepted", bad)
		}
	}
	if FormatSize(DefaultMaxInputSize) != "64M" || FormatSize(1000) != "1000 bytes" {
		t.Errorf("FormatSize: %s, %s", FormatSize(DefaultMaxInputSize), FormatSize(1000))
	}
}
