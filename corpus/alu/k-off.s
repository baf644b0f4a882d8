# An ALU K op with an offset (sdiv is from 2023).
# expect: reject EINVAL BPF_ALU uses reserved fields
r0 = 7
r0 s/= 2
exit
