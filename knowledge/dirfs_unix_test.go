//go:build unix

package knowledge

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLoadLinkedPipe: a named pipe in a folder, or a link to one, is
// skipped with a warning, and a named pipe given as the file to load is an error: opening one
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
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		src  Source
		want string // a warning on linked.md or fifo.md, or Load's error
	}{
		{"in a folder", Source{Name: dir, FS: DirFS(dir)}, "fifo.md: warning: skipped: a named pipe, not a file"},
		{"linked in a folder", Source{Name: dir, FS: DirFS(dir)}, "linked.md: warning: skipped: links to a named pipe, not a file"},
		{"the file to load", Source{Name: pipe, FS: DirFS(filepath.Dir(pipe)), File: "pipe.md"}, "a named pipe, not a file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := loadUnstuck(t, tc.src, pipe)
			var msgs []string
			if err != nil {
				msgs = append(msgs, err.Error())
			} else {
				for _, w := range b.Warnings() {
					msgs = append(msgs, w.String())
				}
			}
			if !strings.Contains(strings.Join(msgs, "\n"), tc.want) {
				t.Errorf("got %q; want one containing %q", msgs, tc.want)
			}
		})
	}
}

// TestLoadTourNotAFile: a TOUR that is a named pipe, or a link to one, is
// skipped with a warning (opening it waited for a writer, so the load
// never ended, SIGTERM included), and a folder named TOUR (tour/ on a
// case-insensitive disk) is read as documents instead of failing the load.
func TestLoadTourNotAFile(t *testing.T) {
	tests := []struct {
		name     string
		make     func(t *testing.T, tour string)
		warning  string // in Warnings, "" for none
		sections int
	}{
		{"named pipe", func(t *testing.T, tour string) {
			if err := syscall.Mkfifo(tour, 0o644); err != nil {
				t.Skip(err)
			}
		}, "TOUR: warning: skipped: a named pipe, not a file", 1},
		{"link to a named pipe", func(t *testing.T, tour string) {
			pipe := filepath.Join(t.TempDir(), "pipe")
			if err := syscall.Mkfifo(pipe, 0o644); err != nil {
				t.Skip(err)
			}
			if err := os.Symlink(pipe, tour); err != nil {
				t.Fatal(err)
			}
		}, "TOUR: warning: skipped: a named pipe, not a file", 1},
		{"link to a folder", func(t *testing.T, tour string) {
			folder := filepath.Join(filepath.Dir(tour), "steps")
			if err := os.Mkdir(folder, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(folder, tour); err != nil {
				t.Fatal(err)
			}
		}, "TOUR: warning: linked folder not followed: give it its own --kb", 1},
		{"folder of documents", func(t *testing.T, tour string) {
			if err := os.Mkdir(tour, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(tour, "welcome.md"), []byte("# Welcome\n\nstart here\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeTree(t, map[string]string{"ok.md": "# Fine\n\ntext\n"})
			tour := filepath.Join(dir, TourFile)
			tc.make(t, tour)
			b, err := loadUnstuck(t, Source{Name: dir, FS: DirFS(dir)}, tour)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			var msgs []string
			for _, w := range b.Warnings() {
				msgs = append(msgs, w.String())
			}
			if tc.warning == "" && len(msgs) > 0 || tc.warning != "" && (len(msgs) != 1 || msgs[0] != tc.warning) {
				t.Errorf("got warnings %q; want %q", msgs, tc.warning)
			}
			if n := len(b.Sections()); n != tc.sections {
				t.Errorf("got %d sections; want %d", n, tc.sections)
			}
		})
	}
}

// TestLoadLinksLeavingFolder: a link to a file outside the knowledge-base
// folder (x.md -> /etc/kbbot.yaml, committed to a --kb-git repository)
// is not read, with a warning; a link within the folder is.
func TestLoadLinksLeavingFolder(t *testing.T) {
	outside := writeTree(t, map[string]string{"secret.md": "# Secret\n\ntoken xoxb-1\n", "TOUR": "secret.md\n"})
	dir := writeTree(t, map[string]string{"ok.md": "# Fine\n\ntext\n", "sub/real.md": "# Real\n\ninside\n"})
	for link, target := range map[string]string{
		"alias.md":    filepath.Join("sub", "real.md"),                          // inside: read
		"relative.md": filepath.Join("..", filepath.Base(outside), "secret.md"), // out by .. (t.TempDir's are siblings)
		"absolute.md": filepath.Join(outside, "secret.md"),                      // out by an absolute path
		"chain.md":    "absolute.md",                                            // inside, to a link that leaves
		TourFile:      filepath.Join(outside, TourFile),
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Skip(err)
		}
	}
	b, err := Load(context.Background(), Options{}, Source{Name: dir, FS: DirFS(dir)})
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, s := range b.Sections() {
		titles = append(titles, s.Title)
	}
	slices.Sort(titles)
	if want := []string{"Fine", "Real", "Real"}; !slices.Equal(titles, want) {
		t.Errorf("sections %q; want %q (no Secret)", titles, want)
	}
	var left []string
	for _, w := range b.Warnings() {
		if strings.Contains(w.Msg, "outside the knowledge-base folder") {
			left = append(left, w.File)
		}
	}
	slices.Sort(left)
	if want := []string{"TOUR", "absolute.md", "chain.md", "relative.md"}; !slices.Equal(left, want) {
		t.Errorf("links warned about: %q; want %q", left, want)
	}
}

// loadUnstuck loads src, failing the test if Load still waits after ten
// seconds on the named pipe at pipe (it then writes to it so that the
// stuck open ends).
func loadUnstuck(t *testing.T, src Source, pipe string) (*Base, error) {
	t.Helper()
	type loaded struct {
		b   *Base
		err error
	}
	done := make(chan loaded, 1)
	go func() {
		b, err := Load(context.Background(), Options{}, src)
		done <- loaded{b, err}
	}()
	select {
	case got := <-done:
		return got.b, got.err
	case <-time.After(10 * time.Second):
		w, _ := os.OpenFile(pipe, os.O_WRONLY, 0) // end the stuck open
		w.Close()
		t.Fatalf("Load waits on the named pipe %s", pipe)
		return nil, nil
	}
}
