package exec

import (
	"fmt"
	"unsafe"

	"github.com/bpfcheck/bpfcheck/ir"
)

// ringbuf is the state of a BPF_MAP_TYPE_RINGBUF map: MaxEntries bytes of
// ring, each record taking an 8-byte header and its size rounded up to 8.
// Submitted records go to the Go reader at once if one is installed
// (SetRingbufReader), else they wait in the ring until Drain.
type ringbuf struct {
	size       uint64
	prod, cons uint64 // bytes produced (reserved or output) and consumed
	reader     func([]byte)
	queued     [][]byte
	qbytes     []uint64 // the ring bytes of each queued record
}

const (
	ringHdr = 8
	// ringbuf flags and query selectors
	rbNoWakeup    = 1
	rbForceWakeup = 2
	rbAvailData   = 0
	rbRingSize    = 1
	rbConsPos     = 2
	rbProdPos     = 3
	eAGAIN        = 11
)

func newRingbuf(spec ir.MapSpec) (*Map, error) {
	n := spec.MaxEntries
	if spec.KeySize != 0 || spec.ValueSize != 0 || n == 0 || n&(n-1) != 0 || n%4096 != 0 {
		return nil, fmt.Errorf("map %q: a ringbuf has no keys or values and a power-of-2 size of whole pages, not %d", spec.Name, n)
	}
	return &Map{spec: spec, ring: &ringbuf{size: uint64(n)}}, nil
}

func ringBytes(n int) uint64 { return ringHdr + (uint64(n)+7)&^7 }

// SetRingbufReader installs the Go reader that receives every record a
// program submits to a ringbuf map (one call per record, with a copy of
// its bytes); records already waiting are delivered first.
func (m *Map) SetRingbufReader(reader func(record []byte)) error {
	if m.ring == nil {
		return ErrBadKey
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.ring.reader = reader
	for i, rec := range m.ring.queued {
		reader(rec)
		m.ring.cons += m.ring.qbytes[i]
	}
	m.ring.queued, m.ring.qbytes = nil, nil
	return nil
}

// Drain returns the records waiting in a ringbuf map, oldest first, and
// frees their room.
func (m *Map) Drain() [][]byte {
	if m.ring == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	out := m.ring.queued
	for _, b := range m.ring.qbytes {
		m.ring.cons += b
	}
	m.ring.queued, m.ring.qbytes = nil, nil
	return out
}

// room takes n bytes of record room (m.mu held); false when full.
func (rb *ringbuf) room(n int) bool {
	need := ringBytes(n)
	if rb.prod-rb.cons+need > rb.size {
		return false
	}
	rb.prod += need
	return true
}

// deliver hands a committed record to the reader or queues it (m.mu held).
func (rb *ringbuf) deliver(rec []byte) {
	if rb.reader != nil {
		rb.reader(rec)
		rb.cons += ringBytes(len(rec))
		return
	}
	rb.queued = append(rb.queued, rec)
	rb.qbytes = append(rb.qbytes, ringBytes(len(rec)))
}

// record is a ringbuf reservation of a run: memory the program may use
// until it submits or discards it.
type record struct {
	m   *Map
	buf []byte
}

// ringHelper runs ringbuf_output (130), reserve (131), submit (132),
// discard (133) and query (134).
func (r *run) ringHelper(pc int, id int32, a [5]uint64) (uint64, bool, error) {
	fail := func(format string, args ...any) (uint64, bool, error) {
		return 0, true, &RunError{PC: pc, Msg: fmt.Sprintf(format, args...)}
	}
	if id == 132 || id == 133 {
		for i, rec := range r.records {
			if uint64(uintptr(unsafe.Pointer(unsafe.SliceData(rec.buf)))) != a[0] {
				continue
			}
			r.records = append(r.records[:i], r.records[i+1:]...)
			rb := rec.m.ring
			rec.m.mu.Lock()
			if id == 132 {
				rb.deliver(append([]byte(nil), rec.buf...))
			} else {
				rb.cons += ringBytes(len(rec.buf)) // a discarded record frees its room
			}
			rec.m.mu.Unlock()
			return 0, true, nil
		}
		return fail("helper %d: r1 is not a record reserved by this run", id)
	}
	m := r.mapArg(a[0])
	if m == nil || m.ring == nil {
		return fail("helper %d: r1 is not a ringbuf map", id)
	}
	rb := m.ring
	m.mu.Lock()
	defer m.mu.Unlock()
	switch id {
	case 130: // ringbuf_output(map, data, size, flags)
		if a[3]&^uint64(rbNoWakeup|rbForceWakeup) != 0 {
			return negErrno(eINVAL), true, nil
		}
		n := int(uint32(a[2]))
		m.mu.Unlock()
		data := r.readAt(a[1], n)
		m.mu.Lock()
		if data == nil {
			return fail("ringbuf_output: data is not readable memory")
		}
		if !rb.room(n) {
			return negErrno(eAGAIN), true, nil
		}
		rb.deliver(append([]byte(nil), data...))
		return 0, true, nil
	case 131: // ringbuf_reserve(map, size, flags): NULL when full
		n := a[1]
		if a[2] != 0 || n > rb.size || !rb.room(int(n)) {
			return 0, true, nil
		}
		buf := make([]byte, n, n+1) // never empty: a distinct address even for size 0
		r.records = append(r.records, record{m, buf})
		return uint64(uintptr(unsafe.Pointer(unsafe.SliceData(buf[:cap(buf)])))), true, nil
	case 134: // ringbuf_query(map, flags)
		switch a[1] {
		case rbAvailData:
			return rb.prod - rb.cons, true, nil
		case rbRingSize:
			return rb.size, true, nil
		case rbConsPos:
			return rb.cons, true, nil
		case rbProdPos:
			return rb.prod, true, nil
		}
		return 0, true, nil
	}
	return 0, false, nil
}

// inRecord reports whether [addr, addr+n) lies in one live reservation.
func (r *run) inRecord(addr uint64, n int) []byte {
	for _, rec := range r.records {
		if off, ok := inside(rec.buf, addr, n); ok {
			return rec.buf[off : off+n]
		}
	}
	return nil
}
