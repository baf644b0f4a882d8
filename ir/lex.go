package ir

import (
	"fmt"
	"strconv"
	"strings"
)

// tokKind classifies assembler tokens.
type tokKind uint8

const (
	tokIdent tokKind = iota // names, registers, keywords
	tokNum                  // unsigned literal; signs are separate tokens
	tokPunct                // operators and punctuation
)

type token struct {
	kind tokKind
	text string
	num  uint64
}

// multi-character operators, longest first.
var operators = []string{
	"s>>=", "<<=", ">>=", "s/=", "s%=", "s>=", "s<=",
	"+=", "-=", "*=", "/=", "|=", "&=", "^=", "%=", "==", "!=", ">=", "<=", "s>", "s<",
	"(u32)", "(s8)", "(s16)", "(s32)",
	">", "<", "=", "&", "+", "-", "*", "(", ")", "[", "]", ",",
}

func isIdentByte(c byte, first bool) bool {
	return c == '_' || c == '.' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9')
}

// lex splits one statement into tokens.
func lex(s string) ([]token, error) {
	var toks []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			i++
			continue
		case c >= '0' && c <= '9':
			j := i
			for j < len(s) && isIdentByte(s[j], false) {
				j++
			}
			v, err := strconv.ParseUint(s[i:j], 0, 64)
			if err != nil {
				return nil, fmt.Errorf("bad number %q", s[i:j])
			}
			toks = append(toks, token{kind: tokNum, text: s[i:j], num: v})
			i = j
			continue
		}
		matched := false
		for _, op := range operators {
			if strings.HasPrefix(s[i:], op) {
				// "s>" etc. must not swallow the start of an identifier like "s8".
				toks = append(toks, token{kind: tokPunct, text: op})
				i += len(op)
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		if isIdentByte(c, true) {
			j := i
			for j < len(s) && isIdentByte(s[j], false) {
				j++
			}
			toks = append(toks, token{kind: tokIdent, text: s[i:j]})
			i = j
			continue
		}
		return nil, fmt.Errorf("unexpected character %q", c)
	}
	return toks, nil
}

// parser walks the tokens of one statement.
type parser struct {
	toks []token
	pos  int
}

func (p *parser) peek() token {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return token{kind: tokPunct, text: "<end>"}
}

func (p *parser) peekIs(text string) bool {
	t := p.peek()
	return t.kind != tokNum && t.text == text
}

func (p *parser) accept(text string) bool {
	if p.peekIs(text) {
		p.pos++
		return true
	}
	return false
}

func (p *parser) expect(text string) error {
	if !p.accept(text) {
		return fmt.Errorf("expected %q, found %q", text, p.peek().text)
	}
	return nil
}

func (p *parser) done() error {
	if p.pos != len(p.toks) {
		return fmt.Errorf("unexpected %q", p.peek().text)
	}
	return nil
}

// regName parses r0..r15 or w0..w15 (wide=false for w).
func parseRegName(s string) (r Register, wide bool, ok bool) {
	if len(s) < 2 || (s[0] != 'r' && s[0] != 'w') {
		return 0, false, false
	}
	n, err := strconv.Atoi(s[1:])
	if err != nil || n < 0 || n > 15 || strconv.Itoa(n) != s[1:] {
		return 0, false, false
	}
	return Register(n), s[0] == 'r', true
}

func (p *parser) isReg() bool {
	t := p.peek()
	if t.kind != tokIdent {
		return false
	}
	_, _, ok := parseRegName(t.text)
	return ok
}

// reg parses a register; w32 reports a wN name.
func (p *parser) reg() (Register, bool, error) {
	t := p.peek()
	if t.kind == tokIdent {
		if r, wide, ok := parseRegName(t.text); ok {
			p.pos++
			return r, !wide, nil
		}
	}
	return 0, false, fmt.Errorf("expected register, found %q", t.text)
}

// signed parses an optionally signed integer and returns it as int64 (hex
// literals above MaxInt64 wrap, so 0xffffffffffffffff is -1).
func (p *parser) signed() (int64, error) {
	neg := false
	if p.accept("-") {
		neg = true
	} else {
		p.accept("+")
	}
	t := p.peek()
	if t.kind != tokNum {
		return 0, fmt.Errorf("expected number, found %q", t.text)
	}
	p.pos++
	v := int64(t.num)
	if neg {
		v = -v
	}
	return v, nil
}

// imm32 parses a number that must fit 32 bits, signed or unsigned.
func (p *parser) imm32() (int32, error) {
	v, err := p.signed()
	if err != nil {
		return 0, err
	}
	if v < -1<<31 || v > 1<<32-1 {
		return 0, fmt.Errorf("immediate %d does not fit in 32 bits", v)
	}
	return int32(uint32(v)), nil
}

// off16 parses a signed 16-bit offset.
func (p *parser) off16() (int16, error) {
	v, err := p.signed()
	if err != nil {
		return 0, err
	}
	if v < -1<<15 || v > 1<<15-1 {
		return 0, fmt.Errorf("offset %d does not fit in 16 bits", v)
	}
	return int16(v), nil
}
