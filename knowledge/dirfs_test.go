package knowledge

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// writeTree writes files (name -> content) under a new temporary folder.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestDirFSIsAFileSystem(t *testing.T) {
	dir := writeTree(t, map[string]string{"a.md": "# A\n", "sub/b.txt": "b\n", "sub/c/d.md": ""})
	if err := fstest.TestFS(DirFS(dir), "a.md", "sub/b.txt", "sub/c/d.md"); err != nil {
		t.Fatal(err)
	}
}

// TestDirFSReadsAsOSDirFS reads each case through DirFS's fast path and
// through os.DirFS with the generic readFile: the same bytes, size and
// kind of error.
func TestDirFSReadsAsOSDirFS(t *testing.T) {
	const limit = 100
	dir := writeTree(t, map[string]string{
		"small.md":  "# Small\n\ntext\n",
		"exact.md":  strings.Repeat("x", limit),
		"big.md":    strings.Repeat("x", limit+1),
		"huge.md":   strings.Repeat("x", 1<<20),
		"empty.md":  "",
		"sub/in.md": "# In\n",
	})
	if err := os.Symlink("small.md", filepath.Join(dir, "link.md")); err != nil {
		t.Fatal(err)
	}
	fast, slow := DirFS(dir), os.DirFS(dir)
	if _, ok := fast.(limitedReader); !ok {
		t.Skip("no fast path on this platform")
	}
	tests := []struct {
		name, file string
		wantErr    error // nil: read without error
		folder     bool  // an error, where os.DirFS reads a folder as empty
	}{
		{name: "small", file: "small.md"},
		{name: "at the limit", file: "exact.md"},
		{name: "one byte over: size only", file: "big.md"},
		{name: "far over: size only", file: "huge.md"},
		{name: "empty", file: "empty.md"},
		{name: "in a folder", file: "sub/in.md"},
		{name: "symbolic link", file: "link.md"},
		{name: "missing", file: "missing.md", wantErr: fs.ErrNotExist},
		{name: "outside the tree", file: "../x.md", wantErr: fs.ErrInvalid},
		{name: "a folder", file: "sub", folder: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, size, err := readFile(fast, tt.file, limit)
			wantData, wantSize, wantErr := readFile(slow, tt.file, limit)
			if tt.folder {
				if err == nil {
					t.Errorf("read a folder as %d bytes; want an error", len(data))
				}
				return
			}
			if (err == nil) != (wantErr == nil) {
				t.Fatalf("error %v; os.DirFS gives %v", err, wantErr)
			}
			if err != nil {
				if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
					t.Errorf("error %v; want %v", err, tt.wantErr)
				}
				var pe *fs.PathError
				if !errors.As(err, &pe) || pe.Path != tt.file {
					t.Errorf("error %v does not name %s", err, tt.file)
				}
				return
			}
			if tt.wantErr != nil {
				t.Fatalf("no error; want %v", tt.wantErr)
			}
			if !bytes.Equal(data, wantData) || size != wantSize {
				t.Errorf("got %d bytes, size %d; os.DirFS gives %d bytes, size %d", len(data), size, len(wantData), wantSize)
			}
		})
	}
}

// TestDirFSLoadsAsOSDirFS loads the test handbook both ways.
func TestDirFSLoadsAsOSDirFS(t *testing.T) {
	dir := filepath.Join("testdata", "handbook")
	load := func(fsys fs.FS) []string {
		b, err := Load(context.Background(), Options{}, Source{Name: dir, FS: fsys})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range b.Sections() {
			out = append(out, s.ID+" "+s.Source+" "+s.Title+" "+s.Text())
		}
		return out
	}
	fast, slow := load(DirFS(dir)), load(os.DirFS(dir))
	if len(fast) == 0 || !slices.Equal(fast, slow) {
		t.Errorf("DirFS loads %d sections, os.DirFS %d, or they differ", len(fast), len(slow))
	}
}

// TestLoadUnreadableFile loads a folder with a dangling symbolic link:
// the link gets an error naming it, and the other files load.
func TestLoadUnreadableFile(t *testing.T) {
	dir := writeTree(t, map[string]string{"ok.md": "# Fine\n\ntext\n"})
	if err := os.Symlink("nowhere.md", filepath.Join(dir, "gone.md")); err != nil {
		t.Fatal(err)
	}
	for name, fsys := range map[string]fs.FS{"DirFS": DirFS(dir), "os.DirFS": os.DirFS(dir)} {
		t.Run(name, func(t *testing.T) {
			b, err := Load(context.Background(), Options{}, Source{Name: dir, FS: fsys})
			if err != nil {
				t.Fatal(err)
			}
			if got := len(b.Sections()); got != 1 {
				t.Errorf("%d sections; want 1 (ok.md)", got)
			}
			var found bool
			for _, w := range b.Warnings() {
				if w.File == "gone.md" && w.Severity == Error && strings.Contains(w.Msg, "cannot read: no such file") {
					found = true
				}
			}
			if !found {
				t.Errorf("no error for gone.md in %v", b.Warnings())
			}
		})
	}
}

// TestLoadLinkedFolder: a linked file is read; a linked folder is not
// followed (it could loop), and a warning says so instead of a skip note.
func TestLoadLinkedFolder(t *testing.T) {
	dir := writeTree(t, map[string]string{"real/a.md": "# A\n\ntext\n"})
	for _, l := range [][2]string{{"real", "linkdir"}, {"real/a.md", "b.md"}, {".", "real/loop"}} {
		if err := os.Symlink(filepath.Join(dir, l[0]), filepath.Join(dir, l[1])); err != nil {
			t.Fatal(err)
		}
	}
	b, err := Load(context.Background(), Options{}, Source{Name: dir, FS: DirFS(dir)})
	if err != nil {
		t.Fatal(err)
	}
	var files, warned []string
	for _, s := range b.Sections() {
		files = append(files, s.Source)
	}
	for _, w := range b.Warnings() {
		if w.Severity == Warn && strings.Contains(w.Msg, "linked folder not followed") {
			warned = append(warned, w.File)
		}
	}
	if strings.Join(files, " ") != "b.md real/a.md" || strings.Join(warned, " ") != "linkdir real/loop" {
		t.Errorf("sections from %q, warnings for %q; want b.md real/a.md, and linkdir real/loop", files, warned)
	}
}
