# fp-8 plus a constant is inv: only fp itself gains an offset.
# expect: reject EACCES R2 type=inv expected=fp
# flags: --map hash:8:8:16
*(u64 *)(r10 -16) = 0
r2 = r10
r2 += -8
r2 += -8
r1 = map[0]
call 1
r0 = 0
exit
