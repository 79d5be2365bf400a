package knowledge

import (
	"bytes"
	"context"
	"fmt"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
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
	// Suggest's view of the titles, built when it is first called (most
	// processes never suggest): each title as suggestKey makes it, by
	// section order, and the sections of each.
	titlesOnce sync.Once
	titles     []string
	exact      map[string][]int
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
		order, ws := readTour(src.FS, files, i)
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
	b.warnings = warnings
	if opts.Logger != nil {
		for _, w := range warnings {
			opts.Logger.Warn("knowledge: "+w.Msg, "file", w.File, "line", w.Line, "severity", w.Severity.String())
		}
	}
	return b, nil
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
