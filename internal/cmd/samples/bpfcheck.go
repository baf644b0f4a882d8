package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"time"
)

// checkResult is bpfcheck's answer for one program under one profile.
type checkResult struct {
	Verdict string // accept, reject, unsupported, error, or none (not in bpfcheck's output)
	Message string
	Nanos   int64 // stats.duration_ns
}

type checkLine struct {
	File, Program, Section, Verdict string
	Error                           *struct{ Code, Message string }
	Stats                           *struct {
		DurationNS int64 `json:"duration_ns"`
	}
}

// runBpfcheck verifies one section of an object under one profile with the
// bpfcheck binary, as the program type the kernel was given where it got
// one (so that both verify the same thing), and returns its programs'
// results keyed by section and by section+" "+program; wall is the run's
// wall-clock time.
func runBpfcheck(bin, profile, path, section, typ string, timeout time.Duration) (res map[string]checkResult, wall time.Duration, err error) {
	c, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	args := []string{"verify", "--profile", profile, "--format", "json", "-j", "1", "--section", section}
	if typ != "" {
		args = append(args, "--type", typ)
	}
	cmd := exec.CommandContext(c, bin, append(args, path)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	runErr := cmd.Run()
	wall = time.Since(start)
	if c.Err() != nil {
		return nil, wall, fmt.Errorf("no answer in %v", timeout)
	}
	res = map[string]checkResult{}
	sc := bufio.NewScanner(&out)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	n := 0
	perSection := map[string]int{}
	for sc.Scan() {
		var l checkLine
		if json.Unmarshal(sc.Bytes(), &l) != nil {
			continue
		}
		n++
		r := checkResult{Verdict: l.Verdict}
		if l.Error != nil {
			r.Message = l.Error.Message
		}
		if l.Stats != nil {
			r.Nanos = l.Stats.DurationNS
		}
		perSection[l.Section]++
		if _, dup := res[l.Section]; !dup {
			res[l.Section] = r
		}
		res[l.Section+" "+l.Program] = r
		if l.Section == "" && l.Verdict == "error" {
			res[""] = r // the whole file failed
		}
	}
	if n == 0 {
		return nil, wall, fmt.Errorf("no output (%v): %s", runErr, firstLine(errb.String()))
	}
	// A section's own key stands for its program only where it has one.
	for s, k := range perSection {
		if k > 1 {
			delete(res, s)
		}
	}
	return res, wall, nil
}
