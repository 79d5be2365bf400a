//go:build unix

package knowledge

import (
	"errors"
	"io/fs"
	"syscall"
)

// readLimited is readFile for a directory tree, with plain system calls:
// open, fstat, read until end of file (one read when the size is right),
// close.
func (d dirFS) readLimited(name string, limit int64) (data []byte, size int64, err error) {
	if !fs.ValidPath(name) {
		return nil, 0, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	full := d.dir
	if name != "." {
		full += "/" + name
	}
	var fd int
	for {
		fd, err = syscall.Open(full, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		return nil, 0, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, 0, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	if st.Mode&syscall.S_IFMT == syscall.S_IFDIR {
		return nil, 0, &fs.PathError{Op: "read", Path: name, Err: syscall.EISDIR}
	}
	size = st.Size
	if size > limit {
		return nil, size, nil
	}
	// One byte more than the size, so that a single read returning less
	// than the buffer shows the end of the file without a second read.
	buf := make([]byte, 0, min(size, limit)+1)
	for int64(len(buf)) <= limit {
		if len(buf) == cap(buf) { // the file grew since fstat
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := syscall.Read(fd, buf[len(buf):min(int64(cap(buf)), limit+1)])
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if err != nil {
			return nil, 0, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if n <= 0 {
			break
		}
		buf = buf[:len(buf)+n]
		if len(buf) < cap(buf) && int64(len(buf)) >= size {
			break // a short read at the size: the end of a regular file
		}
	}
	return buf, max(size, int64(len(buf))), nil
}
