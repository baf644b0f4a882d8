package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestPluginBudget: --budget bounds the jumps of a plugin run on both
// engines, 0 lifts the bound, and the default lets a loop of a few million
// jumps finish.
func TestPluginBudget(t *testing.T) {
	// r0 = 0; r0 += 1; if r0 < 3000000 goto -2; exit
	loop := "b7 00 00 00 00 00 00 00 07 00 00 00 01 00 00 00 a5 00 fe ff c0 c6 2d 00 95 00 00 00 00 00 00 00"
	for _, engine := range []string{"interp", "jit"} {
		code, out, errs := bpfcheck(loop, "plugin", "--engine", engine, "--budget", "1000")
		if code == 0 || !strings.Contains(errs, "budget of 1000 jumps exhausted") {
			t.Errorf("%s --budget 1000: exit %d, %q %q", engine, code, out, errs)
		}
		for _, args := range [][]string{{"--budget", "0"}, nil} {
			code, out, errs = bpfcheck(loop, append([]string{"plugin", "--engine", engine}, args...)...)
			if code != 0 || out != "0x2dc6c0\n" {
				t.Errorf("%s %v: exit %d, %q %q", engine, args, code, out, errs)
			}
		}
	}
}

// TestParseHex: the plugin's hex reader takes spaced or unspaced pairs and
// refuses odd lengths and other characters.
func TestParseHex(t *testing.T) {
	for in, want := range map[string]string{"": "", "b7 00\n0A\tff ": "b7000aff", "b700": "b700", "b 7": "b7"} {
		got, err := parseHex(in)
		if err != nil || fmt.Sprintf("%x", got) != want {
			t.Errorf("parseHex(%q) = %x, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"b", "b7 0", "zz", "0x12"} {
		if _, err := parseHex(in); err == nil {
			t.Errorf("parseHex(%q): no error", in)
		}
	}
}
