// Package jit compiles programs to x86-64 machine code that gives exactly
// the interpreter's results. It plugs into exec as an Engine
// (exec.Options{Engine: jit.Engine()}) through the internal engine contract
// (internal/engine); it needs nothing else of exec.
//
// Generated code is entered through a small Go-assembly stub that switches
// to a native stack owned by the run and returns to Go for helpers, packet
// loads and, in checked mode, for every memory access check; code memory is
// mapped read-write, filled, then made read-execute, never both, and is
// unmapped by Close. On other architectures Supported reports false and
// Compile fails, so callers fall back to the interpreter.
package jit
