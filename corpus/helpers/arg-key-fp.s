# r10 itself is fp, not fp-N: both print as fp.
# flags: --map hash:8:8:16
# expect: reject EACCES R2 type=fp expected=fp
r1 = map[0]
r2 = r10
call 1
exit
