package exec

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/bpfcheck/bpfcheck/internal/engine"
	"github.com/bpfcheck/bpfcheck/internal/platform"
)

// callHelper runs helper id at insn pc with r1..r5 in a and the current
// r0: the one calling convention of every engine. tail reports a
// successful tail call.
func (r *run) callHelper(pc int, id int32, a [5]uint64, r0 uint64) (ret uint64, tail bool, err error) {
	// Only the skb helpers see or change the packet model; a tail call's
	// target starts from the context as it is.
	sync := r.skb != nil && skbHelper(id)
	if sync {
		r.view.syncOut(r.skb, r.ctx)
	}
	r.argFault = nil
	ret, tail, err = r.helper(pc, id, a, r0)
	if r.argFault != nil {
		ret, tail, err = 0, false, &RunError{PC: pc, Msg: fmt.Sprintf("helper %d %s", id, r.argFault.Msg)}
	}
	if sync {
		r.view.syncIn(r.skb, r.ctx)
	}
	if env := &r.prog.env; env.OnHelper != nil && err == nil {
		env.OnHelper(HelperCall{ID: id, Args: a, Ret: ret})
	}
	return ret, tail, err
}

// skbHelper reports the helpers that act on the packet model.
func skbHelper(id int32) bool {
	switch id {
	case 9, 10, 11, 13, 17, 18, 19, 20, 21:
		return true
	}
	return false
}

// Implemented lists the helpers exec runs, by id; a test checks that
// every helper a profile declares is here or NotRunnable.
var Implemented = []platform.HelperID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 25,
	23, 26, 28, 34, 35, 44, 46, 54, 65, 112, 113, 114, 115, 118, 125, 130, 131, 132, 133, 134, 160, 173}

// newerHelper is why the helpers of later kernels do not run.
const newerHelper = "exec models the helpers of the 2015 UAPI (ids 1-22), perf_event_output and the common packet, clock and probe helpers of later kernels; this one needs kernel state exec has no model of yet"

// NotRunnable reports why exec does not run a helper some profile
// declares (ok false for a helper exec runs, or one no kernel knows). A
// run that calls it stops with that reason.
func NotRunnable(id platform.HelperID) (reason string, ok bool) {
	for _, i := range Implemented {
		if i == id {
			return "", false
		}
	}
	if !id.Known() {
		return "", false
	}
	if why, ok := notRunnableWhy[id]; ok {
		return why, true
	}
	return newerHelper, true
}

// notRunnableWhy are the reasons of common helpers exec does not run yet.
var notRunnableWhy = map[platform.HelperID]string{
	51:  "redirect_map needs devmap/cpumap/xskmap maps, which exec does not model",
	87:  "queue and stack maps are not modelled",
	88:  "queue and stack maps are not modelled",
	89:  "queue and stack maps are not modelled",
	165: "snprintf's format and argument array rules are not modelled",
	181: "bpf_loop calls a callback subprogram, which needs the engines' local-call machinery from a helper",
}

// random is get_prandom_u32 without Env.Rand: a per-run xorshift64*
// sequence from a fixed seed, so that runs are reproducible and share
// nothing.
func (r *run) random() uint32 {
	var v uint32
	r.rng, v = engine.RandStep(r.rng)
	return v
}

func (r *run) helper(pc int, id int32, a [5]uint64, r0 uint64) (uint64, bool, error) {
	env := &r.prog.env
	fail := func(format string, args ...any) (uint64, bool, error) {
		return 0, false, &RunError{PC: pc, Msg: fmt.Sprintf(format, args...)}
	}
	switch id {
	case 1, 2, 3: // map_lookup_elem, map_update_elem, map_delete_elem
		m := r.mapArg(a[0])
		if m == nil || m.slab == nil {
			return fail("helper %d: r1 is not a map with values", id)
		}
		key := r.readAt(a[1], int(m.spec.KeySize))
		if key == nil {
			return fail("helper %d: key is not readable memory", id)
		}
		if e := r.checkHelperRead(pc, a[1], len(key)); e != nil {
			return 0, false, e
		}
		switch id {
		case 1:
			return uint64(m.lookupAddr(key)), false, nil
		case 2:
			val := r.readAt(a[2], int(m.spec.ValueSize))
			if val == nil {
				return fail("map_update_elem: value is not readable memory")
			}
			if e := r.checkHelperRead(pc, a[2], len(val)); e != nil {
				return 0, false, e
			}
			return errnoOf(m.Update(key, val, a[3])), false, nil
		}
		return errnoOf(m.Delete(key)), false, nil
	case 4: // probe_read(dst, size, src)
		dst := r.bytesAt(a[0], int(int32(a[1])))
		if dst == nil {
			return fail("probe_read: destination is not writable memory")
		}
		r.wrote(a[0], len(dst))
		if env.Memory == nil || env.Memory.ReadAt(dst, a[2]) != nil {
			clear(dst)
			return negErrno(eFAULT), false, nil
		}
		return 0, false, nil
	case 5: // ktime_get_ns
		if env.Clock == nil {
			return 0, false, nil
		}
		return env.Clock(), false, nil
	case 6: // trace_printk(fmt, size, ...)
		f := r.readAt(a[0], int(int32(a[1])))
		if f == nil {
			return fail("trace_printk: format is not readable memory")
		}
		return r.tracePrintk(f, a[2], a[3], a[4]), false, nil
	case 7: // get_prandom_u32
		if env.Rand != nil {
			return uint64(env.Rand()), false, nil
		}
		return uint64(r.random()), false, nil
	case 8:
		return uint64(env.CPU), false, nil
	case 17: // get_cgroup_classid: the skb's, else the current task's
		if r.skb == nil {
			return uint64(env.Task.CgroupClassID), false, nil
		}
		return uint64(r.skb.CgroupClassID), false, nil
	case 9, 10, 11, 13, 18, 19, 20, 21:
		if r.skb == nil {
			return fail("helper %d needs an __sk_buff context", id)
		}
		return r.skbHelper(pc, id, a)
	case 12: // tail_call(ctx, prog_array, index)
		m := r.mapArg(a[1])
		// A failed tail call goes on with the next instruction, r0 unchanged.
		if m == nil || m.progs == nil || a[2] >= uint64(m.spec.MaxEntries) || r.tails >= MaxTailCalls {
			return r0, false, nil
		}
		m.mu.Lock()
		target := m.progs[a[2]]
		m.mu.Unlock()
		if target == nil || !r.tailTarget(target) {
			return r0, false, nil
		}
		r.tails++
		r.next = target
		return 0, true, nil
	case 14:
		return uint64(env.Task.TGID)<<32 | uint64(env.Task.PID), false, nil
	case 15:
		return uint64(env.Task.GID)<<32 | uint64(env.Task.UID), false, nil
	case 16: // get_current_comm(buf, size)
		dst := r.bytesAt(a[0], int(int32(a[1])))
		if dst == nil {
			return fail("get_current_comm: buffer is not writable memory")
		}
		r.wrote(a[0], len(dst))
		clear(dst)
		if len(dst) > 0 {
			copy(dst[:len(dst)-1], env.Task.Comm)
		}
		return 0, false, nil
	case 22: // perf_event_read(map, index)
		m := r.mapArg(a[0])
		if m == nil || m.perf == nil || a[1] >= uint64(m.spec.MaxEntries) {
			return negErrno(eE2BIG), false, nil
		}
		m.mu.Lock()
		read := m.perf[a[1]]
		m.mu.Unlock()
		if read == nil {
			return negErrno(2), false, nil
		}
		return read(), false, nil
	case 25: // perf_event_output(ctx, map, flags, data, size): from the 4.4 UAPI
		m := r.mapArg(a[1])
		if m == nil || m.outputs == nil {
			return negErrno(eINVAL), false, nil
		}
		index := a[2] & 0xffffffff
		if a[2]>>32 != 0 {
			return negErrno(eINVAL), false, nil
		}
		if index == 0xffffffff { // BPF_F_CURRENT_CPU
			index = uint64(env.CPU)
		}
		if index >= uint64(m.spec.MaxEntries) {
			return negErrno(eE2BIG), false, nil
		}
		data := r.readAt(a[3], int(int32(a[4])))
		if data == nil {
			return fail("perf_event_output: data is not readable memory")
		}
		m.mu.Lock()
		reader := m.outputs[index]
		m.mu.Unlock()
		if reader == nil {
			return negErrno(eNOENT), false, nil
		}
		reader(append([]byte(nil), data...))
		return 0, false, nil
	}
	if ret, ok, err := r.modernHelper(pc, id, a); ok {
		return ret, false, err
	}
	if why, ok := NotRunnable(platform.HelperID(id)); ok {
		return fail("helper %d (%s) does not run here: %s", id, platform.HelperID(id), why)
	}
	return fail("unknown helper %d", id)
}

// wrote marks stack bytes a helper wrote as initialised.
func (r *run) wrote(addr uint64, n int) {
	if off, ok := inside(r.stack[:], addr, n); ok {
		for i := 0; i < n; i++ {
			r.init[off+i] = true
		}
	}
}

// tracePrintk formats like the 2015 kernel's bpf_trace_printk: the format
// must end in a NUL inside size; at most three conversions among %d %i %u
// %x %ld %li %lu %lx %lld %lli %llu %llx %p and %s (one); %% is literal.
// Anything else returns -EINVAL and prints nothing.
func (r *run) tracePrintk(f []byte, args ...uint64) uint64 {
	end := strings.IndexByte(string(f), 0)
	if end < 0 {
		return negErrno(eINVAL)
	}
	format := string(f[:end])
	var out strings.Builder
	n, strs := 0, 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			out.WriteByte(c)
			continue
		}
		i++
		if i < len(format) && format[i] == '%' {
			out.WriteByte('%')
			continue
		}
		if n >= 3 {
			return negErrno(eINVAL)
		}
		long := 0
		for i < len(format) && format[i] == 'l' && long < 2 {
			long++
			i++
		}
		if i >= len(format) {
			return negErrno(eINVAL)
		}
		v := args[n]
		n++
		switch format[i] {
		case 'd', 'i':
			if long == 0 {
				fmt.Fprintf(&out, "%d", int32(v))
			} else {
				fmt.Fprintf(&out, "%d", int64(v))
			}
		case 'u':
			if long == 0 {
				fmt.Fprintf(&out, "%d", uint32(v))
			} else {
				fmt.Fprintf(&out, "%d", v)
			}
		case 'x':
			if long == 0 {
				fmt.Fprintf(&out, "%x", uint32(v))
			} else {
				fmt.Fprintf(&out, "%x", v)
			}
		case 'p':
			if long != 0 {
				return negErrno(eINVAL)
			}
			fmt.Fprintf(&out, "0x%x", v)
		case 's':
			if long != 0 || strs > 0 {
				return negErrno(eINVAL)
			}
			strs++
			out.WriteString(r.cString(v))
		default:
			return negErrno(eINVAL)
		}
	}
	if w := r.prog.env.Trace; w != nil {
		fmt.Fprint(w, out.String())
	}
	return uint64(out.Len())
}

// cString reads a NUL-terminated string of run memory (at most 64 bytes).
func (r *run) cString(addr uint64) string {
	var b []byte
	for i := 0; i < 64; i++ {
		c := r.bytesAt(addr+uint64(i), 1)
		if c == nil || c[0] == 0 {
			break
		}
		b = append(b, c[0])
	}
	return string(b)
}

// skbHelper runs the helpers that act on the packet model.
func (r *run) skbHelper(pc int, id int32, a [5]uint64) (uint64, bool, error) {
	s := r.skb
	pkt := r.packet()
	switch id {
	case 9: // skb_store_bytes(ctx, off, from, len, flags)
		n := int(int32(a[3]))
		from := r.readAt(a[2], n)
		off := int64(int32(a[1]))
		if from == nil || off < 0 || off+int64(n) > int64(len(pkt)) || a[4] > 1 {
			return negErrno(eFAULT), false, nil
		}
		copy(pkt[off:], from)
		return 0, false, nil
	case 10, 11: // l3/l4_csum_replace(ctx, off, from, to, flags)
		off := int64(int32(a[1]))
		if off < 0 || off+2 > int64(len(pkt)) {
			return negErrno(eFAULT), false, nil
		}
		size := a[4] & 0xf
		if size != 2 && size != 4 && !(id == 11 && size == 0) {
			return negErrno(eINVAL), false, nil
		}
		sum := binary.BigEndian.Uint16(pkt[off:])
		binary.BigEndian.PutUint16(pkt[off:], csumReplace(sum, uint32(a[2]), uint32(a[3]), int(size)))
		return 0, false, nil
	case 13: // clone_redirect(ctx, ifindex, flags)
		s.Redirects = append(s.Redirects, Redirect{Ifindex: uint32(a[1]), Ingress: a[2]&1 != 0})
		return 0, false, nil
	case 17:
		return uint64(s.CgroupClassID), false, nil
	case 18: // skb_vlan_push(ctx, proto, tci)
		proto := uint16(a[1])
		if proto != 0x0081 && proto != 0xa888 { // ETH_P_8021Q, ETH_P_8021AD in network order
			return negErrno(eINVAL), false, nil
		}
		s.VLANPresent, s.VLANProto, s.VLANTCI = true, uint32(proto), uint32(uint16(a[2]))
		return 0, false, nil
	case 19:
		s.VLANPresent, s.VLANTCI, s.VLANProto = false, 0, 0
		return 0, false, nil
	case 20, 21: // skb_{get,set}_tunnel_key(ctx, key, size, flags)
		key := r.bytesAt(a[1], int(int32(a[2])))
		if id == 21 {
			key = r.readAt(a[1], int(int32(a[2])))
		}
		if key == nil || len(key) != 8 || a[3] != 0 {
			return negErrno(eINVAL), false, nil
		}
		if id == 20 {
			binary.LittleEndian.PutUint32(key, s.TunnelID)
			binary.LittleEndian.PutUint32(key[4:], s.TunnelRemote)
			r.wrote(a[1], 8)
		} else {
			s.TunnelID, s.TunnelRemote = binary.LittleEndian.Uint32(key), binary.LittleEndian.Uint32(key[4:])
		}
		return 0, false, nil
	}
	return 0, false, &RunError{PC: pc, Msg: fmt.Sprintf("unknown helper %d", id)}
}

// csumReplace updates a 16-bit ones'-complement checksum (stored in network
// byte order) for a field changing from old to new (RFC 1624); size 2 uses
// the low 16 bits of each.
func csumReplace(sum uint16, old, new uint32, size int) uint16 {
	acc := uint32(^sum)
	if size == 2 {
		acc += uint32(^uint16(old)) + uint32(uint16(new))
	} else {
		acc += uint32(^uint16(old>>16)) + uint32(^uint16(old)) + uint32(uint16(new>>16)) + uint32(uint16(new))
	}
	for acc>>16 != 0 {
		acc = acc&0xffff + acc>>16
	}
	return ^uint16(acc)
}
