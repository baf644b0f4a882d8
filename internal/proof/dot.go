package proof

import (
	"github.com/bpfcheck/bpfcheck/cfg"
	"github.com/bpfcheck/bpfcheck/ir"
	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/encoding"
	"gonum.org/v1/gonum/graph/encoding/dot"
	"gonum.org/v1/gonum/graph/iterator"
)

// pathGraph is a CFG whose blocks and edges on a path are drawn in red,
// for gonum's DOT encoder.
type pathGraph struct {
	*cfg.Graph
	blocks map[int64]bool
	edges  map[[2]int64]bool
	last   int64 // the failing block
}

type pathNode struct {
	graph.Node
	g *pathGraph
}

func (n pathNode) DOTID() string { return n.Node.(dot.Node).DOTID() }

func (n pathNode) Attributes() []encoding.Attribute {
	attrs := n.Node.(encoding.Attributer).Attributes()
	if n.g.blocks[n.ID()] {
		attrs = append(attrs, encoding.Attribute{Key: "color", Value: "red"}, encoding.Attribute{Key: "penwidth", Value: "2"})
	}
	if n.ID() == n.g.last {
		attrs = append(attrs, encoding.Attribute{Key: "style", Value: "filled"}, encoding.Attribute{Key: "fillcolor", Value: "mistyrose"})
	}
	return attrs
}

type pathEdge struct {
	graph.Edge
	red bool
}

func (e pathEdge) Attributes() []encoding.Attribute {
	if e.red {
		return []encoding.Attribute{{Key: "color", Value: "red"}, {Key: "penwidth", Value: "2"}}
	}
	return nil
}

func (g *pathGraph) wrap(it graph.Nodes) graph.Nodes {
	var ns []graph.Node
	for it.Next() {
		ns = append(ns, pathNode{it.Node(), g})
	}
	return iterator.NewOrderedNodes(ns)
}

func (g *pathGraph) Node(id int64) graph.Node {
	n := g.Graph.Node(id)
	if n == nil {
		return nil
	}
	return pathNode{n, g}
}
func (g *pathGraph) Nodes() graph.Nodes        { return g.wrap(g.Graph.Nodes()) }
func (g *pathGraph) From(id int64) graph.Nodes { return g.wrap(g.Graph.From(id)) }
func (g *pathGraph) To(id int64) graph.Nodes   { return g.wrap(g.Graph.To(id)) }
func (g *pathGraph) Edge(u, v int64) graph.Edge {
	e := g.Graph.Edge(u, v)
	if e == nil {
		return nil
	}
	return pathEdge{e, g.edges[[2]int64{u, v}]}
}

// PathDOT draws the program's CFG in DOT with the blocks and edges of path
// in red and the block of its last instruction filled.
func PathDOT(insns []ir.Instruction, name string, path []int) ([]byte, error) {
	g, err := cfg.Build(insns)
	if err != nil {
		return nil, err
	}
	pg := &pathGraph{Graph: g, blocks: map[int64]bool{}, edges: map[[2]int64]bool{}, last: -1}
	prev := int64(-1)
	for i, idx := range path {
		if idx < 0 || idx >= len(insns) {
			break
		}
		b := int64(g.BlockOf(idx))
		pg.blocks[b] = true
		if prev >= 0 && b != prev {
			pg.edges[[2]int64{prev, b}] = true
		}
		prev = b
		if i == len(path)-1 {
			pg.last = b
		}
	}
	return dot.Marshal(pg, name, "", "  ")
}
