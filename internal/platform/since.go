package platform

import (
	"fmt"
	"strconv"
	"strings"
)

// Version is a Linux kernel release, major.minor ("4.5"). The zero Version
// means unknown.
type Version struct{ Major, Minor int }

// ParseVersion parses "4.5", "linux-4.5" or "6.18.44" (the patch level is
// ignored).
func ParseVersion(s string) (Version, bool) {
	s = strings.TrimPrefix(s, "linux-")
	parts := strings.Split(s, ".")
	if len(parts) < 2 {
		return Version{}, false
	}
	maj, err1 := strconv.Atoi(parts[0])
	min, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil || maj <= 0 || min < 0 {
		return Version{}, false
	}
	return Version{maj, min}, true
}

// Less reports whether v is an earlier release than w.
func (v Version) Less(w Version) bool {
	return v.Major < w.Major || v.Major == w.Major && v.Minor < w.Minor
}

// Known reports whether v is a real release (not the zero Version).
func (v Version) Known() bool { return v.Major > 0 }

// String prints "4.5".
func (v Version) String() string { return fmt.Sprintf("%d.%d", v.Major, v.Minor) }

func mustVersion(s string) Version {
	v, ok := ParseVersion(s)
	if !ok {
		panic("platform: bad version " + s)
	}
	return v
}

// helperSince is the first release with each helper, by id (the kernel's
// UAPI history of enum bpf_func_id).
var helperSince = [...]string{
	1: "3.19", 2: "3.19", 3: "3.19", 4: "4.1", 5: "4.1", 6: "4.1", 7: "4.1", 8: "4.1", 9: "4.1", 10: "4.1",
	11: "4.1", 12: "4.2", 13: "4.2", 14: "4.2", 15: "4.2", 16: "4.2", 17: "4.3", 18: "4.3", 19: "4.3", 20: "4.3",
	21: "4.3", 22: "4.3", 23: "4.4", 24: "4.4", 25: "4.4", 26: "4.5", 27: "4.6", 28: "4.6", 29: "4.6", 30: "4.6",
	31: "4.8", 32: "4.8", 33: "4.8", 34: "4.8", 35: "4.8", 36: "4.8", 37: "4.9", 38: "4.9", 39: "4.9", 40: "4.9",
	41: "4.9", 42: "4.10", 43: "4.10", 44: "4.10", 45: "4.11", 46: "4.12", 47: "4.12", 48: "4.13", 49: "4.13", 50: "4.13",
	51: "4.14", 52: "4.14", 53: "4.14", 54: "4.15", 55: "4.15", 56: "4.15", 57: "4.15", 58: "4.16", 59: "4.16", 60: "4.17",
	61: "4.17", 62: "4.17", 63: "4.17", 64: "4.17", 65: "4.18", 66: "4.18", 67: "4.18", 68: "4.18", 69: "4.18", 70: "4.18",
	71: "4.18", 72: "4.18", 73: "4.18", 74: "4.18", 75: "4.18", 76: "4.18", 77: "4.18", 78: "4.18", 79: "4.18", 80: "4.18",
	81: "4.19", 82: "4.19", 83: "4.19", 84: "4.20", 85: "4.20", 86: "4.20", 87: "4.20", 88: "4.20", 89: "4.20", 90: "4.20",
	91: "5.0", 92: "5.0", 93: "5.1", 94: "5.1", 95: "5.1", 96: "5.1", 97: "5.1", 98: "5.1", 99: "5.2", 100: "5.2",
	101: "5.2", 102: "5.2", 103: "5.2", 104: "5.2", 105: "5.2", 106: "5.2", 107: "5.2", 108: "5.2", 109: "5.3", 110: "5.3",
	111: "5.5", 112: "5.5", 113: "5.5", 114: "5.5", 115: "5.5", 116: "5.5", 117: "5.5", 118: "5.5", 119: "5.6", 120: "5.7",
	121: "5.6", 122: "5.7", 123: "5.7", 124: "5.7", 125: "5.8", 126: "5.7", 127: "5.7", 128: "5.8", 129: "5.8", 130: "5.8",
	131: "5.8", 132: "5.8", 133: "5.8", 134: "5.8", 135: "5.8", 136: "5.9", 137: "5.9", 138: "5.9", 139: "5.9", 140: "5.9",
	141: "5.9", 142: "5.10", 143: "5.10", 144: "5.10", 145: "5.10", 146: "5.10", 147: "5.10", 148: "5.10", 149: "5.10", 150: "5.10",
	151: "5.10", 152: "5.10", 153: "5.10", 154: "5.10", 155: "5.10", 156: "5.11", 157: "5.11", 158: "5.11", 159: "5.11", 160: "5.11",
	161: "5.11", 162: "5.11", 163: "5.12", 164: "5.13", 165: "5.13", 166: "5.14", 167: "5.14", 168: "5.14", 169: "5.15", 170: "5.15",
	171: "5.15", 172: "5.15", 173: "5.15", 174: "5.15", 175: "5.15", 176: "5.16", 177: "5.16", 178: "5.16", 179: "5.16", 180: "5.17",
	181: "5.17", 182: "5.17", 183: "5.17", 184: "5.17", 185: "5.17", 186: "5.18", 187: "5.18", 188: "5.18", 189: "5.18", 190: "5.18",
	191: "5.18", 192: "5.18", 193: "5.18", 194: "5.19", 195: "5.19", 196: "5.19", 197: "5.19", 198: "5.19", 199: "5.19", 200: "5.19",
	201: "5.19", 202: "5.19", 203: "5.19", 204: "6.0", 205: "6.0", 206: "6.0", 207: "6.0", 208: "6.1", 209: "6.1", 210: "6.2",
	211: "6.2",
}

// mapTypeSince is the first release with each map type (enum bpf_map_type).
var mapTypeSince = [...]string{
	1: "3.19", 2: "3.19", 3: "4.2", 4: "4.3", 5: "4.6", 6: "4.6", 7: "4.6", 8: "4.8", 9: "4.10", 10: "4.10",
	11: "4.11", 12: "4.12", 13: "4.12", 14: "4.14", 15: "4.14", 16: "4.15", 17: "4.18", 18: "4.18", 19: "4.19", 20: "4.19",
	21: "4.20", 22: "4.20", 23: "4.20", 24: "5.2", 25: "5.4", 26: "5.6", 27: "5.8", 28: "5.10", 29: "5.11", 30: "5.16",
	31: "6.1", 32: "6.2", 33: "6.9",
}

// progTypeSince is the first release with each program type (enum bpf_prog_type).
var progTypeSince = [...]string{
	1: "3.19", 2: "4.1", 3: "4.1", 4: "4.1", 5: "4.7", 6: "4.8", 7: "4.9", 8: "4.10", 9: "4.10", 10: "4.10",
	11: "4.10", 12: "4.10", 13: "4.13", 14: "4.14", 15: "4.15", 16: "4.17", 17: "4.17", 18: "4.17", 19: "4.18", 20: "4.18",
	21: "4.19", 22: "4.20", 23: "5.2", 24: "5.2", 25: "5.3", 26: "5.5", 27: "5.6", 28: "5.6", 29: "5.7", 30: "5.9",
	31: "5.14", 32: "6.4",
}

func since(table []string, i int) Version {
	if i <= 0 || i >= len(table) || table[i] == "" {
		return Version{}
	}
	return mustVersion(table[i])
}

// Since returns the first release with the helper (zero: unknown id).
func (h HelperID) Since() Version { return since(helperSince[:], int(h)) }

// Since returns the first release with the map type (zero: unknown).
func (t MapType) Since() Version { return since(mapTypeSince[:], int(t)) }

// Since returns the first release with the program type (zero: unknown).
func (t ProgType) Since() Version { return since(progTypeSince[:], int(t)) }

// Feature is an instruction-level capability that some kernels lack.
type Feature struct {
	Name  string  // what a rejection hint calls it ("JMP32 instructions")
	Since Version // first release that verifies it
}

// Instruction features, named for the hints a kernel profile's rejection gets.
var (
	FeatureJMP32        = Feature{"JMP32 instructions (class 0x06)", mustVersion("5.1")}
	FeatureJumpLT       = Feature{"the JLT, JLE, JSLT and JSLE jumps", mustVersion("4.14")}
	FeatureLoops        = Feature{"bounded loops (back-edges)", mustVersion("5.3")}
	FeatureLocalCall    = Feature{"bpf-to-bpf calls (call with src_reg 1)", mustVersion("4.16")}
	FeatureKfuncCall    = Feature{"kfunc calls (call with src_reg 2)", mustVersion("5.13")}
	FeatureGlobalData   = Feature{"global data (ld_imm64 of a map value, src_reg 2: .data, .rodata, .bss)", mustVersion("5.2")}
	FeatureBTFID        = Feature{"ld_imm64 of a BTF id (src_reg 3: typed ksyms)", mustVersion("5.10")}
	FeaturePseudoFunc   = Feature{"ld_imm64 of a function address (src_reg 4: callbacks)", mustVersion("5.13")}
	FeatureMapIdx       = Feature{"ld_imm64 of a map by index (src_reg 5 or 6: light skeletons)", mustVersion("5.13")}
	FeatureAtomics      = Feature{"atomic fetch, xchg, cmpxchg, and, or and xor", mustVersion("5.12")}
	FeatureCPUv4        = Feature{"the cpu v4 instructions (sign extension, signed division, bswap, gotol)", mustVersion("6.6")}
	FeatureLargeProgram = Feature{"programs of more than 4096 instructions", mustVersion("5.2")}
)

// LdImm64Feature returns the feature an LD_IMM64 with this src_reg pseudo
// kind needs (ok false for 0 and 1, which every kernel knows).
func LdImm64Feature(src uint8) (Feature, bool) {
	switch src {
	case 2:
		return FeatureGlobalData, true
	case 3:
		return FeatureBTFID, true
	case 4:
		return FeaturePseudoFunc, true
	case 5, 6:
		return FeatureMapIdx, true
	}
	return Feature{}, false
}
