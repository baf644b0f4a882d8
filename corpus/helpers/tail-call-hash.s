# tail_call given a hash map is rejected without a message.
# flags: --map hash:8:8:16
# expect: reject-silent EINVAL map of type hash cannot be passed to helper tail_call
r2 = map[0]
r3 = 0
call 12
r0 = 0
exit
