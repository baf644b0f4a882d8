# The pre-pass checks map fds in unreachable code too.
# expect: reject EBADF fd 5 is not pointing to valid bpf_map
r0 = 0
exit
r1 = map[5]
exit
