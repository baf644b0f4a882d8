package exec_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/ir"
)

const (
	progXDP      ir.ProgType = 6
	progSchedCLS ir.ProgType = 3
)

// udpFrame is an Ethernet + IPv4 frame with protocol proto.
func udpFrame(proto byte, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i)
	}
	if n > 23 {
		b[12], b[13], b[23] = 0x08, 0x00, proto
	}
	return b
}

// xdpParse passes UDP (returns the protocol, written to the packet's first
// byte) and drops the rest; it reads data/data_end as the C code would.
const xdpParse = `
	r2 = *(u32 *)(r1 +0)
	r3 = *(u32 *)(r1 +4)
	r4 = r2
	r4 += 34
	if r4 > r3 goto pc+5
	r5 = *(u16 *)(r2 +12)
	if r5 != 0x8 goto pc+3
	r0 = *(u8 *)(r2 +23)
	*(u8 *)(r2 +0) = r0
	exit
	r0 = 1
	exit`

// xdpPop removes the Ethernet header with xdp_adjust_head and returns the
// new first byte.
const xdpPop = `
	r6 = r1
	r2 = 14
	call 44
	if r0 != 0x0 goto pc+7
	r2 = *(u32 *)(r6 +0)
	r3 = *(u32 *)(r6 +4)
	r4 = r2
	r4 += 1
	if r4 > r3 goto pc+2
	r0 = *(u8 *)(r2 +0)
	exit
	r0 = 99
	exit`

// tcParse is xdpParse on the 6.18 __sk_buff (data at 76, data_end at 80),
// also setting mark to the packet's length.
const tcParse = `
	r6 = *(u32 *)(r1 +0)
	*(u32 *)(r1 +8) = r6
	r2 = *(u32 *)(r1 +76)
	r3 = *(u32 *)(r1 +80)
	r4 = r2
	r4 += 34
	if r4 > r3 goto pc+5
	r5 = *(u16 *)(r2 +12)
	if r5 != 0x8 goto pc+3
	r0 = *(u8 *)(r2 +23)
	*(u8 *)(r2 +0) = r0
	exit
	r0 = 1
	exit`

type pktResult struct {
	r0   uint64
	err  string
	pkt  []byte
	mark uint32
}

// runPacket runs src on ctx built by mk, verified (if verify) and checked,
// on every engine, and checks that they all agree.
func runPacket(t *testing.T, typ ir.ProgType, src string, mk func() exec.Context) pktResult {
	t.Helper()
	insns, err := ir.Assemble(src)
	if err != nil {
		t.Fatal(err)
	}
	p := &ir.Program{Name: "t", Type: typ, Insns: insns, License: "GPL"}
	res, err := absint.Verify(p, absint.Options{Profile: "linux-6.18"})
	if err != nil || res.Verdict != absint.Accept {
		t.Fatalf("linux-6.18 does not accept it: %v %+v", err, res.Diag)
	}
	var all []pktResult
	var names []string
	for _, checked := range []bool{false, true} {
		for _, e := range engines() {
			var prog *exec.Program
			if checked {
				prog, err = exec.LoadChecked(p, nil, exec.Options{Engine: e})
			} else {
				prog, err = exec.Load(res.Verified, nil, exec.Options{Engine: e})
			}
			if err != nil {
				t.Fatalf("%s checked=%v: %v", engineName(e), checked, err)
			}
			ctx := mk()
			r0, err := prog.Run(ctx)
			got := pktResult{r0: r0, err: fmt.Sprint(err)}
			switch c := ctx.(type) {
			case *exec.XDP:
				got.pkt = c.Packet
			case *exec.SkBuff:
				got.pkt, got.mark = c.Packet, c.Mark
			}
			all = append(all, got)
			names = append(names, fmt.Sprintf("%s checked=%v", engineName(e), checked))
			prog.Close()
		}
	}
	for i := range all {
		if all[i].r0 != all[0].r0 || all[i].err != all[0].err || !bytes.Equal(all[i].pkt, all[0].pkt) || all[i].mark != all[0].mark {
			t.Errorf("%s gives %+v, %s %+v", names[i], all[i], names[0], all[0])
		}
	}
	return all[0]
}

func TestXDPParse(t *testing.T) {
	tests := []struct {
		what string
		pkt  []byte
		r0   uint64
	}{
		{"a UDP frame passes, its protocol written to byte 0", udpFrame(17, 60), 17},
		{"a TCP frame: protocol 6", udpFrame(6, 34), 6},
		{"a frame one byte short of the IPv4 header is dropped", udpFrame(17, 33), 1},
		{"an empty packet is dropped", nil, 1},
	}
	for _, tt := range tests {
		got := runPacket(t, progXDP, xdpParse, func() exec.Context {
			return &exec.XDP{Packet: append([]byte(nil), tt.pkt...), IngressIfindex: 3}
		})
		if got.r0 != tt.r0 || got.err != "<nil>" {
			t.Errorf("%s: r0 %d, %s; want %d", tt.what, got.r0, got.err, tt.r0)
		}
		if tt.r0 != 1 && got.pkt[0] != byte(tt.r0) {
			t.Errorf("%s: the store did not reach the packet: %v", tt.what, got.pkt[:4])
		}
	}
}

func TestTCParse(t *testing.T) {
	got := runPacket(t, progSchedCLS, tcParse, func() exec.Context {
		return &exec.SkBuff{Packet: udpFrame(17, 64)}
	})
	if got.r0 != 17 || got.pkt[0] != 17 || got.mark != 64 {
		t.Errorf("got %+v; want r0 17, byte 0 17, mark 64", got)
	}
}

func TestXDPAdjustHead(t *testing.T) {
	got := runPacket(t, progXDP, xdpPop, func() exec.Context { return &exec.XDP{Packet: udpFrame(17, 60)} })
	if got.r0 != 14 || len(got.pkt) != 46 || got.pkt[0] != 14 {
		t.Errorf("got r0 %d and a %d-byte packet; want 14 and the 46 bytes after the Ethernet header", got.r0, len(got.pkt))
	}
	// The kernel refuses to leave less than an Ethernet header.
	got = runPacket(t, progXDP, xdpPop, func() exec.Context { return &exec.XDP{Packet: udpFrame(17, 27)} })
	if got.r0 != 99 || len(got.pkt) != 27 {
		t.Errorf("a 27-byte frame: r0 %d, %d bytes; want 99 (-EINVAL), unchanged", got.r0, len(got.pkt))
	}
}

// Checked programs may touch the packet and nothing past data_end.
func TestCheckedPacketFaults(t *testing.T) {
	tests := []struct {
		what, src string
		ctx       func() exec.Context
		fault     string
	}{
		{"an XDP read past data_end", "r2 = *(u32 *)(r1 +0)\nr0 = *(u8 *)(r2 +23)\nexit",
			func() exec.Context { return &exec.XDP{Packet: make([]byte, 23)} }, "insn 1: out-of-bounds read of 1 bytes"},
		{"an XDP write at data_end", "r2 = *(u32 *)(r1 +4)\n*(u8 *)(r2 +0) = r1\nr0 = 0\nexit",
			func() exec.Context { return &exec.XDP{Packet: make([]byte, 40)} }, "insn 1: out-of-bounds write of 1 bytes"},
		{"an XDP read before the metadata", "r2 = *(u32 *)(r1 +8)\nr0 = *(u8 *)(r2 -1)\nexit",
			func() exec.Context { return &exec.XDP{Packet: make([]byte, 40), Meta: make([]byte, 8)} }, "insn 1: out-of-bounds read of 1 bytes"},
		{"a tc read across data_end", "r2 = *(u32 *)(r1 +76)\nr0 = *(u32 *)(r2 +38)\nexit",
			func() exec.Context { return &exec.SkBuff{Packet: make([]byte, 40)} }, "insn 1: out-of-bounds read of 4 bytes"},
	}
	for _, tt := range tests {
		insns, err := ir.Assemble(tt.src)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range engines() {
			prog, err := exec.LoadChecked(&ir.Program{Name: "t", Type: progXDP, Insns: insns}, nil, exec.Options{Engine: e})
			if err != nil {
				t.Fatal(err)
			}
			_, err = prog.Run(tt.ctx())
			var re *exec.RunError
			if !errors.As(err, &re) || !strings.HasPrefix(err.Error(), tt.fault) {
				t.Errorf("%s on %s: %v; want %q", tt.what, engineName(e), err, tt.fault)
			}
			prog.Close()
		}
	}
	// Their in-bounds neighbours run.
	insns, _ := ir.Assemble("r2 = *(u32 *)(r1 +8)\nr0 = *(u8 *)(r2 +0)\nr3 = *(u32 *)(r1 +4)\nr3 += -1\nr4 = *(u8 *)(r3 +0)\nr0 += r4\nexit")
	for _, e := range engines() {
		prog, _ := exec.LoadChecked(&ir.Program{Name: "t", Type: progXDP, Insns: insns}, nil, exec.Options{Engine: e})
		r0, err := prog.Run(&exec.XDP{Packet: []byte{1, 2, 3}, Meta: []byte{10, 0, 0, 0}})
		if r0 != 13 || err != nil {
			t.Errorf("%s: the first metadata byte and the last packet byte: %d, %v; want 13", engineName(e), r0, err)
		}
		prog.Close()
	}
}

// Runs of one XDP program from many goroutines each get their own packet
// buffer (go test -race covers it).
func TestXDPConcurrentRuns(t *testing.T) {
	insns, _ := ir.Assemble(xdpParse)
	p := &ir.Program{Name: "t", Type: progXDP, Insns: insns, License: "GPL"}
	res, err := absint.Verify(p, absint.Options{Profile: "linux-6.18"})
	if err != nil || res.Verdict != absint.Accept {
		t.Fatalf("not accepted: %v", err)
	}
	for _, e := range engines() {
		prog, err := exec.Load(res.Verified, nil, exec.Options{Engine: e})
		if err != nil {
			t.Fatal(err)
		}
		errs := make(chan error, 8)
		for g := 0; g < 8; g++ {
			go func(g int) {
				for i := 0; i < 200; i++ {
					x := &exec.XDP{Packet: udpFrame(byte(g+i), 34+g)}
					r0, err := prog.Run(x)
					if err != nil || r0 != uint64(byte(g+i)) || x.Packet[0] != byte(g+i) {
						errs <- fmt.Errorf("goroutine %d run %d: %d, %v", g, i, r0, err)
						return
					}
				}
				errs <- nil
			}(g)
		}
		for g := 0; g < 8; g++ {
			if err := <-errs; err != nil {
				t.Errorf("%s: %v", engineName(e), err)
			}
		}
		prog.Close()
	}
}

// BenchmarkXDPParse measures a verified XDP parser's run, packet copy in
// and out included.
func BenchmarkXDPParse(b *testing.B) {
	insns, _ := ir.Assemble(xdpParse)
	p := &ir.Program{Name: "t", Type: progXDP, Insns: insns, License: "GPL"}
	res, err := absint.Verify(p, absint.Options{Profile: "linux-6.18"})
	if err != nil || res.Verdict != absint.Accept {
		b.Fatalf("not accepted: %v", err)
	}
	for _, e := range engines() {
		b.Run(engineName(e), func(b *testing.B) {
			prog, err := exec.Load(res.Verified, nil, exec.Options{Engine: e})
			if err != nil {
				b.Fatal(err)
			}
			defer prog.Close()
			x := &exec.XDP{Packet: udpFrame(17, 64)}
			for i := 0; i < b.N; i++ {
				if _, err := prog.Run(x); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
