// Package oracle loads programs into the running kernel to learn its
// verifier's verdict, for tests that compare bpfcheck with the kernel.
//
// Loading happens only in a child process (the kernel's verifier has oopsed
// on this machine), one child serving many requests, restarted after a
// timeout or a crash. The child is the calling binary itself: a test binary
// calls ServeIfChild first thing in TestMain.
package oracle

import (
	"bufio"
	"encoding/gob"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/bpfcheck/bpfcheck/ir"
)

const childEnv = "BPFCHECK_ORACLE_CHILD"

// Request is one program to load.
type Request struct {
	Type   uint32 // enum bpf_prog_type
	Attach uint32 // expected attach type
	// AttachTo names the attach target of tracing, lsm, ext and struct_ops
	// programs ("do_unlinkat", "sched_switch" for tp_btf,
	// "tcp_congestion_ops.ssthresh"); cilium/ebpf finds its BTF id in the
	// running kernel's BTF.
	AttachTo string
	Insns    []ir.Instruction
	Maps     []ir.MapSpec // Maps[i] is what LD_IMM64 src=1 imm=i refers to
	License  string
	LogLevel uint32 // 0: the kernel's default (the verdict only); 1, 2 as the kernel's
	// Funcs, when set, are the program's functions (the main one at slot
	// 0, then every subprogram and callback), loaded with BTF func_info
	// giving each a static function of signature int(void): what the
	// kernel needs to take a callback (ld_imm64 of a function). Global
	// functions need their real signatures and are not supported here.
	Funcs []Func
}

// Func is one function of a Request: its name and first slot.
type Func struct {
	Name string
	Insn int
}

// Verdict is the kernel's answer.
type Verdict struct {
	Loaded bool
	Errno  string // errno name of a refusal ("EACCES")
	Log    string // the verifier log (at LogLevel >= 1, or the error's log)
	Msg    string // the last meaningful log line of a refusal
	// Setup is set when the program never reached the verifier (a map
	// could not be created); Loaded is false then and Msg says why.
	Setup bool
}

// Oracle is a connection to a loader child process. It is safe for use by
// one goroutine at a time.
type Oracle struct {
	mu      sync.Mutex
	cmd     *exec.Cmd
	enc     *gob.Encoder
	dec     *gob.Decoder
	timeout time.Duration
}

// Available reports whether this process could load programs (root).
func Available() bool { return os.Geteuid() == 0 && supported() }

// New starts an oracle that runs the current binary as its child.
func New() (*Oracle, error) {
	if !Available() {
		return nil, errors.New("oracle: loading BPF programs needs root on Linux")
	}
	o := &Oracle{timeout: 20 * time.Second}
	if err := o.start(); err != nil {
		return nil, err
	}
	return o, nil
}

func (o *Oracle) start() error {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=1")
	in, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	o.cmd, o.enc, o.dec = cmd, gob.NewEncoder(in), gob.NewDecoder(bufio.NewReader(out))
	return nil
}

func (o *Oracle) stop() {
	if o.cmd != nil && o.cmd.Process != nil {
		o.cmd.Process.Kill()
		o.cmd.Wait()
	}
	o.cmd = nil
}

// Close ends the child.
func (o *Oracle) Close() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.stop()
}

// Load asks the kernel to load the program. An error means the child failed
// (crash or timeout; it is restarted for the next request).
func (o *Oracle) Load(r Request) (Verdict, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.cmd == nil {
		if err := o.start(); err != nil {
			return Verdict{}, err
		}
	}
	type answer struct {
		v   Verdict
		err error
	}
	ch := make(chan answer, 1)
	go func() {
		var v Verdict
		err := o.enc.Encode(&r)
		if err == nil {
			err = o.dec.Decode(&v)
		}
		ch <- answer{v, err}
	}()
	select {
	case a := <-ch:
		if a.err != nil {
			o.stop()
			return Verdict{}, fmt.Errorf("oracle child: %w", a.err)
		}
		return a.v, nil
	case <-time.After(o.timeout):
		o.stop()
		<-ch
		return Verdict{}, fmt.Errorf("oracle child: no answer in %v", o.timeout)
	}
}

// ServeIfChild serves load requests on stdin/stdout and exits when this
// process is an oracle child; otherwise it returns at once.
func ServeIfChild() {
	if os.Getenv(childEnv) != "1" {
		return
	}
	dec := gob.NewDecoder(bufio.NewReader(os.Stdin))
	w := bufio.NewWriter(os.Stdout)
	enc := gob.NewEncoder(w)
	for {
		var r Request
		if err := dec.Decode(&r); err != nil {
			os.Exit(0)
		}
		v := load(r)
		if err := enc.Encode(&v); err != nil {
			os.Exit(1)
		}
		w.Flush()
	}
}
