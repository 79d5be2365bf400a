package main

import (
	"context"
	"fmt"
	"os"
	"sort"
	"unicode/utf8"

	"github.com/chzyer/readline"

	"github.com/kbbot/kbbot/adapters/console"
	"github.com/kbbot/kbbot/knowledge"
)

func cmdCheck(ctx context.Context, e *env, args []string) int {
	fs := newFlags("check", "Usage: kbbot check [--kb PATH]... [--max-section N]\n\nValidates a knowledge base: unreadable or skipped files, empty sections,\nduplicate titles, over-long sections, each with file:line. Exits 1 when\nit finds errors (files that could not be used), 0 otherwise.")
	var kb kbFlags
	kb.register(fs)
	maxSection := fs.Int("max-section", 8000, "warn about sections longer than this many characters")
	quiet := fs.Bool("quiet", false, "no progress on standard error")
	if code, ok := fs.parseNoArgs(e, args, ""); !ok {
		return code
	}
	if *maxSection < 1 { // else every section, empty ones too, is "over" it
		fmt.Fprintf(e.stderr, "kbbot check: --max-section %d: want a positive number of characters\n", *maxSection)
		return 2
	}
	show, endLine := progress(e)
	base, err := kb.load(ctx, func(o *knowledge.Options) {
		if !*quiet {
			o.Progress = show
		}
	})
	if err != nil {
		endLine() // the error goes on a line of its own
		if ctx.Err() != nil {
			fmt.Fprintln(e.stderr, "kbbot check: interrupted")
			return 130 // as a shell reports Ctrl-C
		}
		fmt.Fprintf(e.stderr, "kbbot check: %v\n", err)
		return 1
	}
	problems := append([]knowledge.Warning(nil), base.Warnings()...)
	problems = append(problems, sectionProblems(base, *maxSection)...)
	sort.SliceStable(problems, func(i, j int) bool {
		if problems[i].File != problems[j].File {
			return problems[i].File < problems[j].File
		}
		return problems[i].Line < problems[j].Line
	})
	// Its own writer: run reports a write error only for a command that
	// succeeds, and check exits 1 for errors in the documents too, so
	// a report lost to a full disk would look like a list of errors.
	out := &outWriter{w: e.stdout}
	errors := 0
	for _, p := range problems {
		fmt.Fprintln(out, console.Clean(p.String()))
		if p.Severity == knowledge.Error {
			errors++
		}
	}
	fmt.Fprintf(out, "%d files, %d sections, %d problems (%d errors)\n", base.Files(), len(base.Sections()), len(problems), errors)
	if out.err != nil {
		fmt.Fprintf(e.stderr, "kbbot check: write output: %v\n", out.err)
		return 1
	}
	if errors > 0 {
		return 1
	}
	return 0
}

// sectionProblems finds empty sections, duplicate titles in a file and
// over-long sections.
func sectionProblems(base *knowledge.Base, maxLen int) []knowledge.Warning {
	var out []knowledge.Warning
	type key struct{ file, title string }
	first := map[key]int{}
	for _, s := range base.Sections() {
		file := base.FileLabel(s)
		hasChild := s.Level > 0 && len(base.Subsections(s, 1)) > 0
		if s.Body == "" && !hasChild {
			out = append(out, knowledge.Warning{Severity: knowledge.Warn, File: file, Line: s.Line, Msg: fmt.Sprintf("section %q is empty", s.Title)})
		}
		k := key{file, s.Title}
		if line, dup := first[k]; dup {
			out = append(out, knowledge.Warning{Severity: knowledge.Warn, File: file, Line: s.Line, Msg: fmt.Sprintf("duplicate title %q (first at line %d)", s.Title, line)})
		} else {
			first[k] = s.Line
		}
		if n := utf8.RuneCountInString(s.Body); n > maxLen {
			out = append(out, knowledge.Warning{Severity: knowledge.Warn, File: file, Line: s.Line, Msg: fmt.Sprintf("section %q is %d characters long (over %d): answers will be cut; split it with sub-headings", s.Title, n, maxLen)})
		}
	}
	return out
}

// progress reports loading progress on standard error for large
// knowledge bases (500 files or more), every 10%: on one line rewritten
// in place on a terminal, a line each in a log.
func progress(e *env) (show func(done, total int), endLine func()) {
	last := -1
	open := false // a "\rreading files" line waits for its end
	f, ok := e.stderr.(*os.File)
	tty := ok && readline.IsTerminal(int(f.Fd()))
	endLine = func() {
		if open {
			fmt.Fprintln(e.stderr)
			open = false
		}
	}
	return func(done, total int) {
		if total < 500 {
			return
		}
		pct := done * 10 / total
		if pct == last {
			return
		}
		last = pct
		switch {
		case !tty:
			fmt.Fprintf(e.stderr, "reading files: %d/%d\n", done, total)
		case done == total:
			fmt.Fprintf(e.stderr, "\rreading files: %d/%d\n", done, total)
			open = false
		default:
			fmt.Fprintf(e.stderr, "\rreading files: %d/%d", done, total)
			open = true
		}
	}, endLine
}
