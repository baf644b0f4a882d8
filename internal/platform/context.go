package platform

// Yield is what a load of a context field gives the program.
type Yield uint8

// What a context load yields.
const (
	YieldScalar     Yield = iota // a number
	YieldPacket                  // a pointer to the packet's first byte (data)
	YieldPacketEnd               // a pointer one past the packet's last byte (data_end)
	YieldPacketMeta              // a pointer to the packet's metadata (data_meta)
	YieldSocket                  // a pointer to a full socket, struct bpf_sock (Field.OrNull: or NULL)
	YieldBTFPointer              // a pointer typed by BTF (Field.BTFType names it)
	YieldSockCommon              // a pointer to a socket's common part, struct bpf_sock (Field.OrNull: or NULL)
	YieldFlowKeys                // a pointer to the flow dissector's struct bpf_flow_keys
	YieldTPBuffer                // a pointer to a writable tracepoint's buffer (PTR_TO_TP_BUFFER)
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
	// NarrowWrite allows stores of fewer bytes than Size too (__sk_buff's cb).
	NarrowWrite bool
	// OrNull: the pointer a load yields may be NULL.
	OrNull bool
}

// Context describes the structure r1 points at when a program starts.
// Accesses outside every field are refused.
type Context struct {
	Name string // C type, e.g. "__sk_buff", "xdp_md", "pt_regs"
	Size int    // sizeof
	// ReadOnly refuses every store whatever Field.Write says (pt_regs).
	ReadOnly bool
	Fields   []Field
	// BTFArgs: the context is the traced function's arguments, u64 each,
	// typed by the attach target's BTF prototype (tracing, lsm,
	// struct_ops); loads of pointer arguments yield BTF pointers.
	BTFArgs bool
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

// Allows reports whether the context admits an access of size bytes at off
// (a store if write), and the field that admits it. Fields may overlap;
// an access is allowed when one of them allows it: a load or store of the
// field's whole Size at its offset, a narrower aligned load inside a Narrow
// field, a narrower aligned store inside a NarrowWrite one. Every access
// must be aligned to its size.
func (c *Context) Allows(off, size int, write bool) (Field, bool) {
	if size <= 0 || off < 0 || off%size != 0 || (write && c.ReadOnly) {
		return Field{}, false
	}
	for _, f := range c.Fields {
		if off < f.Off || off+size > f.Off+f.Size {
			continue
		}
		if write && !f.Write || !write && !f.Read {
			continue
		}
		whole := off == f.Off && size == f.Size
		if whole || (!write && f.Narrow) || (write && f.NarrowWrite) {
			return f, true
		}
	}
	return Field{}, false
}
