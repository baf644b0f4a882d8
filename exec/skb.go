package exec

import "encoding/binary"

// SkBuff is the packet model behind the __sk_buff context of socket filters
// and tc programs. The program reads and writes a 72-byte __sk_buff (the
// v4.3 layout, with hash at 68) that mirrors these fields; mark, tc_index
// and cb[] written by the program come back here when the run ends.
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
	CgroupClassID  uint32 // what get_cgroup_classid returns
	TunnelID       uint32 // the tunnel key skb_{get,set}_tunnel_key use
	TunnelRemote   uint32
	Redirects      []Redirect // clone_redirect calls, in order

	ctx [72]byte
}

// Redirect records a clone_redirect call.
type Redirect struct {
	Ifindex uint32
	Ingress bool
}

func (*SkBuff) context() {}

// __sk_buff offsets.
const (
	skbLen         = 0
	skbPktType     = 4
	skbMark        = 8
	skbQueue       = 12
	skbProtocol    = 16
	skbVLANPresent = 20
	skbVLANTCI     = 24
	skbVLANProto   = 28
	skbPriority    = 32
	skbIngress     = 36
	skbIfindex     = 40
	skbTCIndex     = 44
	skbCB          = 48
	skbHash        = 68
)

// syncIn writes the model into the context buffer.
func (s *SkBuff) syncIn() {
	put := func(off int, v uint32) { binary.LittleEndian.PutUint32(s.ctx[off:], v) }
	put(skbLen, uint32(len(s.Packet)))
	put(skbPktType, s.PktType)
	put(skbMark, s.Mark)
	put(skbQueue, s.QueueMapping)
	put(skbProtocol, s.Protocol)
	vp := uint32(0)
	if s.VLANPresent {
		vp = 1
	}
	put(skbVLANPresent, vp)
	put(skbVLANTCI, s.VLANTCI)
	put(skbVLANProto, s.VLANProto)
	put(skbPriority, s.Priority)
	put(skbIngress, s.IngressIfindex)
	put(skbIfindex, s.Ifindex)
	put(skbTCIndex, s.TCIndex)
	for i, v := range s.CB {
		put(skbCB+4*i, v)
	}
	put(skbHash, s.Hash)
}

// syncOut reads back the fields a program may write.
func (s *SkBuff) syncOut() {
	get := func(off int) uint32 { return binary.LittleEndian.Uint32(s.ctx[off:]) }
	s.Mark = get(skbMark)
	s.TCIndex = get(skbTCIndex)
	for i := range s.CB {
		s.CB[i] = get(skbCB + 4*i)
	}
}
