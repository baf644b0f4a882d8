# An array map with 8-byte keys cannot be created, so its fd is invalid.
# flags: --map array:8:8:4
# expect: reject EBADF fd 0 is not pointing to valid bpf_map
r1 = map[0]
r0 = 0
exit
