package cfg

// DomTree is the dominator tree of the blocks reachable from a root.
// Dominates answers in O(1) from pre/post numbers of the tree.
type DomTree struct {
	root      int
	idom      []int32 // -1 for the root and for unreachable blocks
	pre, post []int32 // DFS numbers in the dominator tree; -1 if unreachable
}

// postorder returns the blocks reachable from root in DFS postorder
// (successors in order), iteratively.
func (g *Graph) postorder(root int) []int32 {
	nb := g.NumBlocks()
	seen := make([]bool, nb)
	order := make([]int32, 0, nb)
	type frame struct{ b, i int32 }
	stack := make([]frame, 1, 1024)
	stack[0] = frame{int32(root), 0}
	seen[root] = true
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		succs := g.Succs(int(top.b))
		if int(top.i) < len(succs) {
			s := succs[top.i]
			top.i++
			if !seen[s] {
				seen[s] = true
				stack = append(stack, frame{s, 0})
			}
			continue
		}
		order = append(order, top.b)
		stack = stack[:len(stack)-1]
	}
	return order
}

// Dominators computes the dominator tree from root with the iterative
// algorithm of Cooper, Harvey and Kennedy over reverse postorder.
func (g *Graph) Dominators(root int) *DomTree {
	nb := g.NumBlocks()
	post := g.postorder(root)
	num := make([]int32, nb) // postorder number, -1 if unreachable
	for i := range num {
		num[i] = -1
	}
	for i, b := range post {
		num[b] = int32(i)
	}
	idom := make([]int32, nb)
	for i := range idom {
		idom[i] = -1
	}
	idom[root] = int32(root)
	intersect := func(a, b int32) int32 {
		for a != b {
			for num[a] < num[b] {
				a = idom[a]
			}
			for num[b] < num[a] {
				b = idom[b]
			}
		}
		return a
	}
	for changed := true; changed; {
		changed = false
		for i := len(post) - 1; i >= 0; i-- {
			b := post[i]
			if int(b) == root {
				continue
			}
			newIdom := int32(-1)
			for _, p := range g.Preds(int(b)) {
				if idom[p] < 0 {
					continue
				}
				if newIdom < 0 {
					newIdom = p
				} else {
					newIdom = intersect(p, newIdom)
				}
			}
			if newIdom != idom[b] {
				idom[b] = newIdom
				changed = true
			}
		}
	}
	idom[root] = -1
	t := &DomTree{root: root, idom: idom}
	t.number(nb)
	return t
}

// number assigns pre/post DFS numbers in the dominator tree.
func (t *DomTree) number(nb int) {
	childOff := make([]int32, nb+1)
	for b, d := range t.idom {
		if d >= 0 {
			childOff[d+1]++
		}
		_ = b
	}
	for i := 0; i < nb; i++ {
		childOff[i+1] += childOff[i]
	}
	children := make([]int32, childOff[nb])
	fill := append([]int32(nil), childOff[:nb]...)
	for b, d := range t.idom {
		if d >= 0 {
			children[fill[d]] = int32(b)
			fill[d]++
		}
	}
	t.pre, t.post = make([]int32, nb), make([]int32, nb)
	for i := range t.pre {
		t.pre[i], t.post[i] = -1, -1
	}
	var clock int32
	type frame struct{ b, i int32 }
	stack := []frame{{int32(t.root), childOff[t.root]}}
	t.pre[t.root] = clock
	clock++
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.i < childOff[top.b+1] {
			c := children[top.i]
			top.i++
			t.pre[c] = clock
			clock++
			stack = append(stack, frame{c, childOff[c]})
			continue
		}
		t.post[top.b] = clock
		clock++
		stack = stack[:len(stack)-1]
	}
}

// Idom returns b's immediate dominator, or -1 for the root and for blocks
// the root does not reach.
func (t *DomTree) Idom(b int) int { return int(t.idom[b]) }

// Reachable reports whether the root reaches b.
func (t *DomTree) Reachable(b int) bool { return t.pre[b] >= 0 }

// Dominates reports whether a dominates b (every block dominates itself).
// Unreachable blocks dominate nothing and are dominated by nothing.
func (t *DomTree) Dominates(a, b int) bool {
	if t.pre[a] < 0 || t.pre[b] < 0 {
		return false
	}
	return t.pre[a] <= t.pre[b] && t.post[b] <= t.post[a]
}
