# callx (BPF_CALL with the X bit).
# expect: reject EINVAL BPF_CALL uses reserved fields
r2 = 7
callx r2
r0 = 0
exit
