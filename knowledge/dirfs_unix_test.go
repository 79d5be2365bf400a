//go:build unix

package knowledge

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLoadLinkedPipe: a link to a named pipe is skipped with a warning,
// and a named pipe given as the file to load is an error: opening one
// waits until something writes to it, and the load never ended.
func TestLoadLinkedPipe(t *testing.T) {
	dir := writeTree(t, map[string]string{"ok.md": "# Fine\n\ntext\n"})
	pipe := filepath.Join(t.TempDir(), "pipe.md")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skip(err)
	}
	if err := os.Symlink(pipe, filepath.Join(dir, "linked.md")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		src  Source
		want string // a warning on linked.md, or Load's error
	}{
		{"linked in a folder", Source{Name: dir, FS: DirFS(dir)}, "linked.md: warning: skipped: links to a named pipe, not a file"},
		{"the file to load", Source{Name: pipe, FS: DirFS(filepath.Dir(pipe)), File: "pipe.md"}, "a named pipe, not a file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			type loaded struct {
				b   *Base
				err error
			}
			done := make(chan loaded, 1)
			go func() {
				b, err := Load(context.Background(), Options{}, tc.src)
				done <- loaded{b, err}
			}()
			var got loaded
			select {
			case got = <-done:
			case <-time.After(10 * time.Second):
				w, _ := os.OpenFile(pipe, os.O_WRONLY, 0) // end the stuck open
				w.Close()
				t.Fatal("Load waits on the named pipe")
			}
			var msgs []string
			if got.err != nil {
				msgs = append(msgs, got.err.Error())
			} else {
				for _, w := range got.b.Warnings() {
					msgs = append(msgs, w.String())
				}
			}
			if !strings.Contains(strings.Join(msgs, "\n"), tc.want) {
				t.Errorf("got %q; want one containing %q", msgs, tc.want)
			}
		})
	}
}
