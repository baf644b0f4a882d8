# A map load of fd 1 when only one map exists.
# flags: --map hash:8:8:16
# expect: reject EBADF fd 1 is not pointing to valid bpf_map
r1 = map[1]
r0 = 0
exit
