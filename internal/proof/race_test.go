//go:build race

package proof

// raceEnabled: the race detector slows the Go side (the walker) tenfold;
// the corpus tests then take a sample of the cases.
const raceEnabled = true
