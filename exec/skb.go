package exec

import (
	"encoding/binary"
	"fmt"

	"github.com/bpfcheck/bpfcheck/internal/platform"
)

// SkBuff is the packet model behind the __sk_buff context of socket filters
// and tc programs. A run presents it in the __sk_buff layout the program
// was verified for (internal/platform: 68 bytes in v4.2, 72 with hash in
// v4.3; checked programs see the v4.3 layout); the fields the layout lets
// the program write (mark, tc_index, cb[]) come back here when the run
// ends and around the helpers that read the model.
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

	ctx [skbMaxSize]byte
}

// skbMaxSize is the largest __sk_buff layout the model backs.
const skbMaxSize = 72

// Redirect records a clone_redirect call.
type Redirect struct {
	Ifindex uint32
	Ingress bool
}

func (*SkBuff) context() {}

// skbField backs one __sk_buff field: get reads the model, set (nil for
// fields the model keeps read-only) writes it back.
type skbField struct {
	get func(*SkBuff) uint32
	set func(*SkBuff, uint32)
}

func cbField(i int) skbField {
	return skbField{func(s *SkBuff) uint32 { return s.CB[i] }, func(s *SkBuff, v uint32) { s.CB[i] = v }}
}

// skbModel backs the __sk_buff fields by name (the names of
// internal/platform's layouts).
var skbModel = map[string]skbField{
	"len":           {get: func(s *SkBuff) uint32 { return uint32(len(s.Packet)) }},
	"pkt_type":      {get: func(s *SkBuff) uint32 { return s.PktType }},
	"mark":          {func(s *SkBuff) uint32 { return s.Mark }, func(s *SkBuff, v uint32) { s.Mark = v }},
	"queue_mapping": {get: func(s *SkBuff) uint32 { return s.QueueMapping }},
	"protocol":      {get: func(s *SkBuff) uint32 { return s.Protocol }},
	"vlan_present": {get: func(s *SkBuff) uint32 {
		if s.VLANPresent {
			return 1
		}
		return 0
	}},
	"vlan_tci":        {get: func(s *SkBuff) uint32 { return s.VLANTCI }},
	"vlan_proto":      {get: func(s *SkBuff) uint32 { return s.VLANProto }},
	"priority":        {get: func(s *SkBuff) uint32 { return s.Priority }},
	"ingress_ifindex": {get: func(s *SkBuff) uint32 { return s.IngressIfindex }},
	"ifindex":         {get: func(s *SkBuff) uint32 { return s.Ifindex }},
	"tc_index":        {func(s *SkBuff) uint32 { return s.TCIndex }, func(s *SkBuff, v uint32) { s.TCIndex = v }},
	"cb[0]":           cbField(0),
	"cb[1]":           cbField(1),
	"cb[2]":           cbField(2),
	"cb[3]":           cbField(3),
	"cb[4]":           cbField(4),
	"hash":            {get: func(s *SkBuff) uint32 { return s.Hash }},
}

// skbView presents the model in one __sk_buff layout.
type skbView struct {
	fields []viewField // every field, for syncIn
	out    []viewField // the writable ones, for syncOut
}

type viewField struct {
	off int
	skbField
}

// newSkbView binds a layout to the model; it fails if the model does not
// back a field the layout has (or cannot take back one it lets programs
// write).
func newSkbView(c *platform.Context) (*skbView, error) {
	if c.Name != "__sk_buff" || c.Size > skbMaxSize {
		return nil, fmt.Errorf("exec's __sk_buff model does not back %s", c)
	}
	v := &skbView{}
	for _, f := range c.Fields {
		m, ok := skbModel[f.Name]
		if !ok || f.Size != 4 || f.Off%4 != 0 || f.Off+4 > c.Size {
			return nil, fmt.Errorf("exec's __sk_buff model does not back field %s (off %d size %d)", f.Name, f.Off, f.Size)
		}
		if f.Write && m.set == nil {
			return nil, fmt.Errorf("exec's __sk_buff model cannot take back writes to %s", f.Name)
		}
		v.fields = append(v.fields, viewField{f.Off, m})
		if f.Write {
			v.out = append(v.out, viewField{f.Off, m})
		}
	}
	return v, nil
}

// checkedSkbView is the view of checked programs: the v4.3 tc layout.
var checkedSkbView = mustView(platform.SkBuffV43TC)

func mustView(c *platform.Context) *skbView {
	v, err := newSkbView(c)
	if err != nil {
		panic(err)
	}
	return v
}

// syncIn writes the model into the context buffer.
func (v *skbView) syncIn(s *SkBuff) {
	for _, f := range v.fields {
		binary.LittleEndian.PutUint32(s.ctx[f.off:], f.get(s))
	}
}

// syncOut reads back the fields a program may write.
func (v *skbView) syncOut(s *SkBuff) {
	for _, f := range v.out {
		f.set(s, binary.LittleEndian.Uint32(s.ctx[f.off:]))
	}
}

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
