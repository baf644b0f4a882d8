package main

import (
	"encoding/binary"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/bpfcheck/bpfcheck/lint"
)

// input is one file to verify, or a command-line argument that failed to
// expand (err set), which is reported like an unreadable file.
type input struct {
	path string
	err  *lint.InputError
}

// expandArgs turns the command line's arguments into the files to verify,
// in order. A file is taken as it is (any format). A directory, or a path
// ending in /..., is walked recursively in lexical order for ELF objects
// for BPF, recognised by content; assembly and raw bytecode inside trees are
// skipped, since neither can be told from other text or data files (name
// them explicitly). Directories whose names start with "." are not entered.
func expandArgs(args []string) []input {
	var out []input
	for _, a := range args {
		root, tree := a, false
		if a == "..." || strings.HasSuffix(a, "/...") {
			root, tree = strings.TrimSuffix(strings.TrimSuffix(a, "..."), "/"), true
			if root == "" {
				root = "."
			}
		}
		st, err := os.Stat(root)
		if err != nil && !tree {
			out = append(out, input{path: a}) // lint.File reports the error
			continue
		}
		if err != nil {
			out = append(out, input{path: a, err: &lint.InputError{Object: a, Code: "unreadable-input", Message: "stat: " + errText(err), Err: err}})
			continue
		}
		if !st.IsDir() {
			out = append(out, input{path: root})
			continue
		}
		found := 0
		werr := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				out = append(out, input{path: p, err: &lint.InputError{Object: p, Code: "unreadable-input", Message: errText(err), Err: err}})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if p != root && strings.HasPrefix(d.Name(), ".") {
					return fs.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() && isBPFObject(p) {
				out = append(out, input{path: p})
				found++
			}
			return nil
		})
		if werr == nil && found == 0 {
			out = append(out, input{path: a, err: &lint.InputError{Object: a, Code: "no-programs", Message: "no ELF objects for BPF under this directory"}})
		}
	}
	return out
}

// isBPFObject reports whether the file starts like an ELF object for the
// BPF machine (e_machine 247, or 0 in a relocatable object).
func isBPFObject(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var h [20]byte
	if _, err := io.ReadFull(f, h[:]); err != nil || string(h[:4]) != "\x7fELF" {
		return false
	}
	var order binary.ByteOrder = binary.LittleEndian
	if h[5] == 2 {
		order = binary.BigEndian
	}
	// EM_BPF, or EM_NONE in a relocatable object: old LLVM left e_machine
	// unset in BPF objects (ir/object loads them when their code is BPF).
	machine, typ := order.Uint16(h[18:]), order.Uint16(h[16:])
	return machine == 247 || machine == 0 && typ == 1
}

// errText is an error's text without the path an *fs.PathError repeats.
func errText(err error) string {
	var pe *fs.PathError
	if e, ok := err.(*fs.PathError); ok {
		pe = e
		return pe.Op + ": " + pe.Err.Error()
	}
	return err.Error()
}
