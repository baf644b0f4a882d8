package platform

// Yield is what a load of a context field gives the program.
type Yield uint8

// What a context load yields.
const (
	YieldScalar     Yield = iota // a number
	YieldPacket                  // a pointer to the packet's first byte (data)
	YieldPacketEnd               // a pointer one past the packet's last byte (data_end)
	YieldPacketMeta              // a pointer to the packet's metadata (data_meta)
	YieldSocket                  // a pointer to a struct bpf_sock, or NULL
	YieldBTFPointer              // a pointer typed by BTF (Field.BTFType names it)
)

// Field is one field of a context structure as a program sees it.
type Field struct {
	Name      string
	Off, Size int  // byte offset and size in the context
	Read      bool // loads are allowed
	Write     bool // stores are allowed
	// Narrow allows loads of fewer bytes than Size at any aligned offset
	// inside the field (the kernel's narrow context loads).
	Narrow  bool
	Yields  Yield
	BTFType string // for YieldBTFPointer: the C type pointed at
}

// Context describes the structure r1 points at when a program starts.
// Accesses outside every field are refused.
type Context struct {
	Name string // C type, e.g. "__sk_buff", "xdp_md", "pt_regs"
	Size int    // sizeof
	// ReadOnly refuses every store whatever Field.Write says (pt_regs).
	ReadOnly bool
	Fields   []Field
}

// FieldAt returns the field that holds [off, off+size), if any.
func (c *Context) FieldAt(off, size int) (Field, bool) {
	for _, f := range c.Fields {
		if off >= f.Off && off+size <= f.Off+f.Size {
			return f, true
		}
	}
	return Field{}, false
}
