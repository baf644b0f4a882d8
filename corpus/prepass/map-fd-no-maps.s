# A map load in a program given no maps.
# expect: reject EBADF fd 0 is not pointing to valid bpf_map
r1 = map[0]
r0 = 0
exit
