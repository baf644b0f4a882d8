package platform

import "fmt"

// The context layouts of the 2015 kernels (Linux v4.2 and v4.3), as the
// kernel profiles check them and exec's models fill them. Every __sk_buff
// field is a __u32 that must be accessed whole (the 2015 is_valid_access
// allows only 4-byte accesses); socket filters may write cb[0..4], tc
// programs also mark and tc_index. The x86-64 pt_regs of kprobes is
// read-only and may be read in pieces of 1, 2, 4 or 8 aligned bytes.
var (
	SkBuffV42Socket = skBuff2015(68, false) // v4.2 __sk_buff of socket filters (68 bytes)
	SkBuffV42TC     = skBuff2015(68, true)  // v4.2 __sk_buff of sched_cls and sched_act
	SkBuffV43Socket = skBuff2015(72, false) // v4.3 __sk_buff of socket filters (72 bytes, hash at 68)
	SkBuffV43TC     = skBuff2015(72, true)  // v4.3 __sk_buff of sched_cls and sched_act
	PtRegsX86       = ptRegsX86()           // x86-64 struct pt_regs of kprobes (168 bytes, read-only)
)

// skBuffFields2015 are the __sk_buff fields of v4.3 in offset order; v4.2
// has all but the last.
var skBuffFields2015 = []string{
	"len", "pkt_type", "mark", "queue_mapping", "protocol", "vlan_present", "vlan_tci",
	"vlan_proto", "priority", "ingress_ifindex", "ifindex", "tc_index",
	"cb[0]", "cb[1]", "cb[2]", "cb[3]", "cb[4]", "hash",
}

func skBuff2015(size int, tc bool) *Context {
	c := &Context{Name: "__sk_buff", Size: size}
	for i, name := range skBuffFields2015 {
		if 4*i >= size {
			break
		}
		write := len(name) > 2 && name[:3] == "cb["
		if tc && (name == "mark" || name == "tc_index") {
			write = true
		}
		c.Fields = append(c.Fields, Field{Name: name, Off: 4 * i, Size: 4, Read: true, Write: write})
	}
	return c
}

// ptRegsFields are the x86-64 struct pt_regs members in offset order.
var ptRegsFields = []string{
	"r15", "r14", "r13", "r12", "bp", "bx", "r11", "r10", "r9", "r8", "ax", "cx",
	"dx", "si", "di", "orig_ax", "ip", "cs", "flags", "sp", "ss",
}

func ptRegsX86() *Context {
	c := &Context{Name: "pt_regs", Size: 8 * len(ptRegsFields), ReadOnly: true}
	for i, name := range ptRegsFields {
		c.Fields = append(c.Fields, Field{Name: name, Off: 8 * i, Size: 8, Read: true, Narrow: true})
	}
	return c
}

// Context2015 returns the context layout a 2015 kernel (v43: Linux v4.3,
// otherwise v4.2) gives a program type; ok is false for a program type that
// kernel does not know.
func Context2015(t ProgType, v43 bool) (c *Context, ok bool) {
	switch t {
	case 1: // socket_filter
		if v43 {
			return SkBuffV43Socket, true
		}
		return SkBuffV42Socket, true
	case 3, 4: // sched_cls, sched_act
		if v43 {
			return SkBuffV43TC, true
		}
		return SkBuffV42TC, true
	case 2: // kprobe
		return PtRegsX86, true
	}
	return nil, false
}

// Field returns the field called name.
func (c *Context) Field(name string) (Field, bool) {
	for _, f := range c.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// Clone returns a deep copy of c, so that a holder of the copy cannot be
// changed by anyone else.
func (c *Context) Clone() *Context {
	if c == nil {
		return nil
	}
	d := *c
	d.Fields = append([]Field(nil), c.Fields...)
	return &d
}

// Equal reports whether two layouts are the same.
func (c *Context) Equal(d *Context) bool {
	if c == nil || d == nil {
		return c == d
	}
	if c.Name != d.Name || c.Size != d.Size || c.ReadOnly != d.ReadOnly || len(c.Fields) != len(d.Fields) {
		return false
	}
	for i := range c.Fields {
		if c.Fields[i] != d.Fields[i] {
			return false
		}
	}
	return true
}

// String names the layout: "__sk_buff (72 bytes)".
func (c *Context) String() string { return fmt.Sprintf("%s (%d bytes)", c.Name, c.Size) }

// PlainMemory is the layout of a context that is size plain bytes, all
// readable and writable in any aligned piece (r2 holds size). No kernel
// program type has it; it describes the plugin protocol's memory, for
// programs verified against exactly that.
func PlainMemory(size int) *Context {
	return &Context{Name: "memory", Size: size, Fields: []Field{{Name: "bytes", Size: size, Read: true, Write: true, Narrow: true, NarrowWrite: true}}}
}
