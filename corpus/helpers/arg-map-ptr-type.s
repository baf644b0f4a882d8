# r1 must be a map pointer.
# flags: --map hash:8:8:16
# expect: reject EACCES R1 type=imm expected=map_ptr
r1 = 5
call 1
exit
