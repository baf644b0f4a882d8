# Alignment uses only insn->off in 4.2; 4.3 adds the register's offset.
# expect: reject EACCES misaligned access off 2 size 8
# expect linux-4.3: accept
r1 = r10
r1 += -10
*(u64 *)(r1 +2) = 1
r0 = 0
exit
