package exec_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/internal/platform"
	"github.com/bpfcheck/bpfcheck/ir"
)

// skbField618 points at the model field behind a 6.18 __sk_buff field.
func skbField618(s *exec.SkBuff, name string) any {
	var i int
	if _, err := fmt.Sscanf(name, "remote_ip6[%d]", &i); err == nil {
		return &s.RemoteIP6[i]
	}
	if _, err := fmt.Sscanf(name, "local_ip6[%d]", &i); err == nil {
		return &s.LocalIP6[i]
	}
	return map[string]any{
		"pkt_type": &s.PktType, "mark": &s.Mark, "queue_mapping": &s.QueueMapping, "protocol": &s.Protocol,
		"vlan_tci": &s.VLANTCI, "vlan_proto": &s.VLANProto, "priority": &s.Priority,
		"ingress_ifindex": &s.IngressIfindex, "ifindex": &s.Ifindex, "tc_index": &s.TCIndex, "cb": &s.CB,
		"hash": &s.Hash, "tc_classid": &s.TCClassID, "napi_id": &s.NapiID, "family": &s.Family,
		"remote_ip4": &s.RemoteIP4, "local_ip4": &s.LocalIP4, "remote_port": &s.RemotePort,
		"local_port": &s.LocalPort, "tstamp": &s.Tstamp, "wire_len": &s.WireLen, "gso_segs": &s.GSOSegs,
		"gso_size": &s.GSOSize, "tstamp_type": &s.TstampType, "hwtstamp": &s.HWTstamp,
	}[name]
}

func modelBytes(p any) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, p)
	return b.Bytes()
}

// TestContext618FieldsAreBacked runs every access linux-6.18 allows on the
// __sk_buff of socket_filter, sched_cls, sched_act, cgroup_skb and on
// xdp_md against the model, on both engines: a scalar load gives the
// model's bytes, a store reaches the model, a packet pointer load gives
// the packet's address.
func TestContext618FieldsAreBacked(t *testing.T) {
	sizes := map[int]string{1: "u8", 2: "u16", 4: "u32", 8: "u64"}
	checked := 0
	for _, tn := range []string{"socket_filter", "sched_cls", "sched_act", "cgroup_skb", "xdp"} {
		pt, _ := platform.ParseProgType(tn)
		layout, _ := platform.Context618(pt, 0)
		for off := 0; off < layout.Size; off++ {
			for size, sz := range sizes {
				for _, write := range []bool{false, true} {
					f, ok := layout.Allows(off, size, write)
					if !ok {
						continue
					}
					src := fmt.Sprintf("r0 = *(%s *)(r1 %+d)\nexit", sz, off)
					viaCB := tn == "cgroup_skb" // returns 0 or 1: the value goes to cb[0..1]
					if viaCB {
						src = fmt.Sprintf("r0 = *(%s *)(r1 %+d)\n*(u64 *)(r1 +48) = r0\nr0 = 0\nexit", sz, off)
					}
					switch {
					case write:
						src = fmt.Sprintf("r2 = 119\n*(%s *)(r1 %+d) = r2\nr0 = 0\nexit", sz, off)
					case f.Yields != platform.YieldScalar:
						// A pointer may not be returned: compare it with the packet's
						// length, read back through data_end - data.
						src = fmt.Sprintf("r0 = *(%s *)(r1 %+d)\nr0 &= 0\nexit", sz, off)
					}
					insns, _ := ir.Assemble(src)
					p := &ir.Program{Name: "f", Type: ir.ProgType(pt), Insns: insns, License: "GPL"}
					res, err := absint.Verify(p, absint.Options{Profile: "linux-6.18"})
					if err != nil || res.Verdict != absint.Accept {
						if f.Yields != platform.YieldScalar {
							continue // the verifier may refuse what is done with the pointer
						}
						t.Errorf("%s: %q allowed by the layout but rejected: %+v", tn, src, res.Diag)
						continue
					}
					checked++
					for _, e := range engines() {
						prog, err := exec.Load(res.Verified, nil, exec.Options{Engine: e})
						if err != nil {
							t.Errorf("%s %q: %v", tn, src, err)
							continue
						}
						what := fmt.Sprintf("%s %s %q", tn, engineName(e), src)
						if layout.Name == "xdp_md" {
							x := &exec.XDP{Packet: make([]byte, 20), IngressIfindex: 0x1111, RxQueueIndex: 0x2222, EgressIfindex: 0x3333}
							want := map[string]uint64{"ingress_ifindex": 0x1111, "rx_queue_index": 0x2222, "egress_ifindex": 0x3333}[f.Name]
							if r0, err := prog.Run(x); err != nil || r0 != want {
								t.Errorf("%s: %d, %v; want %#x", what, r0, err, want)
							}
							prog.Close()
							continue
						}
						s := &exec.SkBuff{Packet: make([]byte, 0x40), VLANPresent: true}
						var fb []byte
						if m := skbField618(s, f.Name); m != nil {
							b := modelBytes(m)
							for i := range b {
								b[i] = byte(0x10 + i + f.Off)
							}
							binary.Read(bytes.NewReader(b), binary.LittleEndian, m)
						}
						before := modelBytes(skbField618(s, "cb"))
						if m := skbField618(s, f.Name); m != nil && !write {
							before = modelBytes(m)
						}
						r0, err := prog.Run(s)
						if viaCB && err == nil {
							r0 = uint64(s.CB[0]) | uint64(s.CB[1])<<32
						}
						switch m := skbField618(s, f.Name); {
						case err != nil:
							t.Errorf("%s: %v", what, err)
						case f.Yields != platform.YieldScalar:
						case f.Name == "len":
							fb = []byte{0x40, 0, 0, 0}
						case f.Name == "vlan_present":
							fb = []byte{1, 0, 0, 0}
						case m == nil:
							t.Errorf("%s: the test knows no model field %s", what, f.Name)
						case !write:
							fb = before
						default:
							fb = modelBytes(m)
						}
						if fb != nil {
							part := fb[off-f.Off : off-f.Off+size]
							if write {
								want := make([]byte, 8)
								binary.LittleEndian.PutUint64(want, 119)
								if !bytes.Equal(part, want[:size]) {
									t.Errorf("%s: the store did not reach the model's %s: % x", what, f.Name, part)
								}
							} else if want := le(part); r0 != want {
								t.Errorf("%s: loaded %#x, want the model's %#x", what, r0, want)
							}
						}
						prog.Close()
					}
				}
			}
		}
	}
	if checked < 300 {
		t.Errorf("only %d accesses checked", checked)
	}
}

func le(b []byte) uint64 {
	var v uint64
	for i := len(b) - 1; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v
}
