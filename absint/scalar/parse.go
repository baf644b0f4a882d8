package scalar

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Parse reads a scalar as the Linux 6.x verifier log prints it (the form
// String writes): a constant ("42", "-1", "0x12345") or
// "scalar(" fields ")", where a field is a chain of bound names sharing one
// number ("smax=umax=255") or var_off=(value; mask). Fields Parse does not
// know (id=, ref_obj_id=, ...) are skipped; a leading precision mark P is
// allowed. The result is not normalised: it is the Value the text states.
func Parse(s string) (Value, error) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "P")
	if !strings.HasPrefix(s, "scalar(") {
		x, err := parseNum(s)
		if err != nil {
			return Value{}, fmt.Errorf("scalar: bad constant %q", s)
		}
		return Const(x), nil
	}
	if !strings.HasSuffix(s, ")") {
		return Value{}, fmt.Errorf("scalar: unterminated %q", s)
	}
	v := Unknown()
	body := s[len("scalar(") : len(s)-1]
	for len(body) > 0 {
		field := body
		if strings.HasPrefix(body, "var_off=(") {
			end := strings.IndexByte(body, ')')
			if end < 0 {
				return Value{}, fmt.Errorf("scalar: bad var_off in %q", s)
			}
			field, body = body[:end+1], strings.TrimPrefix(body[end+1:], ",")
			parts := strings.Split(strings.TrimSuffix(strings.TrimPrefix(field, "var_off=("), ")"), "; ")
			if len(parts) != 2 {
				return Value{}, fmt.Errorf("scalar: bad var_off in %q", s)
			}
			val, err1 := parseNum(parts[0])
			mask, err2 := parseNum(parts[1])
			if err1 != nil || err2 != nil || val&mask != 0 {
				return Value{}, fmt.Errorf("scalar: bad var_off in %q", s)
			}
			v.T = Tnum{val, mask}
			continue
		}
		if i := strings.IndexByte(body, ','); i >= 0 {
			field, body = body[:i], body[i+1:]
		} else {
			body = ""
		}
		names := strings.Split(field, "=")
		if len(names) < 2 {
			return Value{}, fmt.Errorf("scalar: bad field %q in %q", field, s)
		}
		if !boundNames[names[0]] {
			continue // id=, ref_obj_id=, ...: nothing about the value
		}
		x, err := parseNum(names[len(names)-1])
		if err != nil {
			return Value{}, fmt.Errorf("scalar: bad number in %q", s)
		}
		for _, n := range names[:len(names)-1] {
			if !boundNames[n] {
				return Value{}, fmt.Errorf("scalar: bad bound %q in %q", n, s)
			}
			if err := v.setBound(n, x); err != nil {
				return Value{}, fmt.Errorf("scalar: %v in %q", err, s)
			}
		}
	}
	return v, nil
}

// setBound sets the bound called name to x as the log prints it (a 32-bit
// signed bound in hex is its unsigned pattern).
func (v *Value) setBound(name string, x uint64) error {
	s32 := func() (int32, error) {
		if int64(x) >= math.MinInt32 && int64(x) <= math.MaxInt32 {
			return int32(int64(x)), nil
		}
		if x <= math.MaxUint32 {
			return int32(uint32(x)), nil
		}
		return 0, fmt.Errorf("%s=%#x out of range", name, x)
	}
	switch name {
	case "smin":
		v.SMin = int64(x)
	case "smax":
		v.SMax = int64(x)
	case "umin":
		v.UMin = x
	case "umax":
		v.UMax = x
	case "smin32", "smax32":
		y, err := s32()
		if err != nil {
			return err
		}
		if name == "smin32" {
			v.S32Min = y
		} else {
			v.S32Max = y
		}
	default: // umin32, umax32
		if x > math.MaxUint32 {
			return fmt.Errorf("%s=%#x out of range", name, x)
		}
		if name == "umin32" {
			v.U32Min = uint32(x)
		} else {
			v.U32Max = uint32(x)
		}
	}
	return nil
}

var boundNames = map[string]bool{
	"smin": true, "smax": true, "umin": true, "umax": true,
	"smin32": true, "smax32": true, "umin32": true, "umax32": true,
}

func parseNum(s string) (uint64, error) {
	if strings.HasPrefix(s, "0x") {
		return strconv.ParseUint(s[2:], 16, 64)
	}
	if strings.HasPrefix(s, "-") {
		x, err := strconv.ParseInt(s, 10, 64)
		return uint64(x), err
	}
	return strconv.ParseUint(s, 10, 64)
}
