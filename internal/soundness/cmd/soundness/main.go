// Command soundness generates programs, verifies them in every profile and
// runs the accepted ones on both engines with many inputs; it exits 1 when
// an accepted program faulted or the engines disagreed, printing a
// minimised reproducer for each finding.
//
//	go run ./internal/soundness/cmd/soundness -n 100000 -seed 1
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/bpfcheck/bpfcheck/absint"
	"github.com/bpfcheck/bpfcheck/internal/soundness"
)

func main() {
	n := flag.Int("n", 10000, "programs to generate")
	seed := flag.Int64("seed", 1, "seed of the first program; program i has seed+i")
	workers := flag.Int("j", 1, "programs checked in parallel")
	inputs := flag.Int("inputs", 8, "inputs per accepted program")
	profiles := flag.String("profiles", "", "comma-separated profiles (default: every profile)")
	noJIT := flag.Bool("nojit", false, "run on the interpreter only")
	every := flag.Int("progress", 0, "print progress every N programs (0: never)")
	flag.Parse()
	opts := soundness.Options{Inputs: *inputs, NoJIT: *noJIT, Minimise: true}
	if *profiles != "" {
		opts.Profiles = strings.Split(*profiles, ",")
	}
	for _, p := range opts.Profiles {
		if _, err := absint.LookupProfile(p); err != nil {
			fmt.Fprintln(os.Stderr, "soundness:", err)
			os.Exit(2)
		}
	}
	start := time.Now()
	checkers := make([]*soundness.Checker, *workers)
	errs := make([]error, *workers)
	var wg sync.WaitGroup
	for w := range checkers {
		c := soundness.NewChecker(opts)
		checkers[w] = c
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < *n; i += *workers {
				found, err := c.Check(*seed + int64(i))
				if err != nil {
					errs[w] = err
					return
				}
				for _, f := range found {
					fmt.Printf("FINDING\n%s\n", f.Reproducer())
				}
				if *every > 0 && w == 0 && i%*every == 0 && i > 0 {
					fmt.Fprintf(os.Stderr, "%d programs, %s\n", i, time.Since(start).Round(time.Second))
				}
			}
		}(w)
	}
	wg.Wait()
	for _, c := range checkers {
		if err := c.SolverError(); err != nil {
			fmt.Fprintln(os.Stderr, "soundness: precise runs without its solver:", err)
			break
		}
	}
	for _, c := range checkers {
		c.Close()
	}
	total := soundness.Merge(checkers)
	for _, err := range errs {
		if err != nil {
			fmt.Fprintln(os.Stderr, "soundness:", err)
			os.Exit(2)
		}
	}
	fmt.Print(total.Report(*seed, time.Since(start)))
	if total.Findings() > 0 {
		os.Exit(1)
	}
}
