package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bpfcheck/bpfcheck/ir/object"
)

// entry is one program record of the collection: a function of a section
// of an object, as PREVAIL's inventory lists it, as bpfcheck's loader
// reports it, or both.
type entry struct {
	Project, File, Section string
	Program                string // the function; PREVAIL names a symbol-less section's program after the section
	// Status is the inventory's test status of the program: pass (PREVAIL
	// verifies it), expected_failure (a safe program PREVAIL is too
	// imprecise to accept), reject (unsafe: PREVAIL must reject it),
	// reject_load (the section must fail to load), or unlisted.
	Status string
	Kind   string // the VerifyIssueKind of an expected_failure
	// Prevail is PREVAIL's verdict the inventory asserts: accept, reject,
	// load-error, or "" for an unlisted program.
	Prevail string
	// Intent is what the program is: safe (pass and expected_failure),
	// unsafe (reject), invalid (reject_load), or unknown.
	Intent string
	// Loaded says whether bpfcheck's loader reports the program.
	Loaded bool
}

// Path is the object's path under the samples root.
func (e entry) Path() string { return e.Project + "/" + e.File }

// Key names the entry in the TSVs.
func (e entry) Key() string { return e.Path() + " " + e.Section + " " + e.Program }

// statusVerdicts maps an inventory status to PREVAIL's verdict and the
// program's intent. PREVAIL's test suite (src/test/test_verify_samples.cpp)
// asserts exactly these verdicts for every record.
var statusVerdicts = map[string][2]string{
	"pass":             {"accept", "safe"},
	"expected_failure": {"reject", "safe"},
	"reject":           {"reject", "unsafe"},
	"reject_load":      {"load-error", "invalid"},
}

// inventoryFile is the part of PREVAIL's test-data/elf_inventory.json the
// harness reads.
type inventoryFile struct {
	Projects map[string]struct {
		Objects map[string]struct {
			Sections map[string][]struct {
				Function   string `json:"function"`
				RejectLoad bool   `json:"reject_load"`
			} `json:"sections"`
			Overrides struct {
				Sections map[string]override            `json:"sections"`
				Programs map[string]map[string]override `json:"programs"`
			} `json:"test_overrides"`
		} `json:"objects"`
	} `json:"projects"`
}

type override struct {
	Status string `json:"status"`
	Kind   string `json:"kind"`
}

// readInventory reads PREVAIL's inventory of the collection: every program
// record of every object with its test status. As PREVAIL's test does, a
// single-program section takes its override at section scope, a
// multi-program one per program, and a section where any program must
// fail to load fails as a whole.
func readInventory(path string) ([]entry, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var inv inventoryFile
	if err := json.Unmarshal(b, &inv); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	var es []entry
	for pn, p := range inv.Projects {
		for on, o := range p.Objects {
			for sn, progs := range o.Sections {
				anyRejectLoad := false
				if len(progs) > 1 {
					for _, pr := range progs {
						if o.Overrides.Programs[sn][pr.Function].Status == "reject_load" {
							anyRejectLoad = true
						}
					}
				}
				for _, pr := range progs {
					var ov override
					if len(progs) == 1 {
						ov = o.Overrides.Sections[sn]
					} else {
						ov = o.Overrides.Programs[sn][pr.Function]
					}
					st := ov.Status
					if st == "" {
						st = "pass"
					}
					if anyRejectLoad {
						st = "reject_load"
					}
					v, ok := statusVerdicts[st]
					if !ok {
						return nil, fmt.Errorf("%s: %s/%s %s %s: unknown status %q", path, pn, on, sn, pr.Function, st)
					}
					e := entry{Project: pn, File: on, Section: sn, Program: pr.Function, Status: st, Prevail: v[0], Intent: v[1]}
					if st == "expected_failure" {
						e.Kind = ov.Kind
					}
					es = append(es, e)
				}
			}
		}
	}
	if len(es) == 0 {
		return nil, fmt.Errorf("%s: no inventory entries", path)
	}
	sortEntries(es)
	return es, nil
}

func sortEntries(es []entry) {
	sort.Slice(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.Project != b.Project {
			return a.Project < b.Project
		}
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Section != b.Section {
			return a.Section < b.Section
		}
		return a.Program < b.Program
	})
}

// record is one program bpfcheck's loader reports.
type record struct{ Path, Section, Program string }

// collectionRecords lists every program of every ELF object under dir as
// bpfcheck's loader reports it, and the objects it cannot load.
func collectionRecords(dir string) (recs []record, failed map[string]string, err error) {
	files, err := elfFiles(dir)
	if err != nil {
		return nil, nil, err
	}
	failed = map[string]string{}
	loader := object.NewLoader(object.Options{})
	for _, rel := range files {
		data, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			return nil, nil, err
		}
		progs, err := loader.Load(rel, data)
		if err != nil {
			failed[rel] = firstLine(err.Error())
			continue
		}
		for _, p := range progs {
			recs = append(recs, record{rel, p.Section, p.Name})
		}
	}
	return recs, failed, nil
}

// elfFiles lists the ELF files under dir (relative, sorted), skipping .git.
func elfFiles(dir string) ([]string, error) {
	var files []string
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if info.IsDir() && strings.HasPrefix(info.Name(), ".git") {
			return filepath.SkipDir
		}
		if !info.Mode().IsRegular() {
			return nil
		}
		fh, err := os.Open(path)
		if err != nil {
			return err
		}
		var magic [4]byte
		n, _ := fh.Read(magic[:])
		fh.Close()
		if n == 4 && string(magic[:]) == "\x7fELF" {
			rel, _ := filepath.Rel(dir, path)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}

// merge joins the inventory with the loader's records: a record matches
// the inventory entry of the same object, section and function, or, where
// both sides have exactly one program in the section, that one (PREVAIL
// and bpfcheck name a symbol-less section's program differently). Records
// the inventory lacks become unlisted entries; entries the loader lacks
// keep Loaded false.
func merge(inv []entry, recs []record) []entry {
	type sk struct{ path, section string }
	out := append([]entry(nil), inv...)
	byKey := map[string]int{}
	invPerSection := map[sk][]int{}
	for i, e := range out {
		byKey[e.Key()] = i
		invPerSection[sk{e.Path(), e.Section}] = append(invPerSection[sk{e.Path(), e.Section}], i)
	}
	recPerSection := map[sk]int{}
	for _, r := range recs {
		recPerSection[sk{r.Path, r.Section}]++
	}
	for _, r := range recs {
		if i, ok := byKey[r.Path+" "+r.Section+" "+r.Program]; ok {
			out[i].Loaded = true
			continue
		}
		s := sk{r.Path, r.Section}
		if is := invPerSection[s]; len(is) == 1 && recPerSection[s] == 1 {
			out[is[0]].Loaded = true
			continue
		}
		project, file, _ := strings.Cut(r.Path, "/")
		out = append(out, entry{Project: project, File: file, Section: r.Section, Program: r.Program,
			Status: "unlisted", Intent: "unknown", Loaded: true})
	}
	sortEntries(out)
	return out
}
