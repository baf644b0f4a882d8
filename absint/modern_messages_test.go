package absint

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/bpfcheck/bpfcheck/ir"
)

// keyCall is a call that raises a message by key: the key literal and
// the number of the key's arguments it passes (-1: a spread slice).
type keyCall struct {
	pos  string
	key  string
	args int
}

// keyCalls finds, in the package's non-test files, every call of a
// function with a parameter named key followed by a variadic args: the
// key when it is a literal, and how many arguments follow.
func keyCalls(t *testing.T) (calls []keyCall, literals map[string]bool) {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
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
	type sig struct{ key, args int }
	sigs := map[string]sig{}
	for _, af := range parsed {
		ast.Inspect(af, func(n ast.Node) bool {
			var name string
			var ft *ast.FuncType
			switch n := n.(type) {
			case *ast.FuncDecl:
				name, ft = n.Name.Name, n.Type
			case *ast.AssignStmt: // wf := func(i int, key string, args ...any)
				if len(n.Lhs) == 1 && len(n.Rhs) == 1 {
					if fl, ok := n.Rhs[0].(*ast.FuncLit); ok {
						name, ft = n.Lhs[0].(*ast.Ident).Name, fl.Type
					}
				}
			}
			if ft == nil {
				return true
			}
			s, i := sig{-1, -1}, 0
			for _, field := range ft.Params.List {
				for _, nm := range field.Names {
					if nm.Name == "key" {
						s.key = i
					}
					if _, ok := field.Type.(*ast.Ellipsis); ok && nm.Name == "args" {
						s.args = i
					}
					i++
				}
			}
			if s.key >= 0 && s.args > s.key {
				sigs[name] = s
			}
			return true
		})
	}
	literals = map[string]bool{}
	for _, af := range parsed {
		if fset.Position(af.Pos()).Filename == "modern_messages.go" || fset.Position(af.Pos()).Filename == "kernel_messages.go" {
			continue
		}
		ast.Inspect(af, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if s, err := strconv.Unquote(n.Value); err == nil && n.Kind == token.STRING {
					literals[s] = true
				}
			case *ast.CallExpr:
				id, ok := n.Fun.(*ast.Ident)
				if !ok {
					return true
				}
				s, ok := sigs[id.Name]
				if !ok || len(n.Args) <= s.key {
					return true
				}
				c := keyCall{pos: fset.Position(n.Pos()).String(), args: len(n.Args) - s.args}
				if n.Ellipsis.IsValid() {
					c.args = -1
				}
				if lit, ok := n.Args[s.key].(*ast.BasicLit); ok {
					c.key, _ = strconv.Unquote(lit.Value)
				}
				calls = append(calls, c)
			}
			return true
		})
	}
	return calls, literals
}

// verbs counts a format's verbs (-1 when it indexes its arguments).
func verbs(f string) int {
	if strings.Contains(f, "%[") {
		return -1
	}
	n := 0
	for i := 0; i < len(f); i++ {
		if f[i] == '%' {
			if i+1 < len(f) && f[i+1] == '%' {
				i++
				continue
			}
			n++
		}
	}
	return n
}

// TestModernMessageTable checks linux-6.18's message table against the
// places that raise its keys: every key raised is in the table with as
// many arguments as its format uses, every key in the table is raised
// somewhere, and no code has two variants with the same errno and text.
func TestModernMessageTable(t *testing.T) {
	calls, literals := keyCalls(t)
	if len(calls) < 100 {
		t.Fatalf("found only %d calls raising a message by key; has the way they are written changed?", len(calls))
	}
	for _, c := range calls {
		if c.key == "" {
			continue // a key chosen at run time: its literals are checked below
		}
		m, ok := messages618[c.key]
		if !ok {
			t.Errorf("%s: key %q is not in messages618", c.pos, c.key)
			continue
		}
		if v := verbs(m.Format); v >= 0 && c.args >= 0 && v != c.args {
			t.Errorf("%s: %q takes %d arguments (%q), the call passes %d", c.pos, c.key, v, m.Format, c.args)
		}
	}
	type text struct{ code, errno, format string }
	seen := map[text]string{}
	for key, m := range messages618 {
		if !literals[key] {
			t.Errorf("key %q of messages618 is never raised (no literal of it outside the table)", key)
		}
		if code := codeOf(key); code == "" || strings.Count(key, "/") > 1 || key != strings.ToLower(key) {
			t.Errorf("key %q is not code or code/variant", key)
		}
		if m.Errno == "" || m.Format == "" {
			t.Errorf("key %q lacks its errno or format", key)
		}
		x := text{codeOf(key), m.Errno, m.Format}
		if other, dup := seen[x]; dup {
			t.Errorf("keys %q and %q are the same message of code %s", key, other, x.code)
		}
		seen[x] = key
	}
}

// TestModernMessagesFromTable verifies rejected programs under a copy of
// linux-6.18 whose every format is tagged with its key: each rejection's
// message is its key's text from the profile's table, and its code the
// key's code.
func TestModernMessagesFromTable(t *testing.T) {
	base := profiles["linux-6.18"]
	tagged := *base
	tagged.Messages = Messages{}
	for k, m := range base.Messages {
		m.Format = "[" + k + "] " + m.Format
		tagged.Messages[k] = m
	}
	hash := ir.MapSpec{Type: ir.MapTypeHash, KeySize: 4, ValueSize: 8, MaxEntries: 4}
	cases := []struct {
		key  string
		maps []ir.MapSpec
		src  string
	}{
		{"uninit-register", nil, "r0 = r2\nexit"},
		{"frame-pointer-write", nil, "r10 = 0\nexit"},
		{"pointer-arith/bitwise", nil, "r1 &= 1\nr0 = 0\nexit"},
		{"stack-bounds/fixed", nil, "r0 = *(u64 *)(r10 +8)\nexit"},
		{"div-by-zero", nil, "r0 = 1\nr0 /= 0\nexit"},
		{"invalid-mem-access", []ir.MapSpec{hash}, "r1 = 0\n*(u32 *)(r10 -4) = r1\nr2 = r10\nr2 += -4\nr1 = map[0]\ncall 1\nr0 = *(u64 *)(r0 +0)\nexit"},
		{"map-value-bounds/min", []ir.MapSpec{hash}, "r1 = 0\n*(u32 *)(r10 -4) = r1\nr2 = r10\nr2 += -4\nr1 = map[0]\ncall 1\nif r0 == 0 goto pc+1\nr0 = *(u64 *)(r0 +4)\nr0 = 0\nexit"},
		{"jump-out-of-range/jump", nil, "goto pc+5\nexit"},
		{"unreachable-insn", nil, "r0 = 0\nexit\nr0 = 1\nexit"},
		{"too-many-processed", nil, "r0 = 0\nr0 += 1\nif r0 != 0 goto pc-2\nexit"},
		{"invalid-func", nil, "call 100000\nexit"},
		// BPF_ST in mode ABS: its own code (it was alu-reserved-fields
		// while the code was found from the text's prefix).
		{"st-reserved-fields", nil, ".insn 0x22, 10, 0, -8, 0\nr0 = 0\nexit"},
	}
	for _, c := range cases {
		insns, err := ir.Assemble(c.src)
		if err != nil {
			t.Fatalf("%s: %v", c.key, err)
		}
		p := &ir.Program{Type: ir.ProgTypeSocketFilter, Insns: insns, License: "GPL", Maps: c.maps}
		want := verifyModern(base, p, Options{})
		got := verifyModern(&tagged, p, Options{})
		if want.Verdict != Reject || got.Verdict != Reject {
			t.Errorf("%s: verdicts %v and %v, want two rejections\n%s", c.key, want.Verdict, got.Verdict, c.src)
			continue
		}
		if g, w := got.Diag.Message, "["+c.key+"] "+want.Diag.Message; g != w || got.Diag.Code != codeOf(c.key) || want.Diag.Code != got.Diag.Code {
			t.Errorf("%s: tagged %q (%s), want %q (%s)", c.key, g, got.Diag.Code, w, codeOf(c.key))
		}
		if got.Errno != base.Messages[c.key].Errno {
			t.Errorf("%s: errno %s, want the table's %s", c.key, got.Errno, base.Messages[c.key].Errno)
		}
	}
}
