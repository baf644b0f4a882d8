# Twenty diamonds that spill different pointers defeat pruning and exceed 32768 processed instructions.
# expect: reject E2BIG BPF program is too large. Proccessed 32769 insn
# log: no
r0 = *(u32 *)(r1 +0)
r2 = r10
r2 += -8
if r0 > 0x0 goto pc+2
*(u64 *)(r10 -16) = r1
goto pc+1
*(u64 *)(r10 -16) = r2
if r0 > 0x1 goto pc+2
*(u64 *)(r10 -24) = r1
goto pc+1
*(u64 *)(r10 -24) = r2
if r0 > 0x2 goto pc+2
*(u64 *)(r10 -32) = r1
goto pc+1
*(u64 *)(r10 -32) = r2
if r0 > 0x3 goto pc+2
*(u64 *)(r10 -40) = r1
goto pc+1
*(u64 *)(r10 -40) = r2
if r0 > 0x4 goto pc+2
*(u64 *)(r10 -48) = r1
goto pc+1
*(u64 *)(r10 -48) = r2
if r0 > 0x5 goto pc+2
*(u64 *)(r10 -56) = r1
goto pc+1
*(u64 *)(r10 -56) = r2
if r0 > 0x6 goto pc+2
*(u64 *)(r10 -64) = r1
goto pc+1
*(u64 *)(r10 -64) = r2
if r0 > 0x7 goto pc+2
*(u64 *)(r10 -72) = r1
goto pc+1
*(u64 *)(r10 -72) = r2
if r0 > 0x8 goto pc+2
*(u64 *)(r10 -80) = r1
goto pc+1
*(u64 *)(r10 -80) = r2
if r0 > 0x9 goto pc+2
*(u64 *)(r10 -88) = r1
goto pc+1
*(u64 *)(r10 -88) = r2
if r0 > 0xa goto pc+2
*(u64 *)(r10 -96) = r1
goto pc+1
*(u64 *)(r10 -96) = r2
if r0 > 0xb goto pc+2
*(u64 *)(r10 -104) = r1
goto pc+1
*(u64 *)(r10 -104) = r2
if r0 > 0xc goto pc+2
*(u64 *)(r10 -112) = r1
goto pc+1
*(u64 *)(r10 -112) = r2
if r0 > 0xd goto pc+2
*(u64 *)(r10 -120) = r1
goto pc+1
*(u64 *)(r10 -120) = r2
if r0 > 0xe goto pc+2
*(u64 *)(r10 -128) = r1
goto pc+1
*(u64 *)(r10 -128) = r2
if r0 > 0xf goto pc+2
*(u64 *)(r10 -136) = r1
goto pc+1
*(u64 *)(r10 -136) = r2
if r0 > 0x10 goto pc+2
*(u64 *)(r10 -144) = r1
goto pc+1
*(u64 *)(r10 -144) = r2
if r0 > 0x11 goto pc+2
*(u64 *)(r10 -152) = r1
goto pc+1
*(u64 *)(r10 -152) = r2
if r0 > 0x12 goto pc+2
*(u64 *)(r10 -160) = r1
goto pc+1
*(u64 *)(r10 -160) = r2
if r0 > 0x13 goto pc+2
*(u64 *)(r10 -168) = r1
goto pc+1
*(u64 *)(r10 -168) = r2
r0 = 0
exit
