//go:build race

package soundness

// raceEnabled: the race detector slows runs tenfold; tests do less.
const raceEnabled = true
