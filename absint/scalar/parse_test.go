package scalar

import (
	"math/rand/v2"
	"testing"
)

// TestParseRoundTrip: what String prints, Parse reads back exactly.
func TestParseRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	for range rounds {
		v, _ := randValue(r)
		got, err := Parse(v.String())
		if err != nil {
			t.Fatalf("Parse(%q): %v", v.String(), err)
		}
		if got != v {
			t.Fatalf("Parse(%q) = %+v, want %+v", v.String(), got, v)
		}
	}
}

func TestParseKernelForms(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Value
	}{
		{"P5", Const(5)},
		{"-1", Const(^uint64(0))},
		{"scalar(id=3+5,umin=1)", func() Value { v := Unknown(); v.UMin = 1; return v }()},
		{"scalar()", Unknown()},
	} {
		got, err := Parse(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "scalar(", "scalar(umin=x)", "scalar(var_off=(0x1; 0x1))", "scalar(umax32=0x100000000)", "0xzz"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) succeeded", bad)
		}
	}
}
