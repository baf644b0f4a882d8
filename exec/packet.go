package exec

import (
	"fmt"
	"unsafe"
)

// The geometry of the packet buffer of a run whose context holds packet
// pointers: PacketHeadroom bytes before data when the run starts (the
// kernel's XDP_PACKET_HEADROOM; the metadata, if any, is their last
// bytes), PacketTailroom after data_end. The first frameReserve bytes stand
// for the kernel's struct xdp_frame: no adjustment reaches them.
const (
	PacketHeadroom = 256
	PacketTailroom = 256
	frameReserve   = 40
	ethHlen        = 14 // the shortest packet xdp_adjust_* leave (ETH_HLEN)
	maxMeta        = 32 // the most metadata xdp_adjust_meta allows
)

// lowBuf is memory mapped below 2 GiB (lowMem).
type lowBuf struct{ mem []byte }

// packet is a run's packet in low memory: buf[meta:data] is the metadata,
// buf[data:end] the packet.
type packet struct {
	on              bool
	low             *lowBuf // kept with the pooled run, grown as needed
	buf             []byte
	meta, data, end int
}

// set copies pkt (with metadata meta before it) into the run's buffer.
func (p *packet) set(pkt, meta []byte) error {
	if len(meta) > maxMeta || len(meta)%4 != 0 {
		return fmt.Errorf("exec: %d bytes of packet metadata: at most %d, a multiple of 4", len(meta), maxMeta)
	}
	need := PacketHeadroom + len(pkt) + PacketTailroom
	if p.low == nil || len(p.low.mem) < need {
		b, err := lowMem((need + 4095) &^ 4095)
		if err != nil {
			return err
		}
		p.low = b
	}
	p.buf = p.low.mem[:need]
	clear(p.buf)
	p.data = PacketHeadroom
	p.meta, p.end = p.data-len(meta), p.data+len(pkt)
	copy(p.buf[p.meta:], meta)
	copy(p.buf[p.data:], pkt)
	p.on = true
	return nil
}

// span is the address range [lo, hi) of the buffer, headroom and
// tailroom included.
func (p *packet) span() (lo, hi uint64) {
	return p.addr(0), p.addr(0) + uint64(len(p.buf))
}

// addr is the address of buf[off].
func (p *packet) addr(off int) uint64 {
	if !p.on {
		return 0
	}
	return uint64(uintptr(unsafe.Pointer(&p.buf[0]))) + uint64(off)
}

// region is the memory a checked program may touch: metadata and packet.
func (p *packet) region() []byte {
	if !p.on {
		return nil
	}
	return p.buf[p.meta:p.end]
}

// bytes is the packet, data to data_end.
func (p *packet) bytes() []byte { return p.buf[p.data:p.end] }

// copyOut returns the packet and metadata as new slices, reusing the
// given ones when the length did not change.
func copyOut(dst, src []byte) []byte {
	if len(dst) == len(src) {
		copy(dst, src)
		return dst
	}
	return append([]byte(nil), src...)
}

// adjustHead is xdp_adjust_head: data moves by delta (the metadata with
// it); 0 or -EINVAL.
func (p *packet) adjustHead(delta int64) uint64 {
	metalen := p.data - p.meta
	data := int64(p.data) + delta
	if data < int64(frameReserve+metalen) || data > int64(p.end-ethHlen) {
		return negErrno(eINVAL)
	}
	if metalen > 0 {
		copy(p.buf[p.meta+int(delta):], p.buf[p.meta:p.data])
	}
	p.meta += int(delta)
	p.data = int(data)
	return 0
}

// adjustTail is xdp_adjust_tail: data_end moves by delta (new bytes are
// zero); 0 or -EINVAL.
func (p *packet) adjustTail(delta int64) uint64 {
	end := int64(p.end) + delta
	if end > int64(len(p.buf)) || end < int64(p.data+ethHlen) {
		return negErrno(eINVAL)
	}
	if end > int64(p.end) {
		clear(p.buf[p.end:end])
	}
	p.end = int(end)
	return 0
}

// adjustMeta is xdp_adjust_meta: data_meta moves by delta; 0, -EINVAL
// outside the buffer, -EACCES for metadata of a length the kernel refuses.
func (p *packet) adjustMeta(delta int64) uint64 {
	meta := int64(p.meta) + delta
	if meta < frameReserve || meta > int64(p.data) {
		return negErrno(eINVAL)
	}
	if l := int64(p.data) - meta; l%4 != 0 || l > maxMeta {
		return negErrno(eACCES)
	}
	p.meta = int(meta)
	return 0
}
