// Package absint is bpfcheck's verifier: an abstract interpreter that
// tracks, for every register and every stack byte, what it holds, configured
// by a Profile.
//
// The linux-4.2 and linux-4.3 profiles reproduce those kernels' verifiers:
// for any program they give the kernel's verdict, errno, message and log at
// log level 1, byte for byte (map loads print the low half of a fixed fake
// map address), the kernel's processed-instruction count, and a stable code
// per message. Rejections the kernel makes without a message are marked
// KernelSilent and explained in the kernel's style; programs the 2015
// kernels accept although they are unsafe are accepted with warnings.
//
// Verify never panics on any program and always terminates (the kernel's
// limits bound the walk). Only an accepted program yields a *Verified, the
// type the execution engines require.
package absint
