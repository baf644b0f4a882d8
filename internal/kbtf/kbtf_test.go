package kbtf

import (
	"os"
	"strings"
	"testing"

	"github.com/cilium/ebpf/btf"
)

func kernelSpec(t *testing.T) *btf.Spec {
	t.Helper()
	if _, err := os.Stat("/sys/kernel/btf/vmlinux"); err != nil {
		t.Skip("no kernel BTF")
	}
	s, err := Kernel()
	if err != nil {
		t.Skip(err)
	}
	return s
}

// TestTargets resolves one attach target of each kind.
func TestTargets(t *testing.T) {
	spec := kernelSpec(t)
	task, ok := StructID(spec, "task_struct")
	if !ok {
		t.Fatal("no task_struct")
	}
	tests := []struct {
		kind, name string
		args       int
		ptrArg     int // an argument that points to a struct, -1 none
		ret        bool
	}{
		{KindTPBTF, "sched_switch", 4, 1, false}, // the hidden first argument skipped
		{KindFunc, "do_unlinkat", 2, 1, true},
		{KindLSM, "file_open", 1, 0, true},
		{KindIter, "task", 2, 1, true},
		{KindStructOps, "tcp_congestion_ops.cong_avoid", 3, 0, false},
	}
	for _, tt := range tests {
		tg, e := FindTarget(spec, tt.kind, tt.name)
		if e != nil {
			t.Errorf("%s %s: %v", tt.kind, tt.name, e)
			continue
		}
		if len(tg.Args) != tt.args || (tg.Ret != nil) != tt.ret || tg.Args[tt.ptrArg].Kind != ArgPtr {
			t.Errorf("%s %s: %+v", tt.kind, tt.name, tg)
		}
	}
	tg, _ := FindTarget(spec, KindTPBTF, "sched_switch")
	if tg.Args[1].Struct != task || tg.Args[0].Kind != ArgScalar {
		t.Errorf("sched_switch: %+v", tg.Args)
	}
	if _, e := FindTarget(spec, KindFunc, "no_such_function_here"); e == nil {
		t.Error("a missing function was found")
	}
}

// TestWalk checks btf_struct_walk's answers on task_struct.
func TestWalk(t *testing.T) {
	spec := kernelSpec(t)
	task, _ := StructID(spec, "task_struct")
	var s *btf.Struct
	if err := spec.TypeByName("task_struct", &s); err != nil {
		t.Fatal(err)
	}
	off := map[string]int{}
	for _, m := range s.Members {
		off[m.Name] = int(m.Offset / 8)
	}
	tests := []struct {
		off, size int
		kind      LoadKind
		err       string
	}{
		{off["pid"], 4, LoadScalar, ""},
		{off["real_parent"], 8, LoadPtr, ""},
		{off["real_parent"] + 4, 4, 0, "cannot access ptr member real_parent"},
		{off["stack"], 8, LoadUntrustedMem, ""},
		{off["comm"] + 3, 8, LoadScalar, ""}, // an int array is scratch space
		{off["flags"] + 2, 4, 0, "access beyond the end of member flags"},
		{int(s.Size), 1, 0, "access beyond struct task_struct at off"},
	}
	for _, tt := range tests {
		ld, e := Walk(spec, task, tt.off, tt.size)
		switch {
		case tt.err != "" && (e == nil || !strings.Contains(e.Msg, tt.err)):
			t.Errorf("off %d size %d: %v, want %q", tt.off, tt.size, e, tt.err)
		case tt.err == "" && (e != nil || ld.Kind != tt.kind):
			t.Errorf("off %d size %d: %+v %v, want kind %d", tt.off, tt.size, ld, e, tt.kind)
		}
	}
	ld, _ := Walk(spec, task, off["real_parent"], 8)
	if !SafeField(spec, task, "real_parent", ld.Target, "__safe_rcu") || SafeField(spec, task, "real_parent", ld.Target, "__safe_trusted") {
		t.Error("task_struct.real_parent is listed in task_struct__safe_rcu only")
	}
}
