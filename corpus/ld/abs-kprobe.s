# kprobe programs cannot use LD_ABS.
# flags: --type kprobe
# expect: reject EINVAL BPF_LD_ABS|IND instructions not allowed for this program type
r6 = r1
r0 = *(u8 *)skb[0]
exit
