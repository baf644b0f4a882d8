// Package proof is where the verifier and the SMT solver meet: it turns a
// path of a BPF program into a bit-vector formula (registers in SSA form
// with BPF's exact ALU semantics, memory as byte arrays, helper results as
// variables constrained only by their prototypes, branch decisions as
// constraints), states each safety condition met on the path as an
// obligation, and asks Z3 whether some input violates it.
//
// Guarantees: the formula over-approximates the program's behaviour on the
// path (anything the encoding does not model is a fresh variable), so an
// unsat answer proves the obligation for every input that takes the path;
// a sat answer yields a witness (context and packet bytes, map contents,
// helper results) that Replay runs on exec's checked interpreter to confirm
// the fault. Every query can be exported as an SMT-LIB2 script that the z3
// command-line tool answers the same way. Built without cgo, New reports
// smt.ErrUnavailable and nothing else in the module is affected.
package proof
