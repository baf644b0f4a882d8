# skb_get_tunnel_key needs initialised stack in the verifier.
# flags: --type sched_cls
# expect: reject EINVAL invalid func 20
# expect linux-4.3: reject EACCES invalid indirect read from stack off -8+0 size 8
r2 = r10
r2 += -8
r3 = 8
r4 = 0
call 20
exit
