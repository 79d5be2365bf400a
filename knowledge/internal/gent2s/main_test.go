package main

import (
	"bytes"
	"testing"

	"github.com/kbbot/kbbot/knowledge/internal/gencheck"
)

// TestTableUpToDate fails when knowledge/t2s.txt is not what this
// command writes: after an OpenCC upgrade, run go generate ./knowledge.
func TestTableUpToDate(t *testing.T) {
	want := gencheck.UpToDate(t, write, "../../t2s.txt")
	if n := bytes.Count(want, []byte("\n")); n < 3000 {
		t.Errorf("t2s.txt has %d lines, want the ~3,700 characters OpenCC simplifies", n)
	}
}
