package cfg

// SCCs returns the strongly connected components of the graph (Tarjan's
// algorithm, iterative), each a list of blocks, in reverse topological
// order: a component comes before every component that reaches it.
func (g *Graph) SCCs() [][]int {
	return g.sccsOf(nil, -1)
}

// sccsOf computes the SCCs of the subgraph of blocks with in[b] true (all
// blocks when in is nil), ignoring edges into skip.
func (g *Graph) sccsOf(in []bool, skip int) [][]int {
	nb := g.NumBlocks()
	index := make([]int32, nb)
	low := make([]int32, nb)
	onStack := make([]bool, nb)
	for i := range index {
		index[i] = -1
	}
	var comps [][]int
	var stack []int32
	var counter int32
	type frame struct{ b, i int32 }
	member := func(b int32) bool { return (in == nil || in[b]) && int(b) != skip }
	for root := 0; root < nb; root++ {
		if index[root] >= 0 || !member(int32(root)) {
			continue
		}
		call := []frame{{int32(root), 0}}
		index[root], low[root] = counter, counter
		counter++
		stack = append(stack, int32(root))
		onStack[root] = true
		for len(call) > 0 {
			top := &call[len(call)-1]
			succs := g.Succs(int(top.b))
			if int(top.i) < len(succs) {
				s := succs[top.i]
				top.i++
				if !member(s) {
					continue
				}
				if index[s] < 0 {
					index[s], low[s] = counter, counter
					counter++
					stack = append(stack, s)
					onStack[s] = true
					call = append(call, frame{s, 0})
				} else if onStack[s] && index[s] < low[top.b] {
					low[top.b] = index[s]
				}
				continue
			}
			b := top.b
			call = call[:len(call)-1]
			if len(call) > 0 {
				if p := call[len(call)-1].b; low[b] < low[p] {
					low[p] = low[b]
				}
			}
			if low[b] == index[b] {
				var comp []int
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					comp = append(comp, int(w))
					if w == b {
						break
					}
				}
				comps = append(comps, comp)
			}
		}
	}
	return comps
}

// Loop is a natural loop: a header and every block of its body (the header
// included), found from back edges whose target dominates their source.
type Loop struct {
	Header int
	Blocks []int
}

// NaturalLoops returns the natural loops of the blocks dom's root reaches,
// one per header (back edges to one header are merged). Irreducible cycles
// have no natural loop; SCCs shows them.
func (g *Graph) NaturalLoops(dom *DomTree) []Loop {
	nb := g.NumBlocks()
	var loops []Loop
	byHeader := map[int]int{}
	inBody := make([]int32, nb) // generation marks
	gen := int32(0)
	for u := 0; u < nb; u++ {
		for _, h := range g.Succs(u) {
			if !dom.Dominates(int(h), u) {
				continue
			}
			li, ok := byHeader[int(h)]
			if !ok {
				li = len(loops)
				byHeader[int(h)] = li
				loops = append(loops, Loop{Header: int(h), Blocks: []int{int(h)}})
			}
			gen++
			for _, b := range loops[li].Blocks {
				inBody[b] = gen
			}
			work := []int{u}
			for len(work) > 0 {
				b := work[len(work)-1]
				work = work[:len(work)-1]
				if inBody[b] == gen {
					continue
				}
				inBody[b] = gen
				loops[li].Blocks = append(loops[li].Blocks, b)
				for _, p := range g.Preds(b) {
					if dom.Reachable(int(p)) {
						work = append(work, int(p))
					}
				}
			}
		}
	}
	return loops
}
