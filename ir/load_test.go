package ir

import "testing"

func TestDetectFormatAndMapFlag(t *testing.T) {
	if f := DetectFormat([]byte("r0 = 0\nexit\n")); f != FormatText {
		t.Errorf("text detected as %v", f)
	}
	if f := DetectFormat(Encode([]Instruction{{Opcode: 0xb7}, {Opcode: 0x95}})); f != FormatRaw {
		t.Errorf("raw detected as %v", f)
	}
	m, err := ParseMapFlag("hash:8:16:1024")
	if err != nil || m.Type != MapTypeHash || m.KeySize != 8 || m.ValueSize != 16 || m.MaxEntries != 1024 {
		t.Errorf("ParseMapFlag: %+v %v", m, err)
	}
	for _, bad := range []string{"hash:8:8", "nosuch:4:4:1", "hash:x:8:1", "array:4:4:-1"} {
		if _, err := ParseMapFlag(bad); err == nil {
			t.Errorf("--map %s accepted", bad)
		}
	}
	if _, err := Load("odd.bin", []byte{1, 2, 3, 0, 0xff}, LoadOptions{}); err == nil {
		t.Errorf("5 binary bytes loaded")
	}
	if _, err := Load("x.o", []byte("\x7fELF\x02\x01\x01"), LoadOptions{}); err == nil {
		t.Errorf("ir.Load read an ELF object; that is package object's")
	}
}
