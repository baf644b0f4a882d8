package main

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// openPTY opens a pseudo-terminal pair (Linux /dev/ptmx), so that the
// progress line can be seen on a real terminal.
func openPTY(t *testing.T) (master, slave *os.File) {
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Skipf("unlockpt: %v", e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Skipf("ptsname: %v", e)
	}
	s, err := os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("open pts: %v", err)
	}
	t.Cleanup(func() { s.Close(); m.Close() })
	return m, s
}

// TestProgressOnlyOnTerminal: the progress line is drawn (and erased) on a
// terminal, and never on a pipe or a file.
func TestProgressOnlyOnTerminal(t *testing.T) {
	master, slave := openPTY(t)
	p := newProgress(slave, 2)
	if !p.on {
		t.Fatal("a terminal must get the progress line")
	}
	p.step(1, "a.o")
	p.clear()
	buf := make([]byte, 256)
	master.SetReadDeadline(time.Now().Add(2 * time.Second))
	n, err := master.Read(buf)
	if err != nil || !strings.Contains(string(buf[:n]), "[1/2] a.o") {
		t.Errorf("terminal got %q (%v)", buf[:n], err)
	}

	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if q := newProgress(w, 2); q.on {
		t.Error("a pipe must not get the progress line")
	}
	w.Close()
	if q := newProgress(slave, 1); q.on {
		t.Error("a single input needs no progress line")
	}
}
