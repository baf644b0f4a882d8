# ktime_get_ns is GPL-only.
# flags: --license MIT
# expect: reject EINVAL cannot call GPL only function from proprietary program
call 5
exit
