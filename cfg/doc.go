// Package cfg builds control-flow graphs of ir programs.
//
// Build gives the general graph (basic blocks in flat slices, self-loops allowed)
// with dominators, strongly connected components, natural loops and a weak
// topological order, and implements gonum's graph.Directed on it so that
// gonum's algorithms and DOT encoder run on the real graph without copying.
package cfg
