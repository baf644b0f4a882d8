# A license must match a GPL-compatible name exactly: Dual_BSD/GPL does not.
# flags: --license Dual_BSD/GPL
# expect: reject EINVAL cannot call GPL only function from proprietary program
call 5
exit
