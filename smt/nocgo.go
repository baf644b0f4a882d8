//go:build !cgo

package smt

// Context is unavailable without cgo.
type Context struct{}

// New reports ErrUnavailable: this build has no Z3.
func New() (*Context, error) { return nil, ErrUnavailable }

// Close does nothing.
func (c *Context) Close() {}
