# A callback's address loaded in a program without BTF func_info (raw or text input): the kernel refuses it.
# flags: --type socket_filter
# expect: reject EINVAL missing btf func_info
r1 = 4
r2 = func[+6]
r3 = 0
r4 = 0
call 181
r0 = 0
exit
r0 = 0
exit
