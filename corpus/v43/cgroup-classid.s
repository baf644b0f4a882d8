# get_cgroup_classid (17) for tc.
# flags: --type sched_act
# expect: reject EINVAL invalid func 17
# expect linux-4.3: accept
call 17
exit
