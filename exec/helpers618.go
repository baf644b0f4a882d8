package exec

import (
	"encoding/binary"
	"fmt"
	"math/bits"
)

// The helpers of later kernels that exec runs on its models.

// Program return values the redirect helpers give.
const (
	xdpAborted   = 0
	xdpRedirect  = 4
	tcActShot    = 2
	tcActRedir   = 7
	bpfFIngress  = 1
	maxCsumDiff  = 512 // bytes csum_diff takes at most (the kernel's scratch buffer)
	probeStrFail = eFAULT
)

// modernHelper runs the later helpers exec implements; ok is false for an
// id it does not know.
func (r *run) modernHelper(pc int, id int32, a [5]uint64) (ret uint64, ok bool, err error) {
	env := &r.prog.env
	fail := func(format string, args ...any) (uint64, bool, error) {
		return 0, true, &RunError{PC: pc, Msg: fmt.Sprintf(format, args...)}
	}
	switch id {
	case 23: // redirect(ifindex, flags)
		rd := Redirect{Ifindex: uint32(a[0]), Ingress: a[1]&bpfFIngress != 0}
		switch {
		case r.xdp != nil:
			if a[1] != 0 {
				return xdpAborted, true, nil
			}
			r.xdp.Redirects = append(r.xdp.Redirects, rd)
			return xdpRedirect, true, nil
		case r.skb != nil:
			if a[1]&^bpfFIngress != 0 {
				return tcActShot, true, nil
			}
			r.skb.Redirects = append(r.skb.Redirects, rd)
			return tcActRedir, true, nil
		}
		return fail("redirect needs an __sk_buff or xdp_md context")
	case 26: // skb_load_bytes(skb, off, to, len)
		n := int(int32(a[3]))
		to := r.bytesAt(a[2], n)
		if to == nil {
			return fail("skb_load_bytes: destination is not writable memory")
		}
		r.wrote(a[2], n)
		pkt, off := r.packet(), uint64(uint32(a[1]))
		if r.skb == nil || off+uint64(n) > uint64(len(pkt)) {
			clear(to)
			return negErrno(eFAULT), true, nil
		}
		copy(to, pkt[off:])
		return 0, true, nil
	case 28: // csum_diff(from, from_size, to, to_size, seed)
		fs, ts := uint32(a[1]), uint32(a[3])
		if (fs|ts)%4 != 0 || uint64(fs)+uint64(ts) > maxCsumDiff {
			return negErrno(eINVAL), true, nil
		}
		from, to := r.readAt(a[0], int(fs)), r.readAt(a[2], int(ts))
		if from == nil || to == nil {
			return fail("csum_diff: buffers are not readable memory")
		}
		return csumDiff(from, to, uint32(a[4])), true, nil
	case 34: // get_hash_recalc(skb)
		if r.skb == nil {
			return fail("get_hash_recalc needs an __sk_buff context")
		}
		return uint64(r.skb.Hash), true, nil
	case 35: // get_current_task
		return env.Task.Addr, true, nil
	case 44, 54, 65: // xdp_adjust_head, xdp_adjust_meta, xdp_adjust_tail (ctx, delta)
		if r.xdp == nil || !r.pk.on {
			return fail("helper %d needs an xdp_md context", id)
		}
		d := int64(int32(a[1]))
		switch id {
		case 44:
			ret = r.pk.adjustHead(d)
		case 54:
			ret = r.pk.adjustMeta(d)
		default:
			ret = r.pk.adjustTail(d)
		}
		putPtrs(r.ptrs, r.ctx, &r.pk)
		return ret, true, nil
	case 46: // get_socket_cookie(skb)
		if r.skb == nil {
			return fail("get_socket_cookie runs only on an __sk_buff context here")
		}
		return r.skb.SocketCookie, true, nil
	case 112, 113: // probe_read_user, probe_read_kernel (dst, size, src)
		return r.probeRead(pc, a, false)
	case 114, 115: // probe_read_user_str, probe_read_kernel_str
		return r.probeRead(pc, a, true)
	case 118: // jiffies64
		if env.Jiffies != nil {
			return env.Jiffies(), true, nil
		}
		return env.Clock() / 1_000_000, true, nil
	case 125, 160: // ktime_get_boot_ns, ktime_get_coarse_ns
		return env.Clock(), true, nil
	case 130, 131, 132, 133, 134:
		return r.ringHelper(pc, id, a)
	case 173: // get_func_ip
		return env.FuncIP, true, nil
	}
	return 0, false, nil
}

// probeRead is probe_read_{user,kernel}(_str): it fills dst from
// Env.Memory; on a fault dst is zeroed and the result is -EFAULT. The
// string forms stop after a NUL or size-1 bytes, always NUL-terminate
// and return the length with the NUL.
func (r *run) probeRead(pc int, a [5]uint64, str bool) (uint64, bool, error) {
	n := int(uint32(a[1]))
	dst := r.bytesAt(a[0], n)
	if dst == nil {
		return 0, true, &RunError{PC: pc, Msg: "probe_read: destination is not writable memory"}
	}
	r.wrote(a[0], n)
	mem := r.prog.env.Memory
	if !str {
		if mem == nil || mem.ReadAt(dst, a[2]) != nil {
			clear(dst)
			return negErrno(eFAULT), true, nil
		}
		return 0, true, nil
	}
	if n == 0 {
		return 0, true, nil
	}
	var c [1]byte
	for i := 0; i < n-1; i++ {
		if mem == nil || mem.ReadAt(c[:], a[2]+uint64(i)) != nil {
			clear(dst)
			return negErrno(probeStrFail), true, nil
		}
		dst[i] = c[0]
		if c[0] == 0 {
			return uint64(i + 1), true, nil
		}
	}
	dst[n-1] = 0
	return uint64(n), true, nil
}

// csumDiff is csum_diff: the 32-bit ones'-complement sum (x86-64's
// csum_partial: 32-bit words as the CPU loads them, carries folded back)
// of seed, the complement of every word of from and every word of to.
func csumDiff(from, to []byte, seed uint32) uint64 {
	sum := uint64(seed)
	for i := 0; i+4 <= len(from); i += 4 {
		sum += uint64(^binary.LittleEndian.Uint32(from[i:]))
	}
	for i := 0; i+4 <= len(to); i += 4 {
		sum += uint64(binary.LittleEndian.Uint32(to[i:]))
	}
	for sum>>32 != 0 {
		lo, c := bits.Add32(uint32(sum), uint32(sum>>32), 0)
		sum = uint64(lo) + uint64(c)
	}
	return sum
}
