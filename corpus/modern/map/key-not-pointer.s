# The key must be a pointer.
# flags: --map hash:8:16:10 --type socket_filter
# expect: reject EACCES R2 type=scalar expected=fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_
r2 = 0
r1 = map[0]
call 1
r0 = 0
exit
