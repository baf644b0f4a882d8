//go:build cgo

package smt

/*
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdlib.h>
#include <z3.h>

// Every Z3 function the binding uses. None is linked: bz_load resolves them
// with dlsym at the first New, so a process that never uses the solver
// never loads libz3 (and libstdc++), which costs milliseconds at start-up.
#define BZ_FUNCS(X) \
	X(Z3_ast_to_string) \
	X(Z3_dec_ref) \
	X(Z3_del_config) \
	X(Z3_del_context) \
	X(Z3_get_app_arg) \
	X(Z3_get_app_num_args) \
	X(Z3_get_ast_id) \
	X(Z3_get_ast_kind) \
	X(Z3_get_bool_value) \
	X(Z3_get_error_code) \
	X(Z3_get_error_msg) \
	X(Z3_get_numeral_uint64) \
	X(Z3_inc_ref) \
	X(Z3_is_numeral_ast) \
	X(Z3_mk_and) \
	X(Z3_mk_array_sort) \
	X(Z3_mk_bool_sort) \
	X(Z3_mk_bv_sort) \
	X(Z3_mk_bvadd) \
	X(Z3_mk_bvand) \
	X(Z3_mk_bvashr) \
	X(Z3_mk_bvlshr) \
	X(Z3_mk_bvmul) \
	X(Z3_mk_bvor) \
	X(Z3_mk_bvsdiv) \
	X(Z3_mk_bvshl) \
	X(Z3_mk_bvsle) \
	X(Z3_mk_bvslt) \
	X(Z3_mk_bvsrem) \
	X(Z3_mk_bvsub) \
	X(Z3_mk_bvudiv) \
	X(Z3_mk_bvugt) \
	X(Z3_mk_bvule) \
	X(Z3_mk_bvult) \
	X(Z3_mk_bvurem) \
	X(Z3_mk_bvxor) \
	X(Z3_mk_concat) \
	X(Z3_mk_config) \
	X(Z3_mk_const) \
	X(Z3_mk_context_rc) \
	X(Z3_mk_eq) \
	X(Z3_mk_extract) \
	X(Z3_mk_false) \
	X(Z3_mk_implies) \
	X(Z3_mk_ite) \
	X(Z3_mk_not) \
	X(Z3_mk_or) \
	X(Z3_mk_params) \
	X(Z3_mk_select) \
	X(Z3_mk_sign_ext) \
	X(Z3_mk_solver_for_logic) \
	X(Z3_mk_store) \
	X(Z3_mk_string_symbol) \
	X(Z3_mk_true) \
	X(Z3_mk_unsigned_int64) \
	X(Z3_mk_zero_ext) \
	X(Z3_model_dec_ref) \
	X(Z3_model_eval) \
	X(Z3_model_inc_ref) \
	X(Z3_params_dec_ref) \
	X(Z3_params_inc_ref) \
	X(Z3_params_set_bool) \
	X(Z3_params_set_uint) \
	X(Z3_set_error_handler) \
	X(Z3_set_param_value) \
	X(Z3_simplify) \
	X(Z3_solver_assert) \
	X(Z3_solver_check) \
	X(Z3_solver_dec_ref) \
	X(Z3_solver_get_model) \
	X(Z3_solver_inc_ref) \
	X(Z3_solver_pop) \
	X(Z3_solver_push) \
	X(Z3_solver_set_params) \
	X(Z3_solver_to_string) \
	X(Z3_to_app)

#define BZ_PTR(f) static __typeof__(&f) p_##f;
BZ_FUNCS(BZ_PTR)

// bz_load opens libz3 and resolves BZ_FUNCS; it returns NULL or why not.
static const char *bz_load(void) {
	void *h = dlopen("libz3.so", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		h = dlopen("libz3.so.4", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return dlerror();
#define BZ_SYM(f) if (!(p_##f = (__typeof__(p_##f))dlsym(h, #f))) return "libz3 lacks " #f;
	BZ_FUNCS(BZ_SYM)
	return NULL;
}

// The calls Go makes, one wrapper each (cgo cannot call through pointers).
static Z3_string bz_ast_to_string(Z3_context c, Z3_ast a) { return p_Z3_ast_to_string(c, a); }
static void bz_dec_ref(Z3_context c, Z3_ast a) { p_Z3_dec_ref(c, a); }
static void bz_del_config(Z3_config c) { p_Z3_del_config(c); }
static void bz_del_context(Z3_context c) { p_Z3_del_context(c); }
static Z3_lbool bz_get_bool_value(Z3_context c, Z3_ast a) { return p_Z3_get_bool_value(c, a); }
static Z3_error_code bz_get_error_code(Z3_context c) { return p_Z3_get_error_code(c); }
static Z3_string bz_get_error_msg(Z3_context c, Z3_error_code err) { return p_Z3_get_error_msg(c, err); }
static bool bz_get_numeral_uint64(Z3_context c, Z3_ast v, uint64_t* u) { return p_Z3_get_numeral_uint64(c, v, u); }
static void bz_inc_ref(Z3_context c, Z3_ast a) { p_Z3_inc_ref(c, a); }
static Z3_ast_kind bz_get_ast_kind(Z3_context c, Z3_ast a) { return p_Z3_get_ast_kind(c, a); }
static unsigned bz_get_ast_id(Z3_context c, Z3_ast a) { return p_Z3_get_ast_id(c, a); }
static unsigned bz_get_app_num_args(Z3_context c, Z3_ast a) { return p_Z3_get_app_num_args(c, p_Z3_to_app(c, a)); }
static bool bz_is_numeral_ast(Z3_context c, Z3_ast a) { return p_Z3_is_numeral_ast(c, a); }
static Z3_sort bz_mk_array_sort(Z3_context c, Z3_sort domain, Z3_sort range) { return p_Z3_mk_array_sort(c, domain, range); }
static Z3_sort bz_mk_bool_sort(Z3_context c) { return p_Z3_mk_bool_sort(c); }
static Z3_sort bz_mk_bv_sort(Z3_context c, unsigned sz) { return p_Z3_mk_bv_sort(c, sz); }
static Z3_config bz_mk_config(void) { return p_Z3_mk_config(); }
static Z3_ast bz_mk_const(Z3_context c, Z3_symbol s, Z3_sort ty) { return p_Z3_mk_const(c, s, ty); }
static Z3_context bz_mk_context_rc(Z3_config c) { return p_Z3_mk_context_rc(c); }
static Z3_ast bz_mk_extract(Z3_context c, unsigned high, unsigned low, Z3_ast t1) { return p_Z3_mk_extract(c, high, low, t1); }
static Z3_ast bz_mk_false(Z3_context c) { return p_Z3_mk_false(c); }
static Z3_ast bz_mk_ite(Z3_context c, Z3_ast t1, Z3_ast t2, Z3_ast t3) { return p_Z3_mk_ite(c, t1, t2, t3); }
static Z3_ast bz_mk_not(Z3_context c, Z3_ast a) { return p_Z3_mk_not(c, a); }
static Z3_params bz_mk_params(Z3_context c) { return p_Z3_mk_params(c); }
static Z3_ast bz_mk_select(Z3_context c, Z3_ast a, Z3_ast i) { return p_Z3_mk_select(c, a, i); }
static Z3_ast bz_mk_sign_ext(Z3_context c, unsigned i, Z3_ast t1) { return p_Z3_mk_sign_ext(c, i, t1); }
static Z3_solver bz_mk_solver_for_logic(Z3_context c, Z3_symbol l) { return p_Z3_mk_solver_for_logic(c, l); }
static Z3_ast bz_mk_store(Z3_context c, Z3_ast a, Z3_ast i, Z3_ast v) { return p_Z3_mk_store(c, a, i, v); }
static Z3_symbol bz_mk_string_symbol(Z3_context c, Z3_string s) { return p_Z3_mk_string_symbol(c, s); }
static Z3_ast bz_mk_true(Z3_context c) { return p_Z3_mk_true(c); }
static Z3_ast bz_mk_unsigned_int64(Z3_context c, uint64_t v, Z3_sort ty) { return p_Z3_mk_unsigned_int64(c, v, ty); }
static Z3_ast bz_mk_zero_ext(Z3_context c, unsigned i, Z3_ast t1) { return p_Z3_mk_zero_ext(c, i, t1); }
static void bz_model_dec_ref(Z3_context c, Z3_model m) { p_Z3_model_dec_ref(c, m); }
static Z3_bool_opt bz_model_eval(Z3_context c, Z3_model m, Z3_ast t, bool model_completion, Z3_ast * v) { return p_Z3_model_eval(c, m, t, model_completion, v); }
static void bz_model_inc_ref(Z3_context c, Z3_model m) { p_Z3_model_inc_ref(c, m); }
static void bz_params_dec_ref(Z3_context c, Z3_params p) { p_Z3_params_dec_ref(c, p); }
static void bz_params_inc_ref(Z3_context c, Z3_params p) { p_Z3_params_inc_ref(c, p); }
static void bz_params_set_bool(Z3_context c, Z3_params p, Z3_symbol k, bool v) { p_Z3_params_set_bool(c, p, k, v); }
static void bz_params_set_uint(Z3_context c, Z3_params p, Z3_symbol k, unsigned v) { p_Z3_params_set_uint(c, p, k, v); }
static void bz_set_param_value(Z3_config c, Z3_string param_id, Z3_string param_value) { p_Z3_set_param_value(c, param_id, param_value); }
static Z3_ast bz_simplify(Z3_context c, Z3_ast a) { return p_Z3_simplify(c, a); }
static void bz_solver_assert(Z3_context c, Z3_solver s, Z3_ast a) { p_Z3_solver_assert(c, s, a); }
static Z3_lbool bz_solver_check(Z3_context c, Z3_solver s) { return p_Z3_solver_check(c, s); }
static void bz_solver_dec_ref(Z3_context c, Z3_solver s) { p_Z3_solver_dec_ref(c, s); }
static Z3_model bz_solver_get_model(Z3_context c, Z3_solver s) { return p_Z3_solver_get_model(c, s); }
static void bz_solver_inc_ref(Z3_context c, Z3_solver s) { p_Z3_solver_inc_ref(c, s); }
static void bz_solver_pop(Z3_context c, Z3_solver s, unsigned n) { p_Z3_solver_pop(c, s, n); }
static void bz_solver_push(Z3_context c, Z3_solver s) { p_Z3_solver_push(c, s); }
static void bz_solver_set_params(Z3_context c, Z3_solver s, Z3_params p) { p_Z3_solver_set_params(c, s, p); }
static Z3_string bz_solver_to_string(Z3_context c, Z3_solver s) { return p_Z3_solver_to_string(c, s); }

// quietHandler replaces Z3's default error handler, which exits the
// process; callers read the error code after each call instead.
static void quietHandler(Z3_context c, Z3_error_code e) {}
static void installHandler(Z3_context c) { p_Z3_set_error_handler(c, quietHandler); }

// mkbin builds a binary term; op numbers follow the Go constants.
static Z3_ast mkbin(Z3_context c, int op, Z3_ast a, Z3_ast b) {
	switch (op) {
	case 0: return p_Z3_mk_bvadd(c, a, b);
	case 1: return p_Z3_mk_bvsub(c, a, b);
	case 2: return p_Z3_mk_bvmul(c, a, b);
	case 3: return p_Z3_mk_bvudiv(c, a, b);
	case 4: return p_Z3_mk_bvurem(c, a, b);
	case 5: return p_Z3_mk_bvand(c, a, b);
	case 6: return p_Z3_mk_bvor(c, a, b);
	case 7: return p_Z3_mk_bvxor(c, a, b);
	case 8: return p_Z3_mk_bvshl(c, a, b);
	case 9: return p_Z3_mk_bvlshr(c, a, b);
	case 10: return p_Z3_mk_bvashr(c, a, b);
	case 11: return p_Z3_mk_eq(c, a, b);
	case 12: return p_Z3_mk_bvult(c, a, b);
	case 13: return p_Z3_mk_bvule(c, a, b);
	case 14: return p_Z3_mk_bvugt(c, a, b);
	case 15: return p_Z3_mk_bvslt(c, a, b);
	case 16: return p_Z3_mk_bvsle(c, a, b);
	case 17: return p_Z3_mk_implies(c, a, b);
	case 18: return p_Z3_mk_concat(c, a, b);
	case 19: return p_Z3_mk_bvsdiv(c, a, b);
	case 20: return p_Z3_mk_bvsrem(c, a, b);
	case 21: { Z3_ast args[2] = {a, b}; return p_Z3_mk_and(c, 2, args); }
	case 22: { Z3_ast args[2] = {a, b}; return p_Z3_mk_or(c, 2, args); }
	}
	return 0;
}
// mentions sets found[i] for each constant ids[i] that occurs in a's DAG
// and returns how many it found (it stops once all are).
static unsigned mentions(Z3_context c, Z3_ast a, const unsigned *ids, unsigned n, char *found) {
	unsigned cap = 1024, top = 0, hits = 0, mask = 4095, seen_n = 0;
	Z3_ast *stack = malloc(cap * sizeof(Z3_ast));
	unsigned *seen = calloc(mask + 1, sizeof(unsigned)); // ids + 1, open addressing
	if (!stack || !seen) { free(stack); free(seen); for (unsigned i = 0; i < n; i++) found[i] = 1; return n; }
	stack[top++] = a;
	while (top > 0 && hits < n) {
		Z3_ast x = stack[--top];
		if (p_Z3_get_ast_kind(c, x) != Z3_APP_AST) continue;
		unsigned id = p_Z3_get_ast_id(c, x), h = (id * 2654435761u) & mask;
		while (seen[h] && seen[h] != id + 1) h = (h + 1) & mask;
		if (seen[h]) continue;
		seen[h] = id + 1;
		if (++seen_n * 2 > mask) { // grow the set
			unsigned nmask = mask * 2 + 1, *ns = calloc(nmask + 1, sizeof(unsigned));
			if (!ns) { free(stack); free(seen); for (unsigned i = 0; i < n; i++) found[i] = 1; return n; }
			for (unsigned i = 0; i <= mask; i++) if (seen[i]) {
				unsigned g = ((seen[i] - 1) * 2654435761u) & nmask;
				while (ns[g]) g = (g + 1) & nmask;
				ns[g] = seen[i];
			}
			free(seen); seen = ns; mask = nmask;
		}
		Z3_app app = p_Z3_to_app(c, x);
		unsigned k = p_Z3_get_app_num_args(c, app);
		if (k == 0) {
			for (unsigned i = 0; i < n; i++) if (!found[i] && ids[i] == id) { found[i] = 1; hits++; }
			continue;
		}
		if (top + k > cap) {
			while (top + k > cap) cap *= 2;
			Z3_ast *ns = realloc(stack, cap * sizeof(Z3_ast));
			if (!ns) { free(stack); free(seen); for (unsigned i = 0; i < n; i++) found[i] = 1; return n; }
			stack = ns;
		}
		for (unsigned j = 0; j < k; j++) stack[top++] = p_Z3_get_app_arg(c, app, j);
	}
	free(stack); free(seen);
	return hits;
}
*/
import "C"

import (
	"fmt"
	"sync"
	"time"
	"unsafe"
)

// lib is libz3, opened by the first New.
var lib struct {
	once sync.Once
	err  error
}

// load opens libz3 once; every later call returns the first call's error.
func load() error {
	lib.once.Do(func() {
		if msg := C.bz_load(); msg != nil {
			lib.err = fmt.Errorf("z3 is unavailable: %s", C.GoString(msg))
		}
	})
	return lib.err
}

// Context is a Z3 context with one solver. Not safe for concurrent use.
type Context struct {
	ctx    C.Z3_context
	solver C.Z3_solver
	owned  []C.Z3_ast // every term made, released on Pop or Close
	marks  []int      // len(owned) at each Push
	err    error
	model  C.Z3_model // of the last Sat check, until the solver changes
	axioms []axiom    // Axiom's conditions, in the scopes they were given in
}

// axiom is a condition asserted only once an assertion mentions one of
// its constants.
type axiom struct {
	t     C.Z3_ast
	vars  []C.uint // AST ids of the constants
	level int      // the scope depth it was given at
	on    int      // the scope depth it was asserted at, or -1
}

// dropModel forgets the cached model.
func (c *Context) dropModel() {
	if c.model != nil {
		C.bz_model_dec_ref(c.ctx, c.model)
		c.model = nil
	}
}

// getModel returns the model of the last Sat check, cached.
func (c *Context) getModel() (C.Z3_model, error) {
	if c.model != nil {
		return c.model, nil
	}
	m := C.bz_solver_get_model(c.ctx, c.solver)
	if err := c.check(); err != nil || m == nil {
		return nil, fmt.Errorf("z3: no model: %v", err)
	}
	C.bz_model_inc_ref(c.ctx, m)
	c.model = m
	return m, nil
}

// New creates a context and its solver (QF_ABV, ctrl_c=false, model
// generation on). The first call loads libz3 (libz3.so, else libz3.so.4);
// when that fails, so does every call.
func New() (*Context, error) {
	if err := load(); err != nil {
		return nil, err
	}
	cfg := C.bz_mk_config()
	defer C.bz_del_config(cfg)
	model := C.CString("model")
	yes := C.CString("true")
	C.bz_set_param_value(cfg, model, yes)
	C.free(unsafe.Pointer(model))
	C.free(unsafe.Pointer(yes))
	ctx := C.bz_mk_context_rc(cfg)
	if ctx == nil {
		return nil, fmt.Errorf("z3: cannot create a context")
	}
	C.installHandler(ctx)
	c := &Context{ctx: ctx}
	// The encodings are quantifier-free bit-vectors and arrays: a solver
	// set up for QF_ABV decides their queries about twice as fast as the
	// general one (docs/smt.md, Speed).
	logic := C.CString("QF_ABV")
	c.solver = C.bz_mk_solver_for_logic(ctx, C.bz_mk_string_symbol(ctx, logic))
	C.free(unsafe.Pointer(logic))
	C.bz_solver_inc_ref(ctx, c.solver)
	if err := c.SetTimeout(0); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// check turns the last Z3 error into a Go error.
func (c *Context) check() error {
	if code := C.bz_get_error_code(c.ctx); code != C.Z3_OK {
		return fmt.Errorf("z3: %s", C.GoString(C.bz_get_error_msg(c.ctx, code)))
	}
	return nil
}

// SetTimeout bounds each Check (0: no bound) and disables Z3's SIGINT handler.
func (c *Context) SetTimeout(d time.Duration) error {
	p := C.bz_mk_params(c.ctx)
	C.bz_params_inc_ref(c.ctx, p)
	defer C.bz_params_dec_ref(c.ctx, p)
	for _, kv := range []struct {
		name string
		set  func(C.Z3_symbol)
	}{
		{"ctrl_c", func(s C.Z3_symbol) { C.bz_params_set_bool(c.ctx, p, s, false) }},
		{"timeout", func(s C.Z3_symbol) {
			ms := uint64(d / time.Millisecond)
			if d <= 0 || ms > 1<<32-1 {
				ms = 1<<32 - 1
			}
			C.bz_params_set_uint(c.ctx, p, s, C.uint(ms))
		}},
	} {
		name := C.CString(kv.name)
		kv.set(C.bz_mk_string_symbol(c.ctx, name))
		C.free(unsafe.Pointer(name))
	}
	C.bz_solver_set_params(c.ctx, c.solver, p)
	return c.check()
}

// Close releases the context and everything made from it.
func (c *Context) Close() {
	if c.ctx == nil {
		return
	}
	c.dropModel()
	for _, a := range c.owned {
		C.bz_dec_ref(c.ctx, a)
	}
	C.bz_solver_dec_ref(c.ctx, c.solver)
	C.bz_del_context(c.ctx)
	c.ctx, c.owned = nil, nil
}

// Term is a Z3 expression (a bit-vector or a Boolean).
type Term struct {
	c   *Context
	ast C.Z3_ast
}

// Err returns the first error any term construction met (a sort mismatch,
// say); terms made after it are invalid.
func (c *Context) Err() error { return c.err }

func (c *Context) own(a C.Z3_ast) Term {
	if err := c.check(); err != nil || a == nil {
		if c.err == nil {
			if err == nil {
				err = fmt.Errorf("z3: invalid term")
			}
			c.err = err
		}
		return Term{c: c}
	}
	C.bz_inc_ref(c.ctx, a)
	c.owned = append(c.owned, a)
	return Term{c: c, ast: a}
}

// BV returns a fresh bit-vector variable of the given width.
func (c *Context) BV(name string, bits int) Term {
	s := C.CString(name)
	defer C.free(unsafe.Pointer(s))
	sort := C.bz_mk_bv_sort(c.ctx, C.uint(bits))
	return c.own(C.bz_mk_const(c.ctx, C.bz_mk_string_symbol(c.ctx, s), sort))
}

// BoolVar returns a fresh Boolean variable.
func (c *Context) BoolVar(name string) Term {
	s := C.CString(name)
	defer C.free(unsafe.Pointer(s))
	return c.own(C.bz_mk_const(c.ctx, C.bz_mk_string_symbol(c.ctx, s), C.bz_mk_bool_sort(c.ctx)))
}

// Array returns a fresh array variable from bit-vectors of idx bits to
// bit-vectors of val bits (memory: 64-bit addresses to bytes).
func (c *Context) Array(name string, idx, val int) Term {
	s := C.CString(name)
	defer C.free(unsafe.Pointer(s))
	sort := C.bz_mk_array_sort(c.ctx, C.bz_mk_bv_sort(c.ctx, C.uint(idx)), C.bz_mk_bv_sort(c.ctx, C.uint(val)))
	return c.own(C.bz_mk_const(c.ctx, C.bz_mk_string_symbol(c.ctx, s), sort))
}

// Select reads array t at index i.
func (t Term) Select(i Term) Term {
	if t.ast == nil || i.ast == nil {
		return Term{c: t.c}
	}
	return t.c.own(C.bz_mk_select(t.c.ctx, t.ast, i.ast))
}

// Store is array t with index i set to v.
func (t Term) Store(i, v Term) Term {
	if t.ast == nil || i.ast == nil || v.ast == nil {
		return Term{c: t.c}
	}
	return t.c.own(C.bz_mk_store(t.c.ctx, t.ast, i.ast, v.ast))
}

// Const returns the bit-vector constant v of the given width.
func (c *Context) Const(v uint64, bits int) Term {
	return c.own(C.bz_mk_unsigned_int64(c.ctx, C.uint64_t(v), C.bz_mk_bv_sort(c.ctx, C.uint(bits))))
}

// Bool returns true or false.
func (c *Context) Bool(v bool) Term {
	if v {
		return c.own(C.bz_mk_true(c.ctx))
	}
	return c.own(C.bz_mk_false(c.ctx))
}

// Binary operations, numbered as mkbin numbers them.
const (
	opAdd = iota
	opSub
	opMul
	opUDiv
	opURem
	opAnd
	opOr
	opXor
	opShl
	opLShr
	opAShr
	opEq
	opULt
	opULe
	opUGt
	opSLt
	opSLe
	opImplies
	opConcat
	opSDiv
	opSRem
	opAnd2
	opOr2
)

func (t Term) bin(op int, u Term) Term {
	if t.ast == nil || u.ast == nil {
		return Term{c: t.c}
	}
	return t.c.own(C.mkbin(t.c.ctx, C.int(op), t.ast, u.ast))
}

// Bit-vector arithmetic, logic and shifts (modulo 2^width).
func (t Term) Add(u Term) Term  { return t.bin(opAdd, u) }
func (t Term) Sub(u Term) Term  { return t.bin(opSub, u) }
func (t Term) Mul(u Term) Term  { return t.bin(opMul, u) }
func (t Term) UDiv(u Term) Term { return t.bin(opUDiv, u) }
func (t Term) URem(u Term) Term { return t.bin(opURem, u) }
func (t Term) And(u Term) Term  { return t.bin(opAnd, u) }
func (t Term) Or(u Term) Term   { return t.bin(opOr, u) }
func (t Term) Xor(u Term) Term  { return t.bin(opXor, u) }
func (t Term) Shl(u Term) Term  { return t.bin(opShl, u) }
func (t Term) LShr(u Term) Term { return t.bin(opLShr, u) }
func (t Term) AShr(u Term) Term { return t.bin(opAShr, u) }

// Comparisons (unsigned U*, signed S*) and equality give Booleans.
func (t Term) Eq(u Term) Term  { return t.bin(opEq, u) }
func (t Term) ULt(u Term) Term { return t.bin(opULt, u) }
func (t Term) ULe(u Term) Term { return t.bin(opULe, u) }
func (t Term) UGt(u Term) Term { return t.bin(opUGt, u) }
func (t Term) SLt(u Term) Term { return t.bin(opSLt, u) }
func (t Term) SLe(u Term) Term { return t.bin(opSLe, u) }

// Concat puts t's bits above u's.
func (t Term) Concat(u Term) Term { return t.bin(opConcat, u) }

// SDiv and SRem are signed division and remainder, truncating towards zero
// (the remainder takes the dividend's sign), as C and BPF's sdiv/smod do;
// both are unspecified by Z3 for a zero divisor, so callers guard it.
func (t Term) SDiv(u Term) Term { return t.bin(opSDiv, u) }
func (t Term) SRem(u Term) Term { return t.bin(opSRem, u) }

// AndB and OrB are Boolean conjunction and disjunction.
func (t Term) AndB(u Term) Term { return t.bin(opAnd2, u) }
func (t Term) OrB(u Term) Term  { return t.bin(opOr2, u) }

// Implies is Boolean implication.
func (t Term) Implies(u Term) Term { return t.bin(opImplies, u) }

// Not is Boolean negation.
func (t Term) Not() Term {
	if t.ast == nil {
		return t
	}
	return t.c.own(C.bz_mk_not(t.c.ctx, t.ast))
}

// Extract returns bits hi..lo; ZeroExt and SignExt widen by n bits.
func (t Term) Extract(hi, lo int) Term {
	if t.ast == nil {
		return t
	}
	return t.c.own(C.bz_mk_extract(t.c.ctx, C.uint(hi), C.uint(lo), t.ast))
}

// ZeroExt widens by n zero bits.
func (t Term) ZeroExt(n int) Term {
	if t.ast == nil {
		return t
	}
	return t.c.own(C.bz_mk_zero_ext(t.c.ctx, C.uint(n), t.ast))
}

// SignExt widens by n copies of the sign bit.
func (t Term) SignExt(n int) Term {
	if t.ast == nil {
		return t
	}
	return t.c.own(C.bz_mk_sign_ext(t.c.ctx, C.uint(n), t.ast))
}

// Ite is if-then-else on a Boolean condition t.
func (t Term) Ite(then, els Term) Term {
	if t.ast == nil || then.ast == nil || els.ast == nil {
		return Term{c: t.c}
	}
	return t.c.own(C.bz_mk_ite(t.c.ctx, t.ast, then.ast, els.ast))
}

// String prints the term in SMT-LIB2 syntax.
func (t Term) String() string {
	if t.ast == nil {
		return "<invalid>"
	}
	return C.GoString(C.bz_ast_to_string(t.c.ctx, t.ast))
}

// Push opens a scope; Pop drops its assertions and releases its terms.
func (c *Context) Push() {
	c.dropModel()
	C.bz_solver_push(c.ctx, c.solver)
	c.marks = append(c.marks, len(c.owned))
}

// Pop closes the innermost scope.
func (c *Context) Pop() {
	if len(c.marks) == 0 {
		return
	}
	c.dropModel()
	C.bz_solver_pop(c.ctx, c.solver, 1)
	mark := c.marks[len(c.marks)-1]
	c.marks = c.marks[:len(c.marks)-1]
	depth := len(c.marks)
	keep := c.axioms[:0]
	for _, a := range c.axioms {
		if a.level > depth {
			continue
		}
		if a.on > depth {
			a.on = -1 // asserted in the closed scope: pending again
		}
		keep = append(keep, a)
	}
	c.axioms = keep
	for _, a := range c.owned[mark:] {
		C.bz_dec_ref(c.ctx, a)
	}
	c.owned = c.owned[:mark]
	c.err = nil
}

// Assert adds a Boolean constraint, and first every pending Axiom whose
// constants it mentions.
func (c *Context) Assert(t Term) error {
	if c.err != nil {
		return c.err
	}
	if t.ast == nil {
		return fmt.Errorf("z3: assert of an invalid term")
	}
	if err := c.triggerAxioms(t.ast); err != nil {
		return err
	}
	c.dropModel()
	C.bz_solver_assert(c.ctx, c.solver, t.ast)
	return c.check()
}

// Axiom asserts the Boolean t once an assertion (in this scope or one it
// opens) mentions one of the constants vars, or at once if none is a
// constant. A condition on constants that nothing else mentions changes no
// answer as long as it is satisfiable on its own (the caller's promise):
// an unsat answer without it is unsat with it, and a model without it
// extends to one with it. Leaving such conditions out keeps the solver's
// work proportional to what a query is about (docs/smt.md, Speed).
func (c *Context) Axiom(t Term, vars ...Term) error {
	if c.err != nil {
		return c.err
	}
	if t.ast == nil {
		return fmt.Errorf("z3: axiom of an invalid term")
	}
	a := axiom{t: t.ast, level: len(c.marks), on: -1}
	for _, v := range vars {
		if v.ast == nil || C.bz_get_ast_kind(c.ctx, v.ast) != C.Z3_APP_AST ||
			C.bz_get_app_num_args(c.ctx, v.ast) != 0 || C.bz_is_numeral_ast(c.ctx, v.ast) {
			return c.Assert(t)
		}
		a.vars = append(a.vars, C.bz_get_ast_id(c.ctx, v.ast))
	}
	if len(a.vars) == 0 {
		return c.Assert(t)
	}
	c.axioms = append(c.axioms, a)
	return nil
}

// triggerAxioms asserts the pending axioms whose constants a mentions (and,
// through them, those their conditions mention).
func (c *Context) triggerAxioms(a C.Z3_ast) error {
	var ids []C.uint
	var owner []int
	for i, ax := range c.axioms {
		if ax.on < 0 {
			for _, v := range ax.vars {
				ids = append(ids, v)
				owner = append(owner, i)
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	found := make([]C.char, len(ids))
	if C.mentions(c.ctx, a, &ids[0], C.uint(len(ids)), &found[0]) == 0 {
		return nil
	}
	var fire []int
	for k, f := range found {
		if i := owner[k]; f != 0 && c.axioms[i].on < 0 {
			c.axioms[i].on = len(c.marks)
			fire = append(fire, i)
		}
	}
	for _, i := range fire {
		if err := c.Assert(Term{c: c, ast: c.axioms[i].t}); err != nil {
			return err
		}
	}
	return nil
}

// Check decides the assertions.
func (c *Context) Check() (Result, error) {
	if c.err != nil {
		return Unknown, c.err
	}
	c.dropModel()
	r := C.bz_solver_check(c.ctx, c.solver)
	if err := c.check(); err != nil {
		return Unknown, err
	}
	switch r {
	case C.Z3_L_TRUE:
		return Sat, nil
	case C.Z3_L_FALSE:
		return Unsat, nil
	}
	return Unknown, nil
}

// Value evaluates a bit-vector term (up to 64 bits) in the model of the
// last Sat check.
func (c *Context) Value(t Term) (uint64, error) {
	m, err := c.getModel()
	if err != nil {
		return 0, err
	}
	var out C.Z3_ast
	if !C.bz_model_eval(c.ctx, m, t.ast, true, &out) {
		return 0, fmt.Errorf("z3: cannot evaluate %s", t)
	}
	C.bz_inc_ref(c.ctx, out)
	defer C.bz_dec_ref(c.ctx, out)
	var v C.uint64_t
	if !C.bz_get_numeral_uint64(c.ctx, out, &v) {
		return 0, fmt.Errorf("z3: %s is not a 64-bit numeral", C.GoString(C.bz_ast_to_string(c.ctx, out)))
	}
	return uint64(v), nil
}

// BoolValue evaluates a Boolean term in the model of the last Sat check.
func (c *Context) BoolValue(t Term) (bool, error) {
	m, err := c.getModel()
	if err != nil {
		return false, err
	}
	var out C.Z3_ast
	if !C.bz_model_eval(c.ctx, m, t.ast, true, &out) {
		return false, fmt.Errorf("z3: cannot evaluate %s", t)
	}
	C.bz_inc_ref(c.ctx, out)
	defer C.bz_dec_ref(c.ctx, out)
	switch C.bz_get_bool_value(c.ctx, out) {
	case C.Z3_L_TRUE:
		return true, nil
	case C.Z3_L_FALSE:
		return false, nil
	}
	return false, fmt.Errorf("z3: %s has no Boolean value", t)
}

// Numeral reports the value of a bit-vector term (up to 64 bits) that
// simplifies to a constant, and false for any other term.
func (t Term) Numeral() (uint64, bool) {
	if t.ast == nil {
		return 0, false
	}
	s := C.bz_simplify(t.c.ctx, t.ast)
	if s == nil {
		return 0, false
	}
	C.bz_inc_ref(t.c.ctx, s)
	defer C.bz_dec_ref(t.c.ctx, s)
	if !C.bz_is_numeral_ast(t.c.ctx, s) {
		return 0, false
	}
	var v C.uint64_t
	if !C.bz_get_numeral_uint64(t.c.ctx, s, &v) {
		return 0, false
	}
	return uint64(v), true
}

// BoolConst reports the value of a Boolean term that simplifies to true or
// false, and ok false for any other term.
func (t Term) BoolConst() (value, ok bool) {
	if t.ast == nil {
		return false, false
	}
	s := C.bz_simplify(t.c.ctx, t.ast)
	if s == nil {
		return false, false
	}
	C.bz_inc_ref(t.c.ctx, s)
	defer C.bz_dec_ref(t.c.ctx, s)
	switch C.bz_get_bool_value(t.c.ctx, s) {
	case C.Z3_L_TRUE:
		return true, true
	case C.Z3_L_FALSE:
		return false, true
	}
	return false, false
}

// Valid reports whether the term was built without error.
func (t Term) Valid() bool { return t.ast != nil }

// SMTLIB returns the current assertions as an SMT-LIB2 script.
func (c *Context) SMTLIB() string {
	return C.GoString(C.bz_solver_to_string(c.ctx, c.solver))
}
