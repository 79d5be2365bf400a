package knowledge

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Files: which a knowledge-base folder holds, which are documents, and
// reading one within the size cap.

// listFiles walks a source, skipping hidden files and folders.
func listFiles(src Source, i int) ([]file, []Warning, error) {
	if src.FS == nil {
		return nil, nil, fmt.Errorf("knowledge: load %s: no file system", src.Name)
	}
	if src.File != "" {
		info, err := fs.Stat(src.FS, src.File)
		if err != nil {
			return nil, nil, fmt.Errorf("knowledge: load %s: %w", src.Name, err)
		}
		if !info.Mode().IsRegular() {
			return nil, nil, fmt.Errorf("knowledge: load %s: a %s, not a file", src.Name, specialKind(info.Mode()))
		}
		return []file{{src: i, name: src.File, rel: path.Base(src.File)}}, nil, nil
	}
	var files []file
	var warnings []Warning
	err := fs.WalkDir(src.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			warnings = append(warnings, Warning{Severity: Error, File: p, Msg: "cannot read: " + errors.Unwrap(err).Error()})
			return nil
		}
		if p != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			info, err := fs.Stat(src.FS, p)
			switch {
			case p == TourFile && !(err == nil && info.IsDir()):
				return nil // read (or warned about) by readTour
			case err == nil && info.IsDir():
				// Following links could loop or leave the folder.
				warnings = append(warnings, Warning{Severity: Warn, File: p, Msg: "linked folder not followed: give it its own --kb"})
				return nil
			case err == nil && !info.Mode().IsRegular():
				// A named pipe or a device: opening it could wait for ever.
				warnings = append(warnings, Warning{Severity: Warn, File: p, Msg: "skipped: links to a " + specialKind(info.Mode()) + ", not a file"})
				return nil
			case err == nil && leaves(src.FS, p):
				warnings = append(warnings, Warning{Severity: Warn, File: p, Msg: leavesMsg})
				return nil
			}
		}
		if d.IsDir() {
			return nil
		}
		if p == TourFile {
			return nil // read (or warned about) by readTour
		}
		if !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
			// A named pipe, a socket or a device: not read (opening one
			// could wait for ever), but not dropped silently either.
			warnings = append(warnings, Warning{Severity: Warn, File: p, Msg: "skipped: a " + specialKind(d.Type()) + ", not a file"})
			return nil
		}
		files = append(files, file{src: i, name: p, rel: p})
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("knowledge: load %s: %w", src.Name, err)
	}
	return files, warnings, nil
}

// specialKind names what a file that is neither regular nor a folder is:
// reading a named pipe, a socket or a terminal could wait for ever.
func specialKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeDevice != 0 || m&fs.ModeCharDevice != 0:
		return "device"
	}
	return "special file"
}

// IsDocument reports whether Load reads a file of this name (a path with
// forward slashes, or a base name) in a knowledge-base folder: Markdown,
// plain text, or TourFile. Other files are only noted as skipped, so a
// change to them changes no section.
func IsDocument(name string) bool {
	return kindOf(name) != "" || path.Base(name) == TourFile
}

// kindOf tells how a file is parsed from its name: "md", "txt" or "".
func kindOf(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown", ".mdown", ".mkd":
		return "md"
	case ".txt", ".text":
		return "txt"
	}
	return ""
}

// fromUTF16 decodes a file that starts with a UTF-16 byte order mark
// (what Windows Notepad saves as "Unicode", and PowerShell's > writes)
// into UTF-8; ok is false for any other file.
func fromUTF16(data []byte) (utf8Text []byte, ok bool) {
	var order binary.ByteOrder
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}):
		order = binary.LittleEndian
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		order = binary.BigEndian
	default:
		return nil, false
	}
	units := make([]uint16, 0, len(data)/2)
	for i := 2; i+1 < len(data); i += 2 {
		units = append(units, order.Uint16(data[i:]))
	}
	return []byte(string(utf16.Decode(units))), true
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func firstInvalidLine(data []byte) int {
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		i += size
	}
	return line
}

// readFile reads a file of fsys whole, unless it is over limit bytes:
// then it returns only its size (as far as read, when the file does not
// tell it). One open does both, so a file that grows in between is
// still caught.
func readFile(fsys fs.FS, name string, limit int64) (data []byte, size int64, err error) {
	if lr, ok := fsys.(limitedReader); ok {
		return lr.readLimited(name, limit)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil {
		if info.Size() > limit {
			return nil, info.Size(), nil
		}
		size = info.Size()
	}
	var buf bytes.Buffer
	buf.Grow(int(size) + bytes.MinRead) // room to read EOF without growing
	if _, err := buf.ReadFrom(io.LimitReader(f, limit+1)); err != nil {
		return nil, 0, err
	}
	return buf.Bytes(), max(size, int64(buf.Len())), nil
}

// leavesMsg is the warning for a link that leads out of its folder.
const leavesMsg = "link to a file outside the knowledge-base folder not followed: give the file its own --kb"

// leaves reports whether name, a link in fsys, leads out of the folder
// fsys is (DirFS): a file anywhere on the host (x.md -> /etc/kbbot.yaml,
// committed to a --kb-git repository) would be served to every chat
// user. Other file systems have no links.
func leaves(fsys fs.FS, name string) bool {
	d, ok := fsys.(dirFS)
	return ok && !d.inside(name)
}
