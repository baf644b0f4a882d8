package platform

import "testing"

func TestSince(t *testing.T) {
	for id := HelperID(1); id < MaxHelperID; id++ {
		if id.Known() && !id.Since().Known() {
			t.Errorf("helper %d (%s) has no first release", id, id)
		}
	}
	for i := 1; i < len(mapTypeNames); i++ {
		if !MapType(i).Since().Known() {
			t.Errorf("map type %s has no first release", MapType(i))
		}
	}
	for i := 1; i < len(progTypeNames); i++ {
		if !ProgType(i).Since().Known() {
			t.Errorf("program type %s has no first release", ProgType(i))
		}
	}
	if v := HelperID(26).Since(); v.String() != "4.5" {
		t.Errorf("skb_load_bytes: %v, want 4.5", v)
	}
	v42, _ := ParseVersion("linux-4.2")
	v418, _ := ParseVersion("6.18.44")
	if !v42.Less(HelperID(26).Since()) || HelperID(26).Since().Less(v42) || !v42.Less(v418) {
		t.Errorf("version order is wrong")
	}
	if _, ok := ParseVersion("precise"); ok {
		t.Errorf("precise is not a release")
	}
}
