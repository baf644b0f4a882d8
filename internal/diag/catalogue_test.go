package diag

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/absint"
)

var update = flag.Bool("update", false, "rewrite docs/diagnostics.md")

var kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)+$`)

// packageDirs returns root and every directory below it holding Go files
// (testdata excluded), so that codes in subpackages are found too.
func packageDirs(t *testing.T, root string) []string {
	var dirs []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && p != root {
			return filepath.SkipDir
		}
		if d.IsDir() {
			dirs = append(dirs, p)
		}
		return nil
	})
	return dirs
}

// emittedCodes scans the Go sources of the packages that produce
// diagnostics for the codes they can emit: string literals given to a
// struct field named code/Code, or to a parameter named code of a function
// declared in the same package (errf, fail, warn, ...). It returns each
// code with the first place it appears.
func emittedCodes(t *testing.T, dirs ...string) map[string]string {
	found := map[string]string{}
	for _, dir := range dirs {
		fset := token.NewFileSet()
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		var parsed []*ast.File
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			af, err := parser.ParseFile(fset, f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			parsed = append(parsed, af)
		}
		// Which argument position of each function is called "code".
		codeArg := map[string]int{}
		for _, af := range parsed {
			for _, d := range af.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok {
					continue
				}
				i := 0
				for _, field := range fd.Type.Params.List {
					names := field.Names
					if len(names) == 0 {
						i++
						continue
					}
					for _, n := range names {
						if n.Name == "code" {
							codeArg[fd.Name.Name] = i
						}
						i++
					}
				}
			}
		}
		record := func(e ast.Expr) {
			lit, ok := e.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil || s == "" {
				return
			}
			if _, seen := found[s]; !seen {
				p := fset.Position(lit.Pos())
				found[s] = fmt.Sprintf("%s:%d", filepath.ToSlash(p.Filename), p.Line)
			}
		}
		for _, af := range parsed {
			ast.Inspect(af, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.KeyValueExpr:
					if k, ok := n.Key.(*ast.Ident); ok && (k.Name == "code" || k.Name == "Code") {
						record(n.Value)
					}
				case *ast.CallExpr:
					name := ""
					switch f := n.Fun.(type) {
					case *ast.Ident:
						name = f.Name
					case *ast.SelectorExpr:
						name = f.Sel.Name
					}
					if i, ok := codeArg[name]; ok && i < len(n.Args) {
						record(n.Args[i])
					}
				}
				return true
			})
		}
	}
	return found
}

// TestEveryEmittedCodeIsCatalogued is the guard that keeps the catalogue
// complete: a new code in the verifier fails here until it is documented.
func TestEveryEmittedCodeIsCatalogued(t *testing.T) {
	found := emittedCodes(t, append(packageDirs(t, "../../absint"), packageDirs(t, "../../cfg")...)...)
	// The codes of the profiles' message tables (a key raised by mfail
	// and the like is a code or code/variant, found here, not by the scan).
	for _, name := range absint.ProfileNames() {
		prof, err := absint.LookupProfile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range prof.Messages.Codes() {
			if _, seen := found[c]; !seen {
				found[c] = "the messages of profile " + name
			}
		}
	}
	if len(found) < 40 {
		t.Fatalf("the scan found only %d codes; has the way codes are written changed?", len(found))
	}
	var codes []string
	for c := range found {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		if !kebab.MatchString(c) {
			t.Errorf("%s: code %q is not kebab-case (lowercase words joined by -)", found[c], c)
			continue
		}
		if _, ok := Lookup(c); !ok {
			t.Errorf("%s emits code %q, which is not in the catalogue. Append to internal/diag/entries.go:\n"+
				"\t{Code: %q, Title: \"<a few words>\",\n\t\tWhy: \"<one sentence: why the verifier refuses it>\",\n"+
				"\t\tFix: \"<one sentence: what to change in the program>\",\n\t\tExample: \"<a minimal program that gets it>\"},\n"+
				"then run `go test ./internal/diag -update` to regenerate docs/diagnostics.md", found[c], c, c)
		}
	}
}

func TestEntriesComplete(t *testing.T) {
	for _, e := range entries {
		if !kebab.MatchString(e.Code) || e.Title == "" || e.Why == "" || e.Fix == "" || e.Example == "" {
			t.Errorf("entry %q lacks a field or has a bad code: %+v", e.Code, e)
		}
		for _, s := range []string{e.Why, e.Fix} {
			if strings.HasSuffix(s, ".") || s != strings.TrimSpace(s) {
				t.Errorf("%s: sentences are stored without a final period or spaces: %q", e.Code, s)
			}
		}
	}
}

func TestVariants(t *testing.T) {
	why, fix, ok := For("invalid-mem-access", "R0 invalid mem access 'map_value_or_null'")
	if !ok || !strings.Contains(fix, "against NULL") || !strings.Contains(why, "NULL") {
		t.Errorf("the NULL-check variant was not chosen: %q / %q", why, fix)
	}
	_, fix2, _ := For("invalid-mem-access", "R3 invalid mem access 'ptr'")
	if fix2 == fix {
		t.Errorf("a non-matching message must get the entry's own fix")
	}
	if _, _, ok := For("no-such-code", ""); ok {
		t.Errorf("an unknown code must not be found")
	}
}

// TestDocs keeps docs/diagnostics.md generated from the catalogue.
func TestDocs(t *testing.T) {
	path := "../../docs/diagnostics.md"
	want := append(Markdown(), '\n')
	if *update {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("docs/diagnostics.md is stale; run go test ./internal/diag -update (%v)", err)
	}
	for _, c := range Codes() {
		if !bytes.Contains(got, []byte(`<a id="`+c+`">`)) {
			t.Errorf("docs lack the anchor of %s that HelpURI links to", c)
		}
	}
}
