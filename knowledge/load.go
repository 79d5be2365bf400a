package knowledge

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// DefaultMaxFileSize is the largest file loaded when Options.MaxFileSize
// is 0.
const DefaultMaxFileSize = 4 << 20

// Base is an immutable, searchable knowledge base. Safe for concurrent use.
type Base struct {
	sections   []*Section
	byID       map[string]*Section
	warnings   []Warning
	idx        *index
	synonyms   *Synonyms
	regional   func() *Synonyms // only for question words the base never uses; parsed when first needed
	broader    func() Broader   // places and named days, one way (GeneralBroader); parsed when first needed
	thresholds Thresholds
	titles     []string // folded titles, by section order, for Suggest
	files      int
	sources    []string // each source's label: what leads its file names in messages
}

// file is one document to load.
type file struct {
	src  int // index into the sources
	name string
	rel  string // path shown to users: relative to its folder
}

// parsed is a file after parsing and analysis (done in parallel).
type parsed struct {
	f        file
	doc      document
	analyzed []analyzed
	warnings []Warning
}

// Load reads the sources and builds a Base. It fails only when a source
// cannot be read at all or ctx ends; problems in single files become
// Warnings (and are logged to Options.Logger).
func Load(ctx context.Context, opts Options, sources ...Source) (*Base, error) {
	var files []file
	var warnings []Warning
	names := make([]string, len(sources))
	for i, src := range sources {
		names[i] = sourceLabel(src)
		fs, ws, err := listFiles(src, i)
		if err != nil {
			return nil, err
		}
		files = append(files, fs...)
		warnings = append(warnings, labelled(names, i, ws)...)
	}
	tours := map[int]map[string]int{}
	toured := 0 // places taken by the TOUR files of earlier folders
	for i, src := range sources {
		if src.File != "" {
			continue
		}
		order, ws, err := readTour(src.FS, files, i)
		if err != nil {
			return nil, fmt.Errorf("knowledge: load %s: %w", src.Name, err)
		}
		warnings = append(warnings, labelled(names, i, ws)...)
		if order != nil {
			// Each folder's TOUR counts on from the one before, so two
			// folders' tours follow each other instead of alternating.
			for p := range order {
				order[p] += toured
			}
			toured += len(order)
			tours[i] = order
		}
	}
	for i := range sources {
		if sources[i].BaseURL == "" {
			sources[i].BaseURL = opts.BaseURL
		}
	}
	b := &Base{byID: map[string]*Section{}, synonyms: opts.Synonyms, thresholds: DefaultThresholds, files: len(files), sources: names}
	if !opts.NoGeneralSynonyms {
		b.synonyms = GeneralSynonyms().merge(opts.Synonyms)
		b.regional = RegionalSynonyms
		b.broader = GeneralBroader
	}
	results := make([]parsed, len(files))
	lexs, err := parseAll(ctx, sources, files, results, opts, b.synonyms)
	if err != nil {
		return nil, err
	}
	if opts.Thresholds != nil {
		b.thresholds = *opts.Thresholds
	}
	nWords, nSecs := 0, 0
	for _, l := range lexs {
		nWords += len(l.words)
	}
	for i := range results {
		nSecs += len(results[i].analyzed)
	}
	all := make([]analyzed, 0, nSecs)
	stems := make(stemmer, nWords)
	for _, l := range lexs {
		l.addStems(stems)
	}
	for i := range results {
		r := &results[i]
		warnings = append(warnings, labelled(names, r.f.src, r.warnings)...)
		for j := range r.analyzed {
			a := r.analyzed[j]
			a.sec.src = r.f.src
			if order, ok := tours[r.f.src]; ok {
				a.sec.Tour = order[r.f.rel] // the tour file decides
			}
			a.sec.Order = len(b.sections)
			b.sections = append(b.sections, a.sec)
			// A heading with no text of its own is still searchable by its
			// title (a question about a whole part); FullText answers with
			// its sub-sections.
			if len(a.fields[fBody]) > 0 || len(a.fields[fAlias]) > 0 || len(a.fields[fTitle]) > 0 {
				all = append(all, a)
			}
		}
	}
	b.assignIDs()
	b.idx = buildIndex(all, lexs, stems)
	for _, s := range b.sections {
		b.titles = append(b.titles, Fold(s.Title))
	}
	b.warnings = warnings
	if opts.Logger != nil {
		for _, w := range warnings {
			opts.Logger.Warn("knowledge: "+w.Msg, "file", w.File, "line", w.Line, "severity", w.Severity.String())
		}
	}
	return b, nil
}

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
			case err == nil && info.IsDir():
				// Following links could loop or leave the folder.
				warnings = append(warnings, Warning{Severity: Warn, File: p, Msg: "linked folder not followed: give it its own --kb"})
				return nil
			case err == nil && !info.Mode().IsRegular():
				// A named pipe or a device: opening it could wait for ever.
				warnings = append(warnings, Warning{Severity: Warn, File: p, Msg: "skipped: links to a " + specialKind(info.Mode()) + ", not a file"})
				return nil
			}
		}
		if d.IsDir() || !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 || p == TourFile {
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

// parseAll reads, parses and analyses the files on all cores, marking the
// phrases of syn. It returns each worker's lexicon: together they know
// every term indexed.
func parseAll(ctx context.Context, sources []Source, files []file, out []parsed, opts Options, syn *Synonyms) ([]*lexicon, error) {
	workers := min(runtime.GOMAXPROCS(0), max(1, len(files)/8))
	lexs := make([]*lexicon, workers)
	var next, done int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		lex := newLexicon()
		lex.addPhrases(syn)
		lexs[w] = lex
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= len(files) || ctx.Err() != nil {
					return
				}
				out[i] = parseFile(sources[files[i].src], files[i], opts, lex)
				if opts.Progress != nil {
					mu.Lock()
					done++
					opts.Progress(done, len(files))
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("knowledge: load: %w", err)
	}
	return lexs, nil
}

// parseFile reads and parses one file; every problem becomes a warning.
func parseFile(src Source, f file, opts Options, lex *lexicon) parsed {
	p := parsed{f: f}
	warn := func(sev Severity, line int, format string, args ...any) {
		p.warnings = append(p.warnings, Warning{Severity: sev, File: f.rel, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	kind := kindOf(f.name)
	if kind == "" {
		warn(Info, 0, "skipped: not Markdown (.md) or plain text (.txt)")
		return p
	}
	limit := opts.MaxFileSize
	if limit <= 0 {
		limit = DefaultMaxFileSize
	}
	data, size, err := readFile(src.FS, f.name, limit)
	if err != nil {
		warn(Error, 0, "cannot read: %v", unwrapPath(err))
		return p
	}
	if size > limit {
		warn(Error, 0, "skipped: %d bytes is over the %d-byte limit", size, limit)
		return p
	}
	if u, ok := fromUTF16(data); ok {
		data = u
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		warn(Warn, 0, "empty file")
		return p
	}
	if bytes.IndexByte(data, 0) >= 0 {
		warn(Error, 0, "skipped: binary file (contains NUL bytes)")
		return p
	}
	text := string(data)
	if !utf8.ValidString(text) {
		warn(Warn, firstInvalidLine(data), "invalid UTF-8: bad bytes replaced with U+FFFD")
		text = strings.ToValidUTF8(text, "\uFFFD")
		data = nil
	}
	if strings.Contains(text, "\r\n") {
		// Windows line ends: a section's text has "\n" only, as in any
		// other file, so its paragraphs, lists and code fences end where a
		// reader sees them end (a fence closed by "```\r" looked open).
		text = strings.ReplaceAll(text, "\r\n", "\n")
		data = nil
	}
	if kind == "md" && len(text) >= nestingCheckSize {
		if line := deepNesting(text); line > 0 {
			warn(Warn, line, "quotes or lists nested over %d deep: read as plain text", maxNesting)
			kind = "txt"
		}
	}
	if kind == "md" {
		p.doc = parseMarkdown(text, data) // data is ours alone, and is never written
	} else {
		p.doc = parsePlainText(text)
	}
	for _, w := range p.doc.warnings {
		warn(w.Severity, w.Line, "%s", w.Msg)
	}
	if len(p.doc.sections) == 0 {
		switch {
		case p.doc.frontMatter:
			warn(Warn, 0, "empty file: nothing after its front matter")
		case strings.HasPrefix(strings.TrimSpace(text), "<!--"):
			warn(Warn, 0, "empty file: nothing but HTML comments")
		default:
			warn(Warn, 0, "empty file")
		}
	}
	p.analyzed = makeSections(src, f, p.doc, lex)
	return p
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

// labelled names the folder in the warnings of source i when there are
// several sources: README.md alone would not say which one.
func labelled(labels []string, i int, ws []Warning) []Warning {
	if len(labels) < 2 {
		return ws
	}
	for j := range ws {
		if ws[j].File != "" {
			ws[j].File = labels[i] + ws[j].File
		}
	}
	return ws
}

// sourceLabel is what leads a source's file names in messages: its
// folder's name and a slash ("docs/" for docs/README.md), or for a single
// file the folder it is in (its file name follows).
func sourceLabel(src Source) string {
	name := path.Clean(filepath.ToSlash(src.Name))
	if src.File != "" && path.Base(name) == path.Base(src.File) { // Name is the file's path
		name = path.Dir(name)
	}
	if name == "." {
		return ""
	}
	return strings.TrimSuffix(name, "/") + "/"
}

// FileLabel names s's file for messages: its Source, led by its folder
// when the base has several (two may both have README.md).
func (b *Base) FileLabel(s *Section) string {
	if len(b.sources) < 2 || s.src >= len(b.sources) {
		return s.Source
	}
	return b.sources[s.src] + s.Source
}

// SameFile reports whether s and o come from the same file: the same
// path in the same source.
func (s *Section) SameFile(o *Section) bool {
	return s.Source == o.Source && s.src == o.src
}
