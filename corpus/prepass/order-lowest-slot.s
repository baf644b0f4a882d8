# The lowest offending slot decides: the map fd at slot 0 before the LDX at slot 2.
# expect: reject EBADF fd 3 is not pointing to valid bpf_map
r1 = map[3]
.insn 0x61, 0, 1, 0, 7
exit
