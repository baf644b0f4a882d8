# ALU32 ARSH is accepted although the 2015 interpreter lacks it.
# expect: accept
# warning: alu32-arsh
r0 = -8
(c4) (u32) r0 s>>= (u32) 1
exit
