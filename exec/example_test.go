package exec_test

import (
	"fmt"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/ir"
)

// Run a verified socket filter on a packet: it returns the IPv4 protocol
// byte of an Ethernet frame.
func ExampleLoad() {
	insns, _ := ir.Assemble(`
		r6 = r1
		r0 = *(u8 *)skb[23]
		exit`)
	prog := &ir.Program{Name: "proto", Type: ir.ProgTypeSocketFilter, Insns: insns, License: "GPL"}
	res, _ := absint.Verify(prog, absint.Options{Profile: "linux-4.3"})
	p, err := exec.Load(res.Verified, nil, exec.Options{})
	if err != nil {
		panic(err)
	}
	packet := make([]byte, 64)
	packet[23] = 17 // UDP
	r0, err := p.Run(&exec.SkBuff{Packet: packet})
	fmt.Println(r0, err)
	// Output: 17 <nil>
}
