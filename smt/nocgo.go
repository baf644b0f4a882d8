//go:build !cgo

package smt

import "time"

// Context is unavailable without cgo: New never returns one, and the
// methods below exist only so that callers build without cgo.
type Context struct{}

// New reports ErrUnavailable: this build has no Z3.
func New() (*Context, error) { return nil, ErrUnavailable }

// Close does nothing.
func (c *Context) Close() {}

// Term is an expression; without cgo none can be made.
type Term struct{}

// Err reports ErrUnavailable.
func (c *Context) Err() error { return ErrUnavailable }

// SetTimeout reports ErrUnavailable.
func (c *Context) SetTimeout(time.Duration) error { return ErrUnavailable }

// BV, BoolVar, Const and Bool give invalid terms.
func (c *Context) BV(string, int) Term    { return Term{} }
func (c *Context) BoolVar(string) Term    { return Term{} }
func (c *Context) Const(uint64, int) Term { return Term{} }
func (c *Context) Bool(bool) Term         { return Term{} }

// The term constructors give invalid terms.
func (t Term) Add(Term) Term         { return t }
func (t Term) Sub(Term) Term         { return t }
func (t Term) Mul(Term) Term         { return t }
func (t Term) UDiv(Term) Term        { return t }
func (t Term) URem(Term) Term        { return t }
func (t Term) SDiv(Term) Term        { return t }
func (t Term) SRem(Term) Term        { return t }
func (t Term) And(Term) Term         { return t }
func (t Term) Or(Term) Term          { return t }
func (t Term) Xor(Term) Term         { return t }
func (t Term) Shl(Term) Term         { return t }
func (t Term) LShr(Term) Term        { return t }
func (t Term) AShr(Term) Term        { return t }
func (t Term) Concat(Term) Term      { return t }
func (t Term) Eq(Term) Term          { return t }
func (t Term) ULt(Term) Term         { return t }
func (t Term) ULe(Term) Term         { return t }
func (t Term) UGt(Term) Term         { return t }
func (t Term) SLt(Term) Term         { return t }
func (t Term) SLe(Term) Term         { return t }
func (t Term) AndB(Term) Term        { return t }
func (t Term) OrB(Term) Term         { return t }
func (t Term) Implies(Term) Term     { return t }
func (t Term) Not() Term             { return t }
func (t Term) Extract(int, int) Term { return t }
func (t Term) ZeroExt(int) Term      { return t }
func (t Term) SignExt(int) Term      { return t }
func (t Term) Ite(Term, Term) Term   { return t }
func (t Term) String() string        { return "<invalid>" }
func (t Term) Valid() bool           { return false }

// Push and Pop do nothing.
func (c *Context) Push() {}
func (c *Context) Pop()  {}

// Assert, Check, Value and BoolValue report ErrUnavailable.
func (c *Context) Assert(Term) error            { return ErrUnavailable }
func (c *Context) Axiom(Term, ...Term) error    { return ErrUnavailable }
func (c *Context) Check() (Result, error)       { return Unknown, ErrUnavailable }
func (c *Context) Value(Term) (uint64, error)   { return 0, ErrUnavailable }
func (c *Context) BoolValue(Term) (bool, error) { return false, ErrUnavailable }

// SMTLIB returns an empty script.
func (c *Context) SMTLIB() string { return "" }

// Array gives an invalid term.
func (c *Context) Array(string, int, int) Term { return Term{} }

// Select and Store give invalid terms.
func (t Term) Select(Term) Term { return t }

// Store gives an invalid term.
func (t Term) Store(Term, Term) Term { return t }

// BoolConst reports no value.
func (t Term) BoolConst() (bool, bool) { return false, false }

// Numeral reports no value.
func (t Term) Numeral() (uint64, bool) { return 0, false }
