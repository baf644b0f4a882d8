# END to big endian 16 of an initialised register gives inv.
# expect: accept
r0 = 1
r0 = be16 r0
exit
