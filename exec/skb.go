package exec

import (
	"fmt"

	"github.com/bpfcheck/bpfcheck/internal/platform"
)

// SkBuff is the packet model behind the __sk_buff context of socket filters,
// tc and cgroup_skb programs. A run presents it in the __sk_buff layout the
// program was verified for (internal/platform: 68 bytes in v4.2, 72 with
// hash in v4.3, 192 in Linux 6.18; checked programs see the widest 6.18
// layout); the fields the layout lets the program write (mark, tc_index,
// cb[], and in 6.18 priority, tc_classid, tstamp, queue_mapping) come back
// here when the run ends and around the helpers that read the model.
//
// In 6.18 layouts data and data_end (data_meta for tc) are real pointers:
// during the run Packet is copied into a buffer exec maps below 2 GiB, so
// that the 32-bit fields hold the addresses themselves (data_end one past
// the packet's last byte, data_meta equal to data: no metadata), and copied
// back when the run ends. Checked programs may access exactly those bytes.
type SkBuff struct {
	Packet         []byte // bytes from the network header on; len is len(Packet)
	PktType        uint32
	Mark           uint32
	QueueMapping   uint32
	Protocol       uint32 // in network byte order, as the kernel keeps it
	VLANPresent    bool
	VLANTCI        uint32
	VLANProto      uint32
	Priority       uint32
	IngressIfindex uint32
	Ifindex        uint32
	TCIndex        uint32
	CB             [5]uint32
	Hash           uint32
	TCClassID      uint32
	NapiID         uint32
	// The socket fields of cgroup_skb programs (addresses and ports as the
	// kernel keeps them: network byte order but the ports' host-order
	// local_port).
	Family                uint32
	RemoteIP4, LocalIP4   uint32
	RemoteIP6, LocalIP6   [4]uint32
	RemotePort, LocalPort uint32
	Tstamp                uint64
	WireLen               uint32
	GSOSegs, GSOSize      uint32
	TstampType            uint8
	HWTstamp              uint64
	CgroupClassID         uint32 // what get_cgroup_classid returns
	SocketCookie          uint64 // what get_socket_cookie returns (0: no socket)
	TunnelID              uint32 // the tunnel key skb_{get,set}_tunnel_key use
	TunnelRemote          uint32
	Redirects             []Redirect // clone_redirect and redirect calls, in order

	ctx [skbMaxSize]byte
}

// skbMaxSize is the largest __sk_buff layout the model backs.
const skbMaxSize = 192

// Redirect records a clone_redirect or redirect call.
type Redirect struct {
	Ifindex uint32
	Ingress bool
}

func (*SkBuff) context() {}

type skbView = view[SkBuff]

func cbField(i int) field[SkBuff] { return u32rw(func(s *SkBuff) *uint32 { return &s.CB[i] }) }

// skbModel backs the __sk_buff fields by name (the names of
// internal/platform's layouts; the 2015 ones split cb into cb[0..4]).
var skbModel = map[string]field[SkBuff]{
	"len":           u32ro(func(s *SkBuff) uint32 { return uint32(len(s.Packet)) }),
	"pkt_type":      u32ro(func(s *SkBuff) uint32 { return s.PktType }),
	"mark":          u32rw(func(s *SkBuff) *uint32 { return &s.Mark }),
	"queue_mapping": u32rw(func(s *SkBuff) *uint32 { return &s.QueueMapping }),
	"protocol":      u32ro(func(s *SkBuff) uint32 { return s.Protocol }),
	"vlan_present": u32ro(func(s *SkBuff) uint32 {
		if s.VLANPresent {
			return 1
		}
		return 0
	}),
	"vlan_tci":        u32ro(func(s *SkBuff) uint32 { return s.VLANTCI }),
	"vlan_proto":      u32ro(func(s *SkBuff) uint32 { return s.VLANProto }),
	"priority":        u32rw(func(s *SkBuff) *uint32 { return &s.Priority }),
	"ingress_ifindex": u32ro(func(s *SkBuff) uint32 { return s.IngressIfindex }),
	"ifindex":         u32ro(func(s *SkBuff) uint32 { return s.Ifindex }),
	"tc_index":        u32rw(func(s *SkBuff) *uint32 { return &s.TCIndex }),
	"cb":              u32s(func(s *SkBuff) []uint32 { return s.CB[:] }, true),
	"cb[0]":           cbField(0),
	"cb[1]":           cbField(1),
	"cb[2]":           cbField(2),
	"cb[3]":           cbField(3),
	"cb[4]":           cbField(4),
	"hash":            u32ro(func(s *SkBuff) uint32 { return s.Hash }),
	"tc_classid":      u32rw(func(s *SkBuff) *uint32 { return &s.TCClassID }),
	"napi_id":         u32ro(func(s *SkBuff) uint32 { return s.NapiID }),
	"family":          u32ro(func(s *SkBuff) uint32 { return s.Family }),
	"remote_ip4":      u32ro(func(s *SkBuff) uint32 { return s.RemoteIP4 }),
	"local_ip4":       u32ro(func(s *SkBuff) uint32 { return s.LocalIP4 }),
	"remote_ip6":      u32s(func(s *SkBuff) []uint32 { return s.RemoteIP6[:] }, false),
	"local_ip6":       u32s(func(s *SkBuff) []uint32 { return s.LocalIP6[:] }, false),
	"remote_port":     u32ro(func(s *SkBuff) uint32 { return s.RemotePort }),
	"local_port":      u32ro(func(s *SkBuff) uint32 { return s.LocalPort }),
	"tstamp":          u64rw(func(s *SkBuff) *uint64 { return &s.Tstamp }),
	"wire_len":        u32ro(func(s *SkBuff) uint32 { return s.WireLen }),
	"gso_segs":        u32ro(func(s *SkBuff) uint32 { return s.GSOSegs }),
	"gso_size":        u32ro(func(s *SkBuff) uint32 { return s.GSOSize }),
	"tstamp_type":     {size: 1, in: func(s *SkBuff, b []byte) { b[0] = s.TstampType }},
	"hwtstamp":        {size: 8, in: func(s *SkBuff, b []byte) { putU64(b, s.HWTstamp) }},
}

// addIP6Fields backs the per-word fields the 6.18 layouts split the IPv6
// addresses into.
func addIP6Fields() bool {
	for i := 0; i < 4; i++ {
		skbModel["remote_ip6["+string(rune('0'+i))+"]"] = u32ro(func(s *SkBuff) uint32 { return s.RemoteIP6[i] })
		skbModel["local_ip6["+string(rune('0'+i))+"]"] = u32ro(func(s *SkBuff) uint32 { return s.LocalIP6[i] })
	}
	return true
}

// newSkbView binds an __sk_buff layout to the model.
func newSkbView(c *platform.Context) (*skbView, error) {
	if c.Name != "__sk_buff" {
		return nil, fmt.Errorf("%s is no __sk_buff", c)
	}
	return newView(c, skbModel, skbMaxSize)
}

// checkedSkbLayout is the layout of checked programs: the widest of 6.18,
// whose first 72 bytes are the v4.3 layout.
var checkedSkbLayout, checkedSkbView = func() (*platform.Context, *skbView) {
	addIP6Fields()
	c, ok := platform.Widest618("__sk_buff")
	if !ok {
		panic("exec: no widest __sk_buff")
	}
	return c, mustView(c, skbModel, skbMaxSize)
}()

// checkPtRegs checks that PtRegs backs a pt_regs layout: 8-byte members in
// PtRegs' order.
func checkPtRegs(c *platform.Context) error {
	if c.Size != len(PtRegs{})*8 || len(c.Fields) != len(PtRegs{}) {
		return fmt.Errorf("exec's PtRegs (%d bytes) does not back %s", len(PtRegs{})*8, c)
	}
	for i, f := range c.Fields {
		if f.Off != 8*i || f.Size != 8 || f.Write {
			return fmt.Errorf("exec's PtRegs does not back pt_regs field %s (off %d size %d)", f.Name, f.Off, f.Size)
		}
	}
	return nil
}
