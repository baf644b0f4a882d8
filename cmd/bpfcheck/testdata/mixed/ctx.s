# reads past the end of __sk_buff
r0 = *(u32 *)(r1 +1000)
exit
