# 32-bit modulo by the constant 0.
# expect: reject EINVAL div by zero
r0 = 7
(94) (u32) r0 %= (u32) 0
exit
