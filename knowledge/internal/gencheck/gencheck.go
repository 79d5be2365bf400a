// Package gencheck checks that a table generated ahead (go generate
// ./knowledge) is what its generator writes today.
package gencheck

import (
	"bytes"
	"io"
	"os"
	"testing"
)

// UpToDate fails t when the file at path is not what write writes: after
// an upgrade of the generator's source, run go generate ./knowledge. It
// returns the file's contents.
func UpToDate(t testing.TB, write func(io.Writer) error, path string) []byte {
	t.Helper()
	var got bytes.Buffer
	if err := write(&got); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("%s is out of date (%d bytes, generated %d): run go generate ./knowledge", path, len(want), got.Len())
	}
	return want
}
