//go:build !race

package soundness

const raceEnabled = false
