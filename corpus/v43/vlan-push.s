# skb_vlan_push (18) exists from 4.3 for tc programs.
# flags: --type sched_cls
# expect: reject EINVAL invalid func 18
# expect linux-4.3: accept
r2 = 129
r3 = 5
call 18
exit
