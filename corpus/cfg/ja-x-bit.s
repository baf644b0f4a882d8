# A JA with the X bit is rejected without a message.
# expect: reject-silent EINVAL BPF_JA uses the BPF_X source bit (code 0x0d)
r0 = 0
.insn 0x0d, 0, 0, 0, 0
exit
