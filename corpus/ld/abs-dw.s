# LD_ABS of 8 bytes is accepted by the 4.2 verifier.
# expect: accept
# warning: ld-abs-dw
r6 = r1
.insn 0x38, 0, 0, 0, 0
exit
