package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/kbbot/kbbot/adapters/console"
	"github.com/kbbot/kbbot/bot"
	"github.com/kbbot/kbbot/knowledge"
)

// maxAskQuestion is the longest question ask accepts, in characters.
const maxAskQuestion = 2000

// excerptRunes is how much of an answer the human output shows.
const excerptRunes = 1200

// jsonAnswer is the --json output: DESIGN.md's contract.
type jsonAnswer struct {
	Question string      `json:"question"`
	Answered bool        `json:"answered"`
	Matches  []jsonMatch `json:"matches"`
}

type jsonMatch struct {
	ID     string   `json:"id"`
	Title  string   `json:"title"`
	Path   []string `json:"path"`
	Source string   `json:"source"`
	Line   int      `json:"line"`
	URL    string   `json:"url"`
	Score  float64  `json:"score"`
	Text   string   `json:"text"`
}

func cmdAsk(ctx context.Context, e *env, args []string) int {
	fs := newFlags("ask", "Usage: kbbot ask [--kb PATH]... [--top N] [--json] QUESTION\n\nAnswers QUESTION from the knowledge base (the embedded essay when no --kb\nis given). QUESTION - reads one question a line from standard input and\nanswers each; --json prints one object per question.")
	var kb kbFlags
	kb.register(fs)
	kb.registerConfidence(fs)
	top := fs.Int("top", 3, "how many matches to list (1-50)")
	asJSON := fs.Bool("json", false, "print one JSON object per question")
	pos, code, ok := fs.parse(e, args)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		fmt.Fprintln(e.stderr, "kbbot ask: missing QUESTION (or - to read questions from standard input)")
		return 2
	}
	if *top < 1 || *top > 50 {
		fmt.Fprintf(e.stderr, "kbbot ask: --top %d: want 1 to 50\n", *top)
		return 2
	}
	question := strings.Join(pos, " ")
	if question != "-" {
		if msg := checkQuestion(question); msg != "" {
			fmt.Fprintf(e.stderr, "kbbot ask: %s\n", msg)
			return 2
		}
	}
	base, err := kb.load(ctx)
	if err != nil {
		fmt.Fprintf(e.stderr, "kbbot ask: %v\n", err)
		return 1
	}
	printWarnings(e, base)
	if err := kb.noSections(base); err != nil {
		fmt.Fprintf(e.stderr, "kbbot ask: %v\n", err)
		return 1
	}
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	answer := func(q string) {
		res := base.Search(q, *top)
		if *asJSON {
			writeJSON(out, base, res)
		} else {
			writeHuman(out, base, res)
		}
	}
	if question != "-" {
		answer(question)
		return 0
	}
	lines := readLines(ctx, e.stdin)
	for n := 1; ; n++ {
		var l lineRead
		select {
		case <-ctx.Done(): // Ctrl-C, even while waiting for a line
			fmt.Fprintf(e.stderr, "kbbot ask: interrupted after line %d\n", n-1)
			return 130
		case l = <-lines:
		}
		line, tooLong, err := l.line, l.tooLong, l.err
		if n == 1 { // a byte order mark, as Windows editors write: not part of the question
			line = bytes.TrimPrefix(line, []byte("\ufeff"))
		}
		if err != nil && err != io.EOF {
			fmt.Fprintf(e.stderr, "kbbot ask: read questions: line %d: %v\n", n, err)
			return 1
		}
		if err == io.EOF && len(line) == 0 && !tooLong {
			return 0
		}
		q := strings.TrimSpace(string(line))
		var msg string
		if tooLong {
			msg = fmt.Sprintf("the line is over %d bytes; it was skipped", maxAskLine)
			q = strings.ToValidUTF8(q[:min(len(q), 200)], "") // enough to tell which line it was
		} else {
			msg = checkQuestion(q)
		}
		switch {
		case q == "" && !tooLong:
		case msg != "":
			fmt.Fprintf(e.stderr, "kbbot ask: line %d: %s\n", n, msg)
			if *asJSON {
				writeJSON(out, base, knowledge.Result{Query: q})
			} else {
				fmt.Fprintf(out, "%s\n\n", msg)
			}
		default:
			answer(q)
		}
		// A tool that asks one question at a time gets each answer at once;
		// answers that cannot be written are not worth asking for.
		if werr := out.Flush(); werr != nil {
			fmt.Fprintf(e.stderr, "kbbot ask: write answers: line %d: %v\n", n, werr)
			return 1
		}
		if err == io.EOF {
			return 0
		}
	}
}

// maxAskLine is the longest line batch mode reads as a question; a longer
// one is skipped with a warning, and the lines after it are still asked.
const maxAskLine = 1 << 20

// lineRead is one line readLine read.
type lineRead struct {
	line    []byte
	tooLong bool
	err     error
}

// readLines reads r's lines on a goroutine of its own, so that a stop
// does not wait for the next line; it ends at an error or end of input.
func readLines(ctx context.Context, r io.Reader) <-chan lineRead {
	out := make(chan lineRead)
	go func() {
		rd := bufio.NewReaderSize(r, 64*1024)
		for {
			line, tooLong, err := readLine(rd, maxAskLine)
			select {
			case out <- lineRead{line, tooLong, err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return out
}

// readLine reads one line of at most limit bytes, without its line end.
// A longer line is read to its end and reported too long, with what fit.
func readLine(r *bufio.Reader, limit int) (line []byte, tooLong bool, err error) {
	for {
		frag, more, err := r.ReadLine()
		if len(line)+len(frag) > limit {
			tooLong = true
		} else {
			line = append(line, frag...)
		}
		if err != nil || !more {
			return line, tooLong, err
		}
	}
}

// checkQuestion returns why q cannot be asked, or "".
func checkQuestion(q string) string {
	switch {
	case strings.TrimSpace(q) == "":
		return "the question is empty"
	case !utf8.ValidString(q):
		return "the question is not valid UTF-8"
	case utf8.RuneCountInString(q) > maxAskQuestion:
		return fmt.Sprintf("the question is %d characters long; the limit is %d", utf8.RuneCountInString(q), maxAskQuestion)
	}
	return ""
}

func writeJSON(w io.Writer, base *knowledge.Base, res knowledge.Result) {
	a := jsonAnswer{Question: res.Query, Answered: res.Answered, Matches: []jsonMatch{}}
	for _, m := range res.Matches {
		s := m.Section
		a.Matches = append(a.Matches, jsonMatch{
			ID: s.ID, Title: s.Title, Path: s.Path, Source: s.Source, Line: s.Line,
			URL: s.URL, Score: round3(m.Score), Text: base.FullText(s),
		})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(a)
}

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }

// writeHuman prints the answer for a person: title, breadcrumb, trimmed
// text, source, related topics; or a plain "no confident answer", why, and
// the closest topics. It goes through console.Clean, as a chat's answers
// do: escape sequences in a document must not reach the terminal.
func writeHuman(w io.Writer, base *knowledge.Base, res knowledge.Result) {
	var b strings.Builder
	humanAnswer(&b, base, res)
	io.WriteString(w, console.Clean(b.String()))
}

// humanAnswer writes what writeHuman prints, as it is.
func humanAnswer(w io.Writer, base *knowledge.Base, res knowledge.Result) {
	if !res.Answered {
		switch {
		case res.Reason != "" && len(res.Matches) > 0:
			fmt.Fprintf(w, "No confident answer in the knowledge base: %s (confidence %.2f).\n", res.Reason, res.Confidence)
		case res.Reason != "":
			fmt.Fprintf(w, "No confident answer in the knowledge base: %s.\n", res.Reason)
		default:
			fmt.Fprintln(w, "No confident answer in the knowledge base.")
		}
		if len(res.Matches) > 0 {
			fmt.Fprintln(w, "Closest topics:")
			for _, m := range res.Matches {
				fmt.Fprintf(w, "  - %s  (%s)\n", strings.Join(m.Section.Path, " › "), location(base, m.Section))
			}
		}
		fmt.Fprintln(w)
		return
	}
	best := res.Matches[0].Section
	fmt.Fprintf(w, "%s\n", best.Title)
	if len(best.Path) > 1 {
		fmt.Fprintf(w, "%s\n", strings.Join(best.Path, " › "))
	}
	fmt.Fprintln(w)
	text, _, cut := bot.FocusedExcerpt(base, best.Title, base.FullText(best), res.Query, excerptRunes, "[…]\n")
	if text != "" {
		fmt.Fprintln(w, text)
	}
	if cut {
		fmt.Fprintln(w, "[…]")
	}
	fmt.Fprintf(w, "\nSource: %s", location(base, best))
	if best.URL != "" {
		fmt.Fprintf(w, "  %s", best.URL)
	}
	fmt.Fprintf(w, "  (score %.2f, confidence %.2f)\n", res.Matches[0].Score, res.Confidence)
	if topics := bot.Related(res.Matches[1:], best, 3); len(topics) > 0 {
		fmt.Fprintln(w, "Related:")
		for _, t := range topics {
			fmt.Fprintf(w, "  - %s  (%s)\n", strings.Join(t.Path, " › "), location(base, base.Section(t.SectionID)))
		}
	}
	fmt.Fprintln(w)
}

func location(base *knowledge.Base, s *knowledge.Section) string {
	return fmt.Sprintf("%s:%d", base.FileLabel(s), s.Line)
}
