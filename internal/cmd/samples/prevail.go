package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// prevailMain runs PREVAIL's own command-line verifier (prevail-cli, built
// beside the project) on every record of the inventory and writes its
// verdicts to prevail.tsv, for the report's prevail-cli column.
func prevailMain(args []string) {
	fs := flag.NewFlagSet("prevail", flag.ExitOnError)
	samples := fs.String("samples", "/work/ext/ebpf-samples", "the ebpf-samples checkout")
	inv := fs.String("inventory", defaultInventory, "PREVAIL's inventory (test-data/elf_inventory.json)")
	out := fs.String("out", "/work/ext/oracle", "directory for prevail.tsv")
	cli := fs.String("cli", "/work/ext/prevail/bin/prevail", "PREVAIL's command-line verifier (prevail-cli)")
	timeout := fs.Duration("timeout", 20*time.Second, "time limit of one program")
	fs.Parse(args)
	es, err := readInventory(*inv)
	check(err)
	// Written as it goes: PREVAIL takes minutes on some of cilium's programs.
	f, err := os.Create(filepath.Join(*out, "prevail.tsv"))
	check(err)
	defer f.Close()
	fmt.Fprintf(f, "project\tfile\tsection\tprogram\tverdict\tms\tmessage\n")
	for i, e := range es {
		v, ms, msg := prevailVerdict(*cli, filepath.Join(*samples, e.Path()), e.Section, e.Program, *timeout)
		fmt.Fprintf(f, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", e.Project, e.File, e.Section, e.Program, v, ms, clean(msg))
		fmt.Fprintf(os.Stderr, "\r[%d/%d] prevail %-60.60s %s", i+1, len(es), e.Key(), v)
	}
	fmt.Fprintln(os.Stderr)
}

// prevailVerdict is prevail-cli's verdict on one program: accept (PASS),
// reject (FAIL), load-error (the section does not load), or none.
func prevailVerdict(cli, path, section, function string, timeout time.Duration) (verdict string, ms int64, msg string) {
	c, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	// The conformance groups PREVAIL's own tests verify with (the CLI's
	// default leaves out LD_ABS/LD_IND and callx).
	cmd := exec.CommandContext(c, cli, path, "--section", section, "--function", function, "--include_groups", "packet", "callx")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	cmd.Run()
	ms = time.Since(start).Milliseconds()
	if c.Err() != nil {
		return "none", ms, fmt.Sprintf("no answer in %v", timeout)
	}
	o := out.String()
	switch {
	case strings.HasPrefix(o, "PASS:"):
		return "accept", ms, ""
	case strings.HasPrefix(o, "FAIL:"):
		lines := strings.Split(o, "\n")
		if len(lines) > 1 {
			msg = lines[1]
		}
		return "reject", ms, msg
	case strings.Contains(errb.String(), "error:"):
		return "load-error", ms, firstLine(errb.String())
	}
	return "none", ms, firstLine(o + errb.String())
}
