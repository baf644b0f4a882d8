package absint_test

import (
	"fmt"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/ir"
)

// Verify a program the way the Linux v4.2 verifier would, and read the
// rejection and its log.
func ExampleVerify() {
	insns, _ := ir.Assemble(`
		*(u64 *)(r10 -8) = 0
		r2 = r10
		r2 += -8
		r1 = map[0]
		call 1
		*(u64 *)(r0 +0) = 1
		r0 = 0
		exit`)
	prog := &ir.Program{
		Name: "example", Type: ir.ProgTypeSocketFilter, Insns: insns, License: "GPL",
		Maps: []ir.MapSpec{{Type: ir.MapTypeHash, KeySize: 8, ValueSize: 8, MaxEntries: 16}},
	}
	res, err := absint.Verify(prog, absint.Options{Profile: "linux-4.2", LogLevel: 1})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Verdict, res.Errno, res.Diag.Code)
	fmt.Print(res.Log)
	// Output:
	// reject EACCES invalid-mem-access
	// 0: (7a) *(u64 *)(r10 -8) = 0
	// 1: (bf) r2 = r10
	// 2: (07) r2 += -8
	// 3: (18) r1 = 0x5a5a0000
	// 5: (85) call 1
	// 6: (7a) *(u64 *)(r0 +0) = 1
	// R0 invalid mem access 'map_value_or_null'
}
