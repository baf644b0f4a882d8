package scalar

import (
	"math"
	"strconv"
	"strings"
)

// The log format of Linux 6.x (checked against the running 6.18 kernel):
// a constant prints alone as a signed number; any other scalar prints as
// scalar(...) listing its bounds in the order smin smax umin umax smin32
// smax32 umin32 umax32, leaving out each bound at its type's extreme, then
// var_off unless the tnum is unknown. A bound equal to a later bound of the
// same kind (a minimum to later minima, a maximum to later maxima) and of
// the same sign absorbs it: "smin=smin32=0". Numbers print in decimal
// between the decimal* thresholds and in hex outside them; a 32-bit signed
// bound printed in hex shows its unsigned 32-bit pattern.

const (
	decimalSMin = math.MinInt16  // smallest signed number printed in decimal
	decimalSMax = math.MaxInt16  // largest signed number printed in decimal
	decimalUMax = math.MaxUint16 // largest unsigned number printed in decimal
)

// String returns v as the Linux 6.18 verifier log prints a scalar register:
// "42", "-1", "0x12345" for a constant, else e.g.
// "scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))",
// and "scalar()" for Unknown.
func (v Value) String() string {
	if c, ok := v.Const(); ok {
		return fmtSigned(c)
	}
	return "scalar(" + v.Fields() + ")"
}

// StringWith returns v as String does with extra fields, such as the
// walker's "id=3" or "id=3+5", first inside scalar(...):
// "scalar(id=3,smin=smin32=0,...)", "scalar(id=3)". A constant prints alone
// whatever the extra fields, as the kernel prints it.
func (v Value) StringWith(extra ...string) string {
	if c, ok := v.Const(); ok {
		return fmtSigned(c)
	}
	fields := append(extra[:len(extra):len(extra)], v.Fields())
	if fields[len(fields)-1] == "" {
		fields = fields[:len(fields)-1]
	}
	return "scalar(" + strings.Join(fields, ",") + ")"
}

// Fields returns the comma-separated bounds and var_off that String puts
// inside scalar(...), for callers that print more fields (an id) before.
func (v Value) Fields() string {
	type bound struct {
		name   string
		val    uint64
		omit   bool
		signed bool
	}
	s32 := func(x int32) uint64 {
		if x >= decimalSMin && x <= decimalSMax {
			return uint64(int64(x))
		}
		return uint64(uint32(x))
	}
	bs := [8]bound{
		{"smin", uint64(v.SMin), v.SMin == math.MinInt64, true},
		{"smax", uint64(v.SMax), v.SMax == math.MaxInt64, true},
		{"umin", v.UMin, v.UMin == 0, false},
		{"umax", v.UMax, v.UMax == math.MaxUint64, false},
		{"smin32", s32(v.S32Min), v.S32Min == math.MinInt32, true},
		{"smax32", s32(v.S32Max), v.S32Max == math.MaxInt32, true},
		{"umin32", uint64(v.U32Min), v.U32Min == 0, false},
		{"umax32", uint64(v.U32Max), v.U32Max == math.MaxUint32, false},
	}
	var b strings.Builder
	sep := ""
	for i := range bs {
		m := &bs[i]
		if m.omit {
			continue
		}
		neg := m.signed && int64(m.val) < 0
		b.WriteString(sep)
		b.WriteString(m.name)
		b.WriteByte('=')
		sep = ","
		for j := i + 2; j < len(bs); j += 2 {
			n := &bs[j]
			if n.omit || n.val != m.val || (n.signed && int64(n.val) < 0) != neg {
				continue
			}
			n.omit = true
			b.WriteString(n.name)
			b.WriteByte('=')
		}
		if m.signed {
			b.WriteString(fmtSigned(m.val))
		} else {
			b.WriteString(fmtUnsigned(m.val))
		}
	}
	if !v.T.IsUnknown() {
		b.WriteString(sep)
		b.WriteString("var_off=")
		b.WriteString(v.T.String())
	}
	return b.String()
}

func fmtSigned(x uint64) string {
	if s := int64(x); s >= decimalSMin && s <= decimalSMax {
		return strconv.FormatInt(s, 10)
	}
	return "0x" + strconv.FormatUint(x, 16)
}

func fmtUnsigned(x uint64) string {
	if x <= decimalUMax {
		return strconv.FormatUint(x, 10)
	}
	return "0x" + strconv.FormatUint(x, 16)
}
