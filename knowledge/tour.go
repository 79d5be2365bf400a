package knowledge

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// TourFile, at the top of a knowledge-base folder, lists the files of the
// onboarding tour in order, one path (relative to the folder) a line;
// blank lines and lines starting with # are ignored. When present it
// decides the tour instead of front matter tour: numbers.
const TourFile = "TOUR"

// readTour reads a source's tour file: file path -> 1-based place. It
// returns nil when there is none; listed files that do not exist, and a
// TOUR that cannot be read, are warnings.
func readTour(fsys fs.FS, files []file, src int) (map[string]int, []Warning) {
	info, err := fs.Stat(fsys, TourFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err == nil && info.IsDir():
		return nil, nil // a folder of documents (tour/ on a case-insensitive disk), read as such
	case err == nil && !info.Mode().IsRegular():
		// A named pipe or a device: opening it could wait for ever.
		return nil, []Warning{{Severity: Warn, File: TourFile, Msg: "skipped: a " + specialKind(info.Mode()) + ", not a file"}}
	case err == nil && leaves(fsys, TourFile):
		return nil, []Warning{{Severity: Warn, File: TourFile, Msg: leavesMsg}}
	}
	data, err := fs.ReadFile(fsys, TourFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		// As for any other file: an error on it, and the rest loads.
		return nil, []Warning{{Severity: Error, File: TourFile, Msg: "cannot read: " + unwrapPath(err).Error()}}
	}
	known := map[string]bool{}
	for _, f := range files {
		if f.src == src {
			known[f.rel] = true
		}
	}
	order := map[string]int{}
	var warnings []Warning
	if u, ok := fromUTF16(data); ok { // Notepad's "Unicode", PowerShell's >
		data = u
	}
	text := strings.TrimPrefix(string(data), "\ufeff") // a byte order mark, as Windows editors save UTF-8
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p := path.Clean(strings.TrimPrefix(line, "./"))
		switch {
		case !known[p]:
			warnings = append(warnings, Warning{Severity: Warn, File: TourFile, Line: n + 1, Msg: fmt.Sprintf("%q is not a file of the knowledge base", line)})
		case !IsDocument(p):
			// pic.png, notes.pdf: no sections to show, only a place taken.
			warnings = append(warnings, Warning{Severity: Warn, File: TourFile, Line: n + 1, Msg: fmt.Sprintf("%q is not a document the tour can show (only Markdown and .txt files are read)", line)})
		case order[p] > 0:
			warnings = append(warnings, Warning{Severity: Warn, File: TourFile, Line: n + 1, Msg: fmt.Sprintf("%q is listed twice", line)})
		default:
			order[p] = len(order) + 1
		}
	}
	return order, warnings
}
