# An ld_imm64 with src_reg 2 (map value) is unknown in 2015.
# flags: --map hash:8:8:16
# expect: reject EINVAL unrecognized bpf_ld_imm64 insn
r1 = map_value[0]+0
r0 = 0
exit
