# A goto to itself.
# expect: reject EINVAL back-edge from insn 0 to 0
goto pc-1
exit
