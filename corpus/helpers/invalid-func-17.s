# Helper 17 is past __BPF_FUNC_MAX_ID in 4.2; in 4.3 socket filters lack it.
# expect: reject EINVAL invalid func 17
# expect linux-4.3: reject EINVAL unknown func 17
call 17
r0 = 0
exit
