# An immediate store into cb[] is accepted but never rewritten.
# expect: accept
# warning: unsafe-ctx-store
*(u32 *)(r1 +48) = 7
r0 = 0
exit
