# probe_read's destination must already be initialised stack in 2015.
# flags: --type kprobe
# expect: reject EACCES invalid indirect read from stack off -16+0 size 16
r1 = r10
r1 += -16
r2 = 16
r3 = 0
call 4
exit
