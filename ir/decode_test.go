package ir

import (
	"bytes"
	"errors"
	"testing"
)

func TestDecodeErrors(t *testing.T) {
	var de *DecodeError
	_, err := Decode(make([]byte, 13))
	if !errors.As(err, &de) || de.Slot != 1 {
		t.Errorf("trailing partial instruction: got %v, want an error naming slot 1", err)
	}
	_, err = Decode([]byte{0xb7, 0, 0, 0, 0, 0, 0, 0, 0x18, 1, 0, 0, 1, 0, 0, 0})
	if !errors.As(err, &de) || de.Slot != 1 {
		t.Errorf("ld_imm64 without its second half: got %v, want an error naming slot 1", err)
	}
	insns, err := DecodeSlots([]byte{0x18, 1, 0, 0, 1, 0, 0, 0})
	if err != nil || len(insns) != 1 {
		t.Errorf("DecodeSlots must keep an unpaired ld_imm64 for the verifier: %v, %v", insns, err)
	}
}

func TestDecodeFields(t *testing.T) {
	// r3 = *(u16 *)(r12 -2) with junk imm: every field lands where it belongs.
	b := []byte{0x69, 0xc3, 0xfe, 0xff, 0x78, 0x56, 0x34, 0x12}
	insns, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	want := Instruction{Opcode: 0x69, Dst: 3, Src: 12, Off: -2, Imm: 0x12345678}
	if insns[0] != want {
		t.Errorf("got %#v, want %#v", insns[0], want)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte{0xb7, 0, 0, 0, 0, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{0x18, 0x21, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{0x18})
	f.Fuzz(func(t *testing.T, b []byte) {
		insns, err := DecodeSlots(b)
		if err != nil {
			if len(b)%8 == 0 {
				t.Fatalf("DecodeSlots rejected %d bytes: %v", len(b), err)
			}
			return
		}
		if !bytes.Equal(Encode(insns), b) {
			t.Fatalf("decode-encode changed the bytes")
		}
		if _, err := Decode(b); err == nil {
			// A strict decode must also survive printing and reassembly.
			text := Disassemble(insns)
			got, err := Assemble(text)
			if err != nil {
				t.Fatalf("disassembly does not reassemble: %v\n%s", err, text)
			}
			if !bytes.Equal(Encode(got), b) {
				t.Fatalf("disassemble-assemble changed the bytes\n%s", text)
			}
		}
	})
}

func BenchmarkDecode(b *testing.B) {
	const n = 100000
	prog := make([]Instruction, n)
	for i := range prog {
		prog[i] = Instruction{Opcode: Opcode(i % 256), Dst: Register(i % 11), Src: Register(i % 7), Off: int16(i), Imm: int32(i * 7)}
	}
	raw := Encode(prog)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := DecodeSlots(raw); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "insns/s")
}

func FuzzAssemble(f *testing.F) {
	f.Add("r0 = *(u32 *)(r1 +4)\nexit")
	f.Add("l: if w1 s> 0x5 goto l\n(18) r1 = map[0]")
	f.Add(".insn 0xff, 1, 2, -3, 4")
	f.Fuzz(func(t *testing.T, src string) {
		insns, err := Assemble(src)
		if err != nil {
			return
		}
		// Whatever assembles prints and assembles back to the same slots.
		again, err := Assemble(Disassemble(insns))
		if err != nil || !bytes.Equal(Encode(again), Encode(insns)) {
			t.Fatalf("%q: reassembly failed: %v", src, err)
		}
	})
}
