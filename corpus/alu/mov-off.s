# MOV with an offset (movsx is from 2023).
# expect: reject EINVAL BPF_MOV uses reserved fields
r0 = (s8) r1
exit
