package diag

import (
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/ir"
)

func TestHints(t *testing.T) {
	call := func(id int32) ir.Instruction { return ir.Instruction{Opcode: 0x85, Imm: id} }
	for _, c := range []struct {
		name    string
		insns   []ir.Instruction
		code    string
		profile string
		want    string // substring of the hint; "" means no hint
	}{
		{"invalid func 26 is bpf_skb_load_bytes, Linux 4.5", []ir.Instruction{call(26)}, "invalid-func", "linux-4.2", "bpf_skb_load_bytes (helper 26): first in Linux 4.5"},
		{"a helper of 4.3 under 4.2", []ir.Instruction{call(17)}, "invalid-func", "linux-4.2", "bpf_get_cgroup_classid (helper 17): first in Linux 4.3"},
		{"a helper the kernel has but the type lacks", []ir.Instruction{call(14)}, "invalid-func", "linux-4.2", "cannot call"},
		{"global data (ld_imm64 src 2)", []ir.Instruction{{Opcode: 0x18, Src: 2}, {}}, "unrecognized-ld-imm64", "linux-4.3", "global data"},
		{"JMP32", []ir.Instruction{{Opcode: 0x16}}, "unknown-insn-class", "linux-4.2", "Linux 5.1"},
		{"JLT", []ir.Instruction{{Opcode: 0xad}}, "invalid-jmp-opcode", "linux-4.2", "Linux 4.14"},
		{"bpf-to-bpf call", []ir.Instruction{{Opcode: 0x85, Src: 1, Imm: 3}}, "call-reserved-fields", "linux-4.2", "Linux 4.16"},
		{"a loop", []ir.Instruction{{Opcode: 0x05, Off: -1}}, "back-edge", "linux-4.2", "Linux 5.3"},
		{"no hint in a kernel that has the feature", []ir.Instruction{call(26)}, "invalid-func", "linux-6.18", "cannot call"},
		{"no hint outside kernel profiles", []ir.Instruction{{Opcode: 0x16}}, "unknown-insn-class", "precise", ""},
		{"no hint for an ordinary rejection", []ir.Instruction{{Opcode: 0x79}}, "invalid-mem-access", "linux-4.2", ""},
	} {
		p := &ir.Program{Name: "p", Type: ir.ProgTypeSocketFilter, Insns: c.insns}
		e := Explain(p, &absint.Diagnostic{Insn: 0, Code: c.code, Message: "m"}, c.profile)
		if c.want == "" && e.Hint != "" || !strings.Contains(e.Hint, c.want) {
			t.Errorf("%s: hint %q, want it to contain %q", c.name, e.Hint, c.want)
		}
		if e.Why == "" || e.Fix == "" {
			t.Errorf("%s: no why/fix for %s", c.name, c.code)
		}
	}
}

// A call the loader found undefined is named as such.
func TestHintUndefinedCall(t *testing.T) {
	p := &ir.Program{Name: "p", Type: ir.ProgTypeSocketFilter, Insns: []ir.Instruction{{Opcode: 0x85, Src: 1, Imm: -1}},
		UndefinedCalls: []ir.UndefinedCall{{Insn: 0, Name: "memset"}}}
	if h := Explain(p, &absint.Diagnostic{Code: "call-reserved-fields"}, "linux-4.2").Hint; h != "call to undefined function memset (insn 0): the compiler did not inline it" {
		t.Errorf("hint %q", h)
	}
	if h := Explain(p, &absint.Diagnostic{Insn: 5, Code: "jump-out-of-range"}, "linux-6.18").Hint; !strings.Contains(h, "memset") {
		t.Errorf("jump out of range in a program with an undefined call: hint %q", h)
	}
	if h := Explain(p, &absint.Diagnostic{Insn: 5, Code: "invalid-mem-access"}, "linux-6.18").Hint; strings.Contains(h, "memset") {
		t.Errorf("an unrelated rejection names the undefined call: %q", h)
	}
}

// A section no table knows leaves the type unspec: say so.
func TestHintUnknownSection(t *testing.T) {
	p := &ir.Program{Name: "p", Section: "1/0x1", Insns: []ir.Instruction{{Opcode: 0x95}}}
	if h := Explain(p, &absint.Diagnostic{Code: "unsupported-prog-type"}, "precise").Hint; h != "unknown program type for section 1/0x1; use --type" {
		t.Errorf("hint %q", h)
	}
}

func TestHintMapAndProgType(t *testing.T) {
	p := &ir.Program{Name: "p", Type: 6 /* xdp */, Insns: []ir.Instruction{{Opcode: 0x18, Src: 1, Imm: 0}, {}},
		Maps: []ir.MapSpec{{Name: "events", Type: 27 /* ringbuf */}}}
	if h := Explain(p, &absint.Diagnostic{Code: "invalid-map-fd"}, "linux-4.2").Hint; !strings.Contains(h, "map events has type ringbuf: first in Linux 5.8") {
		t.Errorf("map hint: %q", h)
	}
	if h := Explain(p, &absint.Diagnostic{Code: "unsupported-prog-type"}, "linux-4.3").Hint; !strings.Contains(h, "program type xdp: first in Linux 4.8") {
		t.Errorf("program type hint: %q", h)
	}
}
