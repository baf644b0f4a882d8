package proof

import "github.com/bpfcheck/bpfcheck/smt"

type termT = smt.Term
