# A map pointer cannot be dereferenced.
# flags: --map hash:8:8:16
# expect: reject EACCES R1 invalid mem access 'map_ptr'
r1 = map[0]
r0 = *(u64 *)(r1 +0)
exit
