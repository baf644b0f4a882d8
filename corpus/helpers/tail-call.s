# tail_call with a prog_array, then r0 must be set again.
# flags: --map prog_array:4:4:4
# expect: accept
r2 = map[0]
r3 = 0
call 12
r0 = 0
exit
