# A helper call with an offset.
# expect: reject EINVAL BPF_CALL uses reserved fields
.insn 0x85, 0, 0, 1, 7
r0 = 0
exit
