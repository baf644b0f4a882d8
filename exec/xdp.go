package exec

import (
	"encoding/binary"
	"fmt"

	"github.com/bpfcheck/bpfcheck/internal/platform"
)

// XDP is the packet model behind the xdp_md context of XDP programs. During
// a run the packet and its metadata sit in a buffer exec maps below 2 GiB,
// with PacketHeadroom bytes before the packet and PacketTailroom after it,
// so that xdp_md's 32-bit data, data_end and data_meta hold the addresses
// themselves (as the kernel's rewrite of those loads yields pointers);
// xdp_adjust_head, xdp_adjust_meta and xdp_adjust_tail move them within
// the buffer. When the run ends Packet and Meta hold the packet and the
// metadata as the program left them.
type XDP struct {
	Packet         []byte // from data to data_end
	Meta           []byte // from data_meta to data: at most 32 bytes, a multiple of 4
	IngressIfindex uint32
	RxQueueIndex   uint32
	EgressIfindex  uint32     // devmap programs
	Redirects      []Redirect // redirect calls, in order

	ctx [xdpMaxSize]byte
}

const xdpMaxSize = 24

func (*XDP) context() {}

type xdpView = view[XDP]

var xdpModel = map[string]field[XDP]{
	"ingress_ifindex": u32ro(func(x *XDP) uint32 { return x.IngressIfindex }),
	"rx_queue_index":  u32ro(func(x *XDP) uint32 { return x.RxQueueIndex }),
	"egress_ifindex":  u32ro(func(x *XDP) uint32 { return x.EgressIfindex }),
}

func newXDPView(c *platform.Context) (*xdpView, error) {
	if c.Name != "xdp_md" {
		return nil, fmt.Errorf("%s is no xdp_md", c)
	}
	return newView(c, xdpModel, xdpMaxSize)
}

// checkedXDPLayout is the layout of checked XDP runs: 6.18's widest.
var checkedXDPLayout, checkedXDPView = func() (*platform.Context, *xdpView) {
	c, ok := platform.Widest618("xdp_md")
	if !ok {
		panic("exec: no widest xdp_md")
	}
	return c, mustView(c, xdpModel, xdpMaxSize)
}()

func putU64(b []byte, v uint64) { binary.LittleEndian.PutUint64(b, v) }
