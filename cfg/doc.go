// Package cfg builds control-flow graphs of ir programs and runs the checks
// the Linux verifier makes before it walks a program.
//
// KernelCheck and Prepass reproduce the v4.2/v4.3 kernel's check_cfg and map
// fd pre-pass exactly: same order, same first error, same message text. Build
// gives the general graph (basic blocks in flat slices, self-loops allowed)
// with dominators, strongly connected components, natural loops and a weak
// topological order, and implements gonum's graph.Directed on it so that
// gonum's algorithms and DOT encoder run on the real graph without copying.
package cfg
