# __sk_buff's cb[] is writable by a socket filter.
# flags: --type socket_filter
# expect: accept
r0 = 0
*(u32 *)(r1 +48) = r0
exit
