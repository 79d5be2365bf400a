package main

import (
	"bytes"
	"os"
	"testing"
)

// TestTableUpToDate fails when knowledge/t2s.txt is not what this
// command writes: after an OpenCC upgrade, run go generate ./knowledge.
func TestTableUpToDate(t *testing.T) {
	var got bytes.Buffer
	if err := write(&got); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../t2s.txt")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("knowledge/t2s.txt is out of date (%d bytes, generated %d): run go generate ./knowledge", len(want), got.Len())
	}
	if n := bytes.Count(want, []byte("\n")); n < 3000 {
		t.Errorf("t2s.txt has %d lines, want the ~3,700 characters OpenCC simplifies", n)
	}
}
