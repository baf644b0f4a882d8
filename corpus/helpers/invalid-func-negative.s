# A negative helper id.
# expect: reject EINVAL invalid func -1
call -1
r0 = 0
exit
