//go:build !linux

package oracle

func supported() bool { return false }

func load(r Request) Verdict { return Verdict{Setup: true, Msg: "not linux"} }
