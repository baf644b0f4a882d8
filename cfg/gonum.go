package cfg

import (
	"fmt"
	"strings"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/encoding"
)

// Graph implements gonum's graph.Directed with node ids = block ids, so that
// gonum's algorithms and DOT encoder run on it without a copy.
var _ graph.Directed = (*Graph)(nil)

// Node is a basic block as a gonum node. Its DOT label lists the block's
// instructions in the verifier log's syntax.
type Node struct {
	g  *Graph
	id int
}

// ID implements graph.Node.
func (n Node) ID() int64 { return int64(n.id) }

// DOTID names the node in DOT output.
func (n Node) DOTID() string {
	first, _ := n.g.Range(n.id)
	return fmt.Sprintf("b%d_insn%d", n.id, first)
}

// Attributes gives the DOT label: the block's instructions.
func (n Node) Attributes() []encoding.Attribute {
	first, end := n.g.Range(n.id)
	var label strings.Builder // linear in the block's size
	for i := first; i < end; i++ {
		if i > first && n.g.insns[i-1].Opcode.IsLoadImm64() {
			continue
		}
		fmt.Fprintf(&label, "%d: %s\n", i, n.g.insns[i])
	}
	// The encoder quotes and escapes the value.
	return []encoding.Attribute{{Key: "shape", Value: "box"}, {Key: "label", Value: label.String()}}
}

type edge struct{ from, to Node }

func (e edge) From() graph.Node         { return e.from }
func (e edge) To() graph.Node           { return e.to }
func (e edge) ReversedEdge() graph.Edge { return edge{e.to, e.from} }

// nodes iterates over block ids without allocating a node slice.
type nodes struct {
	g    *Graph
	ids  []int32 // nil: all blocks
	n    int
	next int
	cur  int
}

func (it *nodes) Len() int { return it.n - it.next }
func (it *nodes) Next() bool {
	if it.next >= it.n {
		return false
	}
	if it.ids == nil {
		it.cur = it.next
	} else {
		it.cur = int(it.ids[it.next])
	}
	it.next++
	return true
}
func (it *nodes) Node() graph.Node {
	if it.next == 0 {
		return nil
	}
	return Node{it.g, it.cur}
}
func (it *nodes) Reset() { it.next = 0 }

// distinct drops repeated ids (a conditional jump to its fall-through).
func distinct(ids []int32) []int32 {
	if len(ids) == 2 && ids[0] == ids[1] {
		return ids[:1]
	}
	for i := 1; i < len(ids); i++ {
		for j := 0; j < i; j++ {
			if ids[i] == ids[j] {
				out := make([]int32, 0, len(ids))
				seen := map[int32]bool{}
				for _, x := range ids {
					if !seen[x] {
						seen[x] = true
						out = append(out, x)
					}
				}
				return out
			}
		}
	}
	return ids
}

func (g *Graph) valid(id int64) bool { return id >= 0 && id < int64(len(g.start)) }

// Node implements graph.Graph.
func (g *Graph) Node(id int64) graph.Node {
	if !g.valid(id) {
		return nil
	}
	return Node{g, int(id)}
}

// Nodes implements graph.Graph.
func (g *Graph) Nodes() graph.Nodes { return &nodes{g: g, n: len(g.start)} }

// From implements graph.Graph: the successors of id.
func (g *Graph) From(id int64) graph.Nodes {
	if !g.valid(id) {
		return graph.Empty
	}
	ids := distinct(g.Succs(int(id)))
	return &nodes{g: g, ids: ids, n: len(ids)}
}

// To implements graph.Directed: the predecessors of id.
func (g *Graph) To(id int64) graph.Nodes {
	if !g.valid(id) {
		return graph.Empty
	}
	ids := distinct(g.Preds(int(id)))
	return &nodes{g: g, ids: ids, n: len(ids)}
}

// HasEdgeFromTo implements graph.Directed.
func (g *Graph) HasEdgeFromTo(uid, vid int64) bool {
	if !g.valid(uid) || !g.valid(vid) {
		return false
	}
	for _, s := range g.Succs(int(uid)) {
		if int64(s) == vid {
			return true
		}
	}
	return false
}

// HasEdgeBetween implements graph.Graph.
func (g *Graph) HasEdgeBetween(xid, yid int64) bool {
	return g.HasEdgeFromTo(xid, yid) || g.HasEdgeFromTo(yid, xid)
}

// Edge implements graph.Graph.
func (g *Graph) Edge(uid, vid int64) graph.Edge {
	if !g.HasEdgeFromTo(uid, vid) {
		return nil
	}
	return edge{Node{g, int(uid)}, Node{g, int(vid)}}
}
