package cfg

// WTOElement is one entry of a weak topological order in flat form: a
// block, and for the head of a component the index just past the
// component's last element.
type WTOElement struct {
	Block int
	Head  bool
	End   int // for heads: elements [i+1, End) are the component's body
}

// wtoBuilder holds scratch arrays reused across the recursive decomposition.
type wtoBuilder struct {
	g          *Graph
	mark       []int32 // generation a block belongs to
	gen        int32
	index, low []int32
	onStack    []bool
	pre        []int32 // DFS preorder from the root: picks component heads
	out        []WTOElement
	stack      []int32
	call       []wtoFrame
}

// WTO returns a weak topological order of the blocks reachable from root
// (Bourdoncle's hierarchical decomposition): components in topological
// order, each cyclic component as its head followed by the weak topological
// order of the rest of it. absint iterates to a fixpoint component by
// component and widens at heads.
func (g *Graph) WTO(root int) []WTOElement {
	nb := g.NumBlocks()
	w := &wtoBuilder{g: g, mark: make([]int32, nb), index: make([]int32, nb), low: make([]int32, nb),
		onStack: make([]bool, nb), pre: make([]int32, nb)}
	for i := range w.pre {
		w.pre[i] = -1
	}
	post := g.postorder(root)
	// Preorder numbers: reverse postorder is a topological-ish order that
	// puts loop entries before their bodies, which is what a head needs.
	reach := make([]int32, 0, len(post))
	for i := len(post) - 1; i >= 0; i-- {
		w.pre[post[i]] = int32(len(post) - 1 - i)
		reach = append(reach, post[i])
	}
	w.decompose(reach)
	return w.out
}

// decompose appends the WTO of the subgraph induced by blocks.
func (w *wtoBuilder) decompose(blocks []int32) {
	w.gen++
	gen := w.gen
	for _, b := range blocks {
		w.mark[b] = gen
		w.index[b] = -1
	}
	flat, offs := w.sccs(blocks, gen)
	for i := len(offs) - 2; i >= 0; i-- { // Tarjan yields reverse topological order
		comp := flat[offs[i]:offs[i+1]]
		if len(comp) == 1 && !w.selfLoop(comp[0]) {
			w.out = append(w.out, WTOElement{Block: int(comp[0])})
			continue
		}
		head := comp[0]
		for _, b := range comp {
			if w.pre[b] < w.pre[head] {
				head = b
			}
		}
		at := len(w.out)
		w.out = append(w.out, WTOElement{Block: int(head), Head: true})
		rest := make([]int32, 0, len(comp)-1)
		for _, b := range comp {
			if b != head {
				rest = append(rest, b)
			}
		}
		if len(rest) > 0 {
			w.decompose(rest)
		}
		w.out[at].End = len(w.out)
	}
}

func (w *wtoBuilder) selfLoop(b int32) bool {
	for _, s := range w.g.Succs(int(b)) {
		if s == b {
			return true
		}
	}
	return false
}

// sccs is Tarjan's algorithm on the blocks marked gen, iteratively. The
// components are flat[offs[k]:offs[k+1]], in reverse topological order.
func (w *wtoBuilder) sccs(blocks []int32, gen int32) (flat []int32, offs []int) {
	flat = make([]int32, 0, len(blocks))
	offs = []int{0}
	var counter int32
	for _, root := range blocks {
		if w.index[root] >= 0 {
			continue
		}
		call := append(w.call[:0], wtoFrame{root, 0})
		w.index[root], w.low[root] = counter, counter
		counter++
		w.stack = append(w.stack, root)
		w.onStack[root] = true
		for len(call) > 0 {
			top := &call[len(call)-1]
			succs := w.g.Succs(int(top.b))
			if int(top.i) < len(succs) {
				s := succs[top.i]
				top.i++
				if w.mark[s] != gen {
					continue
				}
				if w.index[s] < 0 {
					w.index[s], w.low[s] = counter, counter
					counter++
					w.stack = append(w.stack, s)
					w.onStack[s] = true
					call = append(call, wtoFrame{s, 0})
				} else if w.onStack[s] && w.index[s] < w.low[top.b] {
					w.low[top.b] = w.index[s]
				}
				continue
			}
			b := top.b
			call = call[:len(call)-1]
			if len(call) > 0 {
				if p := call[len(call)-1].b; w.low[b] < w.low[p] {
					w.low[p] = w.low[b]
				}
			}
			if w.low[b] == w.index[b] {
				for {
					x := w.stack[len(w.stack)-1]
					w.stack = w.stack[:len(w.stack)-1]
					w.onStack[x] = false
					flat = append(flat, x)
					if x == b {
						break
					}
				}
				offs = append(offs, len(flat))
			}
		}
		w.call = call[:0]
	}
	return flat, offs
}

type wtoFrame struct{ b, i int32 }
