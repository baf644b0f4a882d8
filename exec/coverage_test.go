package exec_test

import (
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/exec"
	"github.com/bpfcheck/bpfcheck/internal/platform"
	"github.com/bpfcheck/bpfcheck/ir"
)

// TestProfileHelpersAreImplemented checks that every helper a profile
// declares (internal/platform's tables: linux-4.2, linux-4.3, linux-6.18)
// is implemented by exec or marked not runnable with a reason, and that the
// kernel profiles' helpers all run.
func TestProfileHelpersAreImplemented(t *testing.T) {
	impl := map[platform.HelperID]bool{}
	for _, id := range exec.Implemented {
		impl[id] = true
	}
	profiles := platform.HelperProfiles()
	if len(profiles) < 2 {
		t.Fatalf("helper tables for %v only", profiles)
	}
	for _, name := range profiles {
		for _, h := range platform.Helpers(name) {
			why, skipped := exec.NotRunnable(h.ID)
			switch {
			case impl[h.ID] && skipped:
				t.Errorf("%s: helper %d (%s) is implemented and marked not runnable", name, h.ID, h.ID)
			case !impl[h.ID] && (!skipped || why == ""):
				t.Errorf("%s: helper %d (%s) is neither implemented nor marked not runnable", name, h.ID, h.ID)
			case !impl[h.ID] && (name == "linux-4.2" || name == "linux-4.3"):
				t.Errorf("%s: helper %d (%s) of a kernel profile does not run", name, h.ID, h.ID)
			}
		}
	}
	// The absint profiles' per-type lists name only declared helpers.
	for _, name := range absint.ProfileNames() {
		prof, _ := absint.LookupProfile(name)
		for typ, rules := range prof.ProgTypes {
			for _, id := range rules.Helpers {
				if _, ok := platform.Helper(name, platform.HelperID(id)); !ok || !impl[platform.HelperID(id)] {
					t.Errorf("%s %s: helper %d is not both declared and implemented", name, typ, id)
				}
			}
		}
	}
}

// skbModelValue gives each __sk_buff field a distinct value in the model,
// set through SkBuff's own fields.
func skbModelValue(s *exec.SkBuff, name string, v uint32) (ok bool) {
	switch name {
	case "len":
		s.Packet = make([]byte, v)
	case "pkt_type":
		s.PktType = v
	case "mark":
		s.Mark = v
	case "queue_mapping":
		s.QueueMapping = v
	case "protocol":
		s.Protocol = v
	case "vlan_present":
		s.VLANPresent = v != 0
	case "vlan_tci":
		s.VLANTCI = v
	case "vlan_proto":
		s.VLANProto = v
	case "priority":
		s.Priority = v
	case "ingress_ifindex":
		s.IngressIfindex = v
	case "ifindex":
		s.Ifindex = v
	case "tc_index":
		s.TCIndex = v
	case "hash":
		s.Hash = v
	default:
		var i int
		if _, err := fmt.Sscanf(name, "cb[%d]", &i); err != nil || i < 0 || i >= 5 {
			return false
		}
		s.CB[i] = v
	}
	return true
}

func skbModelGet(s *exec.SkBuff, name string) uint32 {
	switch name {
	case "mark":
		return s.Mark
	case "tc_index":
		return s.TCIndex
	}
	var i int
	fmt.Sscanf(name, "cb[%d]", &i)
	return s.CB[i]
}

// TestContextFieldsAreBacked checks, for every profile and program type,
// every load and store the verifier allows on the context: the verified
// program runs on exec's model, a load gives the model's value of that
// field, and a store reaches the model.
func TestContextFieldsAreBacked(t *testing.T) {
	sizes := map[int]string{1: "u8", 2: "u16", 4: "u32", 8: "u64"}
	checked := 0
	for _, name := range absint.ProfileNames() {
		prof, _ := absint.LookupProfile(name)
		for typ, rules := range prof.ProgTypes {
			layout := rules.Ctx
			for off := 0; off < layout.Size+8; off++ {
				for size, sz := range sizes {
					for _, write := range []bool{false, true} {
						if _, ok := layout.Allows(off, size, write); !ok {
							continue
						}
						src := fmt.Sprintf("r0 = *(%s *)(r1 %+d)\nexit", sz, off)
						if write {
							src = fmt.Sprintf("*(%s *)(r1 %+d) = 119\nr0 = 0\nexit", sz, off)
						}
						insns, _ := ir.Assemble(src)
						res, err := absint.Verify(&ir.Program{Name: "f", Type: typ, Insns: insns, License: "GPL"}, absint.Options{Profile: name})
						if err != nil || res.Verdict != absint.Accept {
							t.Errorf("%s %s: %q allowed by the layout but rejected: %+v", name, typ, src, res.Diag)
							continue
						}
						f, _ := layout.FieldAt(off, size)
						checkBacked(t, res.Verified, layout, f, off, size, write)
						checked++
					}
				}
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d accesses checked", checked)
	}
}

func checkBacked(t *testing.T, v *absint.Verified, layout *platform.Context, f platform.Field, off, size int, write bool) {
	t.Helper()
	what := fmt.Sprintf("%s %s %s off %d size %d write %v", v.Profile(), v.Type(), layout.Name, off, size, write)
	for _, e := range engines() {
		prog, err := exec.Load(v, nil, exec.Options{Engine: e})
		if err != nil {
			t.Errorf("%s: %v", what, err)
			return
		}
		defer prog.Close()
		switch layout.Name {
		case "__sk_buff":
			skb := &exec.SkBuff{}
			val := uint32(0x1000 + f.Off)
			if f.Name == "vlan_present" {
				val = 1
			}
			if !skbModelValue(skb, f.Name, val) {
				t.Errorf("%s: the test knows no model field %s", what, f.Name)
				return
			}
			r0, err := prog.Run(skb)
			switch {
			case err != nil:
				t.Errorf("%s: %v", what, err)
			case write && skbModelGet(skb, f.Name) != 119:
				t.Errorf("%s: the store did not reach the model's %s", what, f.Name)
			case !write && r0 != uint64(val):
				t.Errorf("%s: loaded %#x, want the model's %s %#x", what, r0, f.Name, val)
			}
		case "pt_regs":
			var regs exec.PtRegs
			for i := range regs {
				regs[i] = 0x0102030405060708 * uint64(i+1)
			}
			var b [8]byte
			binary.LittleEndian.PutUint64(b[:], regs[f.Off/8])
			want := uint64(0)
			for i := size - 1; i >= 0; i-- {
				want = want<<8 | uint64(b[off-f.Off+i])
			}
			if r0, err := prog.Run(&regs); err != nil || r0 != want {
				t.Errorf("%s: got %#x, %v; want %#x", what, r0, err, want)
			}
		default:
			t.Errorf("%s: no model", what)
		}
	}
}
