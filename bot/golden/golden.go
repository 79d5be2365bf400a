// Package golden compares what a test rendered with a file in the
// package's testdata folder, and rewrites the file when the tests run with
// -update:
//
//	go test ./adapters/slack -update
//
// It is for tests only; every package with golden files uses it, so the
// flag and the messages are the same everywhere.
package golden

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// Check compares got with testdata/name, or writes got there with -update.
func Check(t testing.TB, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden %s: %v (run go test -update to create it)", name, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test -update to accept):\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// JSON is Check over v encoded as indented JSON.
func JSON(t testing.TB, name string, v any) {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatalf("golden %s: %v", name, err)
	}
	Check(t, name, append(b, '\n'))
}

// IndentedJSON is Check over raw JSON, re-indented so diffs are readable.
func IndentedJSON(t testing.TB, name string, raw []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		t.Fatalf("golden %s: indent: %v", name, err)
	}
	buf.WriteByte('\n')
	Check(t, name, buf.Bytes())
}
