// Command samples is the real-world oracle: for every program of PREVAIL's
// inventory of the ebpf-samples collection it records PREVAIL's verdict,
// the running kernel's (loaded through cilium/ebpf in a child process with
// a time limit, with its stats log: processed insns and verification time)
// and bpfcheck's under each profile, writes them as TSV outside the
// repository and renders docs/real-world.md. docs/real-world.md says how
// to run it.
//
//	go run ./internal/cmd/samples run [-samples DIR] [-inventory FILE] [-out DIR] [-profiles P,Q] [-bpfcheck BIN]
//	go run ./internal/cmd/samples report [-out DIR] > docs/real-world.md
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	switch os.Args[1] {
	case "kernel-load":
		kernelLoadMain(os.Args[2:])
	case "run":
		runMain(os.Args[2:])
	case "report":
		reportMain(os.Args[2:])
	case "prevail":
		prevailMain(os.Args[2:])
	case "list":
		listMain(os.Args[2:])
	default:
		usage()
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: samples run|report [flags]  (see go doc ./internal/cmd/samples)")
	os.Exit(2)
}

func runMain(args []string) {
	fs := flag.NewFlagSet("run", flag.ExitOnError)
	samples := fs.String("samples", "/work/ext/ebpf-samples", "the ebpf-samples checkout")
	inv := fs.String("inventory", defaultInventory, "PREVAIL's inventory (test-data/elf_inventory.json)")
	out := fs.String("out", "/work/ext/oracle", "directory for the TSVs")
	profiles := fs.String("profiles", "linux-4.3,linux-6.18", "bpfcheck profiles, comma-separated")
	bin := fs.String("bpfcheck", "./bpfcheck", "the bpfcheck binary")
	skipKernel := fs.Bool("skip-kernel", false, "reuse kernel.tsv from -out instead of loading")
	timeout := fs.Duration("timeout", 90*time.Second, "time limit of one kernel load")
	fs.Parse(args)

	es, err := entries(*samples, *inv)
	check(err)
	check(os.MkdirAll(*out, 0o755))
	self, err := os.Executable()
	check(err)

	kernel := map[string]kernelResult{}
	kpath := filepath.Join(*out, "kernel.tsv")
	if *skipKernel {
		kernel, err = readKernelTSV(kpath)
		check(err)
	} else {
		for i, e := range es {
			r := kernelVerdict(self, filepath.Join(*samples, e.Path()), e.Section, e.Program, *timeout)
			kernel[e.Key()] = r
			fmt.Fprintf(os.Stderr, "\r[%d/%d] kernel %-60.60s %s", i+1, len(es), e.Key(), r.Verdict)
		}
		fmt.Fprintln(os.Stderr)
		check(writeKernelTSV(kpath, es, kernel))
	}

	var profs []string
	for _, p := range strings.Split(*profiles, ",") {
		if p = strings.TrimSpace(p); p != "" {
			profs = append(profs, p)
		}
	}
	checks := map[string]map[string]checkResult{} // profile -> entry key -> result
	walls := map[string]time.Duration{}
	for _, p := range profs {
		checks[p] = map[string]checkResult{}
		files := map[string]map[string]checkResult{}
		for i, e := range es {
			typ := kernel[e.Key()].Type
			id := e.Path() + "\x00" + e.Section + "\x00" + typ
			fres, ok := files[id]
			if !ok {
				var wall time.Duration
				fres, wall, err = runBpfcheck(*bin, p, filepath.Join(*samples, e.Path()), e.Section, typ, 10*time.Minute)
				walls[p] += wall
				if err != nil {
					fres = map[string]checkResult{"": {Verdict: "error", Message: err.Error()}}
				}
				files[id] = fres
			}
			r, ok := fres[e.Section+" "+e.Program]
			if !ok {
				r, ok = fres[e.Section]
			}
			if !ok {
				r, ok = fres[""]
			}
			if !ok {
				r = checkResult{Verdict: "none", Message: "section not in bpfcheck's output"}
			}
			checks[p][e.Key()] = r
			fmt.Fprintf(os.Stderr, "\r[%d/%d] %s %-60.60s %s", i+1, len(es), p, e.Key(), r.Verdict)
		}
		fmt.Fprintln(os.Stderr)
	}
	check(writeResultsTSV(filepath.Join(*out, "results.tsv"), es, kernel, profs, checks))
	check(writeWalls(filepath.Join(*out, "walls.tsv"), profs, walls))
	fmt.Fprintf(os.Stderr, "wrote %s\n", filepath.Join(*out, "results.tsv"))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "samples:", err)
		os.Exit(1)
	}
}

// defaultInventory is where PREVAIL's inventory of the collection is kept
// beside the project (test-data/elf_inventory.json of vbpf/prevail at the
// commit that pins the same ebpf-samples commit).
const defaultInventory = "/work/ext/prevail-inventory/elf_inventory.json"

// entries is every program record of the collection: the inventory's
// joined with the ones bpfcheck's loader reports.
func entries(samples, inv string) ([]entry, error) {
	es, err := readInventory(inv)
	if err != nil {
		return nil, err
	}
	recs, failed, err := collectionRecords(samples)
	if err != nil {
		return nil, err
	}
	for f, why := range failed {
		fmt.Fprintf(os.Stderr, "bpfcheck's loader cannot load %s: %s\n", f, why)
	}
	return merge(es, recs), nil
}

// listMain prints every program record with its inventory status and
// whether bpfcheck's loader reports it, and the counts.
func listMain(args []string) {
	fs := flag.NewFlagSet("list", flag.ExitOnError)
	samples := fs.String("samples", "/work/ext/ebpf-samples", "the ebpf-samples checkout")
	inv := fs.String("inventory", defaultInventory, "PREVAIL's inventory (test-data/elf_inventory.json)")
	fs.Parse(args)
	es, err := entries(*samples, *inv)
	check(err)
	counts := map[string]int{}
	for _, e := range es {
		fmt.Printf("%s\t%s\t%s\t%s\t%s\t%v\n", e.Path(), e.Section, e.Program, e.Status, e.Kind, e.Loaded)
		counts[e.Status]++
		if !e.Loaded {
			counts["not loaded by bpfcheck"]++
		}
	}
	fmt.Fprintf(os.Stderr, "%d records: %v\n", len(es), counts)
}
