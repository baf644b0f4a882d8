# Helper 23 is past __BPF_FUNC_MAX_ID in 4.3.
# expect: reject EINVAL invalid func 23
call 23
r0 = 0
exit
