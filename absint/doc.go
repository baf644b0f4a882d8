// Package absint is bpfcheck's verifier: an abstract interpreter over a
// program's control-flow graph that tracks what every register and stack byte
// holds, configured by a profile (linux-4.2 and linux-4.3 reproduce those
// kernels' verdicts, messages and logs exactly).
package absint
