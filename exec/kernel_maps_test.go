package exec

import (
	"encoding/binary"
	"sync"
	"testing"

	"github.com/bpfcheck/bpfcheck/ir"
)

func key8(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }

func TestHashMapSemantics(t *testing.T) {
	m, err := NewMap(ir.MapSpec{Name: "h", Type: ir.MapTypeHash, KeySize: 8, ValueSize: 8, MaxEntries: 2})
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		what  string
		do    func() error
		wantE error
	}{
		{"create with BPF_NOEXIST", func() error { return m.Update(key8(1), key8(10), UpdateNoExist) }, nil},
		{"BPF_NOEXIST on an existing key", func() error { return m.Update(key8(1), key8(11), UpdateNoExist) }, ErrKeyExist},
		{"BPF_EXIST on a missing key", func() error { return m.Update(key8(2), key8(20), UpdateExist) }, ErrKeyNotExist},
		{"BPF_EXIST replaces", func() error { return m.Update(key8(1), key8(12), UpdateExist) }, nil},
		{"BPF_ANY creates the second entry", func() error { return m.Update(key8(2), key8(20), UpdateAny) }, nil},
		{"a third key exceeds max_entries", func() error { return m.Update(key8(3), key8(30), UpdateAny) }, ErrMapFull},
		{"replacing at max_entries is fine", func() error { return m.Update(key8(2), key8(21), UpdateAny) }, nil},
		{"unknown flags", func() error { return m.Update(key8(2), key8(21), 3) }, ErrBadFlags},
		{"delete", func() error { return m.Delete(key8(1)) }, nil},
		{"delete again", func() error { return m.Delete(key8(1)) }, ErrKeyNotExist},
		{"room again after a delete", func() error { return m.Update(key8(3), key8(30), UpdateNoExist) }, nil},
		{"a short key", func() error { return m.Update([]byte{1}, key8(1), UpdateAny) }, ErrBadKey},
	}
	for _, s := range steps {
		if err := s.do(); err != s.wantE {
			t.Errorf("%s: got %v, want %v", s.what, err, s.wantE)
		}
	}
	if v, err := m.Lookup(key8(2)); err != nil || binary.LittleEndian.Uint64(v) != 21 {
		t.Errorf("lookup 2: %x %v", v, err)
	}
}

func TestArrayMapSemantics(t *testing.T) {
	m, err := NewMap(ir.MapSpec{Type: ir.MapTypeArray, KeySize: 4, ValueSize: 8, MaxEntries: 4})
	if err != nil {
		t.Fatal(err)
	}
	k := func(i uint32) []byte { return binary.LittleEndian.AppendUint32(nil, i) }
	if v, err := m.Lookup(k(3)); err != nil || binary.LittleEndian.Uint64(v) != 0 {
		t.Errorf("array elements exist from the start, zeroed: %x %v", v, err)
	}
	if err := m.Update(k(4), key8(1), UpdateAny); err != ErrMapFull {
		t.Errorf("index past the end: %v, want E2BIG", err)
	}
	if err := m.Update(k(1), key8(1), UpdateNoExist); err != ErrKeyExist {
		t.Errorf("BPF_NOEXIST on an array: %v, want EEXIST", err)
	}
	if err := m.Delete(k(1)); err == nil {
		t.Errorf("array elements cannot be deleted")
	}
	if _, err := NewMap(ir.MapSpec{Type: ir.MapTypeArray, KeySize: 8, ValueSize: 8, MaxEntries: 4}); err == nil {
		t.Errorf("array keys must be 4 bytes")
	}
}

// TestLookupAddressStable checks that a value's address survives updates
// of other keys (values never move) and that concurrent use is safe.
func TestLookupAddressStable(t *testing.T) {
	m, _ := NewMap(ir.MapSpec{Type: ir.MapTypeHash, KeySize: 8, ValueSize: 8, MaxEntries: 1024})
	m.Update(key8(0), key8(7), UpdateAny)
	addr := m.lookupAddr(key8(0))
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g uint64) {
			defer wg.Done()
			for i := uint64(1); i < 100; i++ {
				m.Update(key8(g*1000+i), key8(i), UpdateAny)
				m.Lookup(key8(g*1000 + i))
				if i%3 == 0 {
					m.Delete(key8(g*1000 + i))
				}
			}
		}(uint64(g))
	}
	wg.Wait()
	if m.lookupAddr(key8(0)) != addr || *(*uint64)(ptr(uint64(addr))) != 7 {
		t.Errorf("the value of key 0 moved or changed")
	}
}
