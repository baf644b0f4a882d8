# calls bpf_skb_load_bytes (Linux 4.5)
r6 = r1
r1 = r6
r2 = 0
r3 = r10
r3 += -8
r4 = 4
call 26
r0 = 0
exit
