package exec

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"unsafe"

	"github.com/bpfcheck/bpfcheck/ir"
)

// Errors of map operations, as the kernel reports them.
var (
	ErrKeyNotExist = errors.New("key does not exist")              // ENOENT
	ErrKeyExist    = errors.New("key already exists")              // EEXIST
	ErrMapFull     = errors.New("map is full")                     // E2BIG
	ErrBadFlags    = errors.New("invalid update flags")            // EINVAL
	ErrBadKey      = errors.New("key or value has the wrong size") // EINVAL
	ErrFrozen      = errors.New("map is frozen")                   // EPERM
)

// Map types beyond the 2015 ones.
const (
	mapPercpuHash    ir.MapType = 5
	mapPercpuArray   ir.MapType = 6
	mapLRUHash       ir.MapType = 9
	mapLRUPercpuHash ir.MapType = 10
	mapRingbuf       ir.MapType = 27
)

// isHash and isArray group the map types by storage. exec models one
// CPU, so a per-CPU map holds one value per key, the current CPU's.
func isHash(t ir.MapType) bool {
	return t == ir.MapTypeHash || t == mapPercpuHash || t == mapLRUHash || t == mapLRUPercpuHash
}

func isArray(t ir.MapType) bool { return t == ir.MapTypeArray || t == mapPercpuArray }

func isLRU(t ir.MapType) bool { return t == mapLRUHash || t == mapLRUPercpuHash }

// Update flags of map_update_elem.
const (
	UpdateAny     = 0 // BPF_ANY: create or replace
	UpdateNoExist = 1 // BPF_NOEXIST: create only
	UpdateExist   = 2 // BPF_EXIST: replace only
)

// errno values helpers return (negated).
const (
	eNOENT = 2
	eEXIST = 17
	eINVAL = 22
	eE2BIG = 7
	eFAULT = 14
	eACCES = 13
	ePERM  = 1
)

func errnoOf(err error) uint64 {
	switch err {
	case nil:
		return 0
	case ErrKeyNotExist:
		return negErrno(eNOENT)
	case ErrKeyExist:
		return negErrno(eEXIST)
	case ErrMapFull:
		return negErrno(eE2BIG)
	case ErrFrozen:
		return negErrno(ePERM)
	}
	return negErrno(eINVAL)
}

func negErrno(e int64) uint64 { return uint64(-e) }

// Map is a BPF map with the kernel's semantics. Values live in storage
// allocated when the map is created and never moved, so the address a
// lookup returns stays valid while the map lives (a deleted hash element's
// slot may be reused, as in the kernel's preallocated hash). A Map is safe
// for concurrent use by running programs and by Go.
type Map struct {
	spec ir.MapSpec
	mu   sync.Mutex
	slab []byte // MaxEntries values of ValueSize bytes, stride bytes apart
	// stride separates values: ValueSize rounded up to 8 and as many bytes
	// of red zone after it (none for a map of one value), so that an
	// access from one value past its end by up to its size faults in
	// checked mode instead of landing in the next value.
	stride int
	// hash maps: key -> slot, free slots
	index map[string]int
	free  []int
	keys  []string // slot -> key, for iteration
	// LRU hash maps: when each slot was last used, and the clock.
	used []uint64
	tick uint64
	// prog arrays hold programs; perf event arrays hold counters.
	progs   []*Program
	perf    []func() uint64
	outputs []func(data []byte)
	ring    *ringbuf // ringbuf maps
}

// NewMap creates a map from its spec with the kernel's creation rules.
func NewMap(spec ir.MapSpec) (*Map, error) {
	if spec.Type == mapRingbuf {
		return newRingbuf(spec)
	}
	if spec.KeySize == 0 || spec.ValueSize == 0 || spec.MaxEntries == 0 {
		return nil, fmt.Errorf("map %q: key size, value size and max entries must be positive", spec.Name)
	}
	if spec.Contents != nil && (len(spec.Contents) != int(spec.ValueSize) || !isArray(spec.Type) || spec.MaxEntries != 1) {
		return nil, fmt.Errorf("map %q: initial contents need an array of one value of %d bytes", spec.Name, len(spec.Contents))
	}
	spec.Contents = append([]byte(nil), spec.Contents...)
	m := &Map{spec: spec}
	switch {
	case isHash(spec.Type):
		if spec.KeySize > 512 {
			return nil, fmt.Errorf("map %q: key size %d is over 512", spec.Name, spec.KeySize)
		}
		m.index = map[string]int{}
		m.keys = make([]string, spec.MaxEntries)
		for i := int(spec.MaxEntries) - 1; i >= 0; i-- {
			m.free = append(m.free, i)
		}
		if isLRU(spec.Type) {
			m.used = make([]uint64, spec.MaxEntries)
		}
	case isArray(spec.Type):
		if spec.KeySize != 4 {
			return nil, fmt.Errorf("map %q: array keys are 4 bytes, not %d", spec.Name, spec.KeySize)
		}
	case spec.Type == ir.MapTypeProgArray || spec.Type == ir.MapTypePerfEventArray:
		if spec.KeySize != 4 || spec.ValueSize != 4 {
			return nil, fmt.Errorf("map %q: %s keys and values are 4 bytes", spec.Name, spec.Type)
		}
		m.progs = make([]*Program, spec.MaxEntries)
		m.perf = make([]func() uint64, spec.MaxEntries)
		m.outputs = make([]func([]byte), spec.MaxEntries)
		return m, nil
	default:
		return nil, fmt.Errorf("map %q: unsupported map type %s", spec.Name, spec.Type)
	}
	m.stride = int(spec.ValueSize)
	if spec.MaxEntries > 1 {
		m.stride = 2 * int((spec.ValueSize+7)&^7)
	}
	if uint64(m.stride)*uint64(spec.MaxEntries) > 1<<30 {
		return nil, fmt.Errorf("map %q: %d entries of %d bytes is too large", spec.Name, spec.MaxEntries, spec.ValueSize)
	}
	m.slab = make([]byte, m.stride*int(spec.MaxEntries))
	copy(m.slab, spec.Contents)
	return m, nil
}

// valueAddr is the address of slot's value.
func (m *Map) valueAddr(slot int) uintptr {
	return uintptr(unsafe.Pointer(&m.slab[slot*m.stride]))
}

// ValueOffset reports whether addr lies in one of the map's value slots
// (free or used) and its offset in that value: tools that check concrete
// runs against the verifier's states use it to tell a map value pointer.
func (m *Map) ValueOffset(addr uint64) (off int, ok bool) {
	if len(m.slab) == 0 || m.stride == 0 {
		return 0, false
	}
	base := uint64(uintptr(unsafe.Pointer(&m.slab[0])))
	if addr < base || addr-base >= uint64(len(m.slab)) {
		return 0, false
	}
	d := int(addr - base)
	off = d % m.stride
	return off, off < int(m.spec.ValueSize)
}

// touch marks an LRU slot used (m.mu held).
func (m *Map) touch(slot int) {
	if m.used != nil {
		m.tick++
		m.used[slot] = m.tick
	}
}

// evict frees the least recently used slot of a full LRU map (m.mu held).
func (m *Map) evict() {
	victim := -1
	for s, k := range m.keys {
		if k != "" && (victim < 0 || m.used[s] < m.used[victim]) {
			victim = s
		}
	}
	if victim >= 0 {
		delete(m.index, m.keys[victim])
		m.keys[victim] = ""
		m.free = append(m.free, victim)
	}
}

// Spec returns the map's definition.
func (m *Map) Spec() ir.MapSpec { return m.spec }

func (m *Map) value(slot int) []byte {
	lo, hi := slot*m.stride, slot*m.stride+int(m.spec.ValueSize)
	return m.slab[lo:hi:hi]
}

// slotOf finds the slot of a key; ok is false when absent.
func (m *Map) slotOf(key []byte) (int, bool) {
	if isArray(m.spec.Type) {
		i := binary.LittleEndian.Uint32(key)
		return int(i), i < m.spec.MaxEntries
	}
	s, ok := m.index[string(key)]
	return s, ok
}

// Lookup copies the value of key into a new slice.
func (m *Map) Lookup(key []byte) ([]byte, error) {
	if len(key) != int(m.spec.KeySize) || m.slab == nil {
		return nil, ErrBadKey
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.slotOf(key)
	if !ok {
		return nil, ErrKeyNotExist
	}
	m.touch(s)
	return append([]byte(nil), m.value(s)...), nil
}

// lookupAddr returns the address of key's value, or 0.
func (m *Map) lookupAddr(key []byte) uintptr {
	if m.slab == nil {
		return 0
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.slotOf(key)
	if !ok {
		return 0
	}
	m.touch(s)
	return m.valueAddr(s)
}

// Update stores value under key with BPF_ANY, BPF_NOEXIST or BPF_EXIST.
func (m *Map) Update(key, value []byte, flags uint64) error {
	if flags > UpdateExist {
		return ErrBadFlags
	}
	if len(key) != int(m.spec.KeySize) || len(value) != int(m.spec.ValueSize) || m.slab == nil {
		return ErrBadKey
	}
	if m.spec.Frozen {
		return ErrFrozen
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.slotOf(key)
	if isArray(m.spec.Type) {
		if !ok {
			return ErrMapFull // the kernel says E2BIG for an index past the end
		}
		if flags == UpdateNoExist {
			return ErrKeyExist
		}
		copy(m.value(s), value)
		return nil
	}
	switch {
	case ok && flags == UpdateNoExist:
		return ErrKeyExist
	case !ok && flags == UpdateExist:
		return ErrKeyNotExist
	case !ok:
		if len(m.free) == 0 && m.used != nil {
			m.evict()
		}
		if len(m.free) == 0 {
			return ErrMapFull
		}
		s = m.free[len(m.free)-1]
		m.free = m.free[:len(m.free)-1]
		m.index[string(key)] = s
		m.keys[s] = string(key)
	}
	m.touch(s)
	copy(m.value(s), value)
	return nil
}

// Delete removes key; array elements cannot be deleted (EINVAL).
func (m *Map) Delete(key []byte) error {
	if len(key) != int(m.spec.KeySize) {
		return ErrBadKey
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !isHash(m.spec.Type) {
		return ErrBadFlags
	}
	s, ok := m.index[string(key)]
	if !ok {
		return ErrKeyNotExist
	}
	delete(m.index, string(key))
	m.keys[s] = ""
	m.free = append(m.free, s)
	return nil
}

// Keys returns the keys present, in no particular order (every index of an array).
func (m *Map) Keys() [][]byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out [][]byte
	if isArray(m.spec.Type) {
		for i := uint32(0); i < m.spec.MaxEntries; i++ {
			out = append(out, binary.LittleEndian.AppendUint32(nil, i))
		}
		return out
	}
	for k := range m.index {
		out = append(out, []byte(k))
	}
	return out
}

// SetProgram puts a program at index of a prog_array map for tail calls.
func (m *Map) SetProgram(index uint32, p *Program) error {
	if m.spec.Type != ir.MapTypeProgArray || index >= m.spec.MaxEntries {
		return ErrBadKey
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.progs[index] = p
	return nil
}

// SetPerfCounter installs the counter perf_event_read returns for index of
// a perf_event_array map.
func (m *Map) SetPerfCounter(index uint32, read func() uint64) error {
	if m.spec.Type != ir.MapTypePerfEventArray || index >= m.spec.MaxEntries {
		return ErrBadKey
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.perf[index] = read
	return nil
}

// SetPerfOutput installs the Go reader that receives the events
// perf_event_output sends to index of a perf_event_array map (one call per
// event, with a copy of the event's bytes).
func (m *Map) SetPerfOutput(index uint32, reader func(data []byte)) error {
	if m.spec.Type != ir.MapTypePerfEventArray || index >= m.spec.MaxEntries {
		return ErrBadKey
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.outputs[index] = reader
	return nil
}

// valueRegion reports whether [addr, addr+n) lies inside one live value.
func (m *Map) valueRegion(addr uintptr, n int) (inside, ok bool) {
	if len(m.slab) == 0 {
		return false, false
	}
	base := uintptr(unsafe.Pointer(&m.slab[0]))
	if addr < base || addr >= base+uintptr(len(m.slab)) {
		return false, false
	}
	off := int(addr - base)
	if off%m.stride+n > int(m.spec.ValueSize) {
		return true, false // across a value's end or in a red zone
	}
	if isHash(m.spec.Type) {
		m.mu.Lock()
		live := m.keys[off/m.stride] != ""
		m.mu.Unlock()
		return true, live
	}
	return true, true
}
