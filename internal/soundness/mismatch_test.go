package soundness

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/ir"
	"github.com/bpfcheck/bpfcheck/jit"
)

// TestReturnedPacketAddressIsAnOffset: a linux-6.18 program returning
// data (or data_end) gives r0 as an address in the packet buffer exec maps
// afresh for the run; the checker compares it by its offset there, so two
// runs on buffers at different addresses agree, and a number equal to
// neither is still a number.
func TestReturnedPacketAddressIsAnOffset(t *testing.T) {
	for _, c := range []struct {
		off  int16
		want func(in *Input) uint64
	}{
		{76, func(*Input) uint64 { return exec.PacketHeadroom }},                             // data
		{80, func(in *Input) uint64 { return exec.PacketHeadroom + uint64(len(in.Packet)) }}, // data_end
	} {
		insns, err := ir.Assemble(fmt.Sprintf("r0 = *(u32 *)(r1 +%d)\nexit", c.off))
		if err != nil {
			t.Fatal(err)
		}
		p := &ir.Program{Name: "pkt", Type: ir.ProgTypeSchedCLS, Insns: insns, Maps: Maps(), License: "GPL"}
		res, err := absint.Verify(p, absint.Options{Profile: "linux-6.18"})
		if err != nil || res.Verdict != absint.Accept {
			t.Fatalf("verify: %v %+v", err, res.Diag)
		}
		shared, err := exec.NewMaps(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []*absint.Verified{nil, res.Verified} {
			r, err := load("interp", p, v, nil, shared)
			if err != nil {
				t.Fatal(err)
			}
			in := NewInput(3)
			o := r.run(in)
			r.close()
			if o.err != "" || !o.inPacket || o.r0 != c.want(in) {
				t.Errorf("off %d, verified %v: outcome r0=%s inPacket=%v err=%q, want packet buffer+%#x", c.off, v != nil, o.r0String(), o.inPacket, o.err, c.want(in))
			}
		}
	}
	// The buffer of another run at another address: same offset, no mismatch.
	a, b := outcome{r0: 256, inPacket: true}, outcome{r0: 256, inPacket: true}
	if differ(a, b, false, false) {
		t.Error("equal packet offsets differ")
	}
	if !differ(a, outcome{r0: 256}, false, false) {
		t.Error("a packet address equals the number of its offset")
	}
	if !differ(a, outcome{r0: 257, inPacket: true}, false, false) {
		t.Error("different packet offsets agree")
	}
	if off, ok := packetOffset(0, 0, 0x1000); ok || off != 0x1000 {
		t.Errorf("packetOffset without a buffer = %#x, %v", off, ok)
	}
}

// TestEveryMismatchIsAccounted: a mismatch in a program that its only
// accepting profile accepted with the kernel's known-unsafe warnings (ST
// into the context) is no finding, but it is counted as explained, under
// a cause that names it a mismatch; a mismatch in a cleanly accepted
// program is a finding. Mismatches = findings of mismatches + explained.
func TestEveryMismatchIsAccounted(t *testing.T) {
	if !jit.Supported() {
		t.Skip("no JIT on this platform")
	}
	for _, c := range []struct {
		src             string
		findings, expl  int
		causeSubstrings []string
	}{
		{"*(u32 *)(r1 +48) = 1\nr0 = 777\nexit", 0, 1, []string{"linux-4.2: permitted: accepted with the kernel's known-unsafe warnings (mismatch)"}},
		{"r0 = 777\nexit", 1, 0, nil},
	} {
		insns, err := ir.Assemble(c.src)
		if err != nil {
			t.Fatal(err)
		}
		p := &ir.Program{Name: "liar", Type: ir.ProgTypeSocketFilter, Insns: insns, Maps: Maps(), License: "GPL"}
		ch := NewChecker(Options{Inputs: 2, Profiles: []string{"linux-4.2"}})
		ch.engines = append(ch.engines, namedEngine{"liar", lyingEngine{}})
		found, err := ch.CheckProgram(p, 7)
		if err != nil {
			t.Fatal(err)
		}
		st := ch.Stats
		if len(found) != c.findings || st.Mismatches != 1 || st.ExplainedMismatches != c.expl || st.Mismatches != len(found)+st.ExplainedMismatches {
			t.Errorf("%q: %d findings, mismatches %d, explained %d; want %d findings, 1 mismatch, %d explained", c.src, len(found), st.Mismatches, st.ExplainedMismatches, c.findings, c.expl)
		}
		rep := st.Report(7, 0)
		for _, s := range c.causeSubstrings {
			if !strings.Contains(rep, s) {
				t.Errorf("%q: report lacks %q:\n%s", c.src, s, rep)
			}
		}
		if want := fmt.Sprintf("engine mismatches 1: %d findings, %d explained", c.findings, c.expl); !strings.Contains(rep, want) {
			t.Errorf("report lacks %q:\n%s", want, rep)
		}
	}
}
