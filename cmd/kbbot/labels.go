package main

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/kbbot/kbbot/knowledge"
)

// labelled is one line of a calibration file: a question and the
// sections that answer it, or none for a question to refuse.
type labelled struct {
	line     int
	question string
	want     []string // titles, FILE#TITLE or section IDs; nil: off-topic
}

// offTopic reports whether the question must be refused.
func (l labelled) offTopic() bool { return len(l.want) == 0 }

// maxLabelLine bounds a calibration file's line, in bytes.
const maxLabelLine = 64 << 10

// readLabels reads a calibration file: QUESTION<TAB>EXPECTED a line,
// EXPECTED being one or more answers separated by "|" or "-" for a
// question to refuse. Blank lines and lines starting with # are skipped.
// Every bad line is reported, with its number.
func readLabels(r io.Reader) ([]labelled, error) {
	var out []labelled
	var bad []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 4096), maxLabelLine)
	for n := 1; sc.Scan(); n++ {
		text := strings.TrimRight(sc.Text(), "\r")
		if n == 1 { // a byte order mark, as Windows editors write
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if strings.TrimSpace(text) == "" || strings.HasPrefix(strings.TrimSpace(text), "#") {
			continue
		}
		l, err := parseLabel(n, text)
		if err != nil {
			bad = append(bad, err.Error())
			continue
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading the questions: %w", err)
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(bad, "\n"))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no questions: want QUESTION<TAB>EXPECTED lines")
	}
	return out, nil
}

// parseLabel parses line n of a calibration file.
func parseLabel(n int, text string) (labelled, error) {
	if !utf8.ValidString(text) {
		return labelled{}, fmt.Errorf("line %d: not valid UTF-8", n)
	}
	q, want, ok := strings.Cut(text, "\t")
	q, want = strings.TrimSpace(q), strings.TrimSpace(want)
	switch {
	case !ok:
		return labelled{}, fmt.Errorf("line %d: want QUESTION<TAB>EXPECTED (the section's title, or - when it must be refused)", n)
	case q == "":
		return labelled{}, fmt.Errorf("line %d: the question is empty", n)
	case want == "":
		return labelled{}, fmt.Errorf("line %d: no expected answer (a section's title, or - when it must be refused)", n)
	}
	if msg := checkQuestion(q); msg != "" {
		return labelled{}, fmt.Errorf("line %d: %s", n, msg)
	}
	l := labelled{line: n, question: q}
	if want == "-" {
		return l, nil
	}
	for w := range strings.SplitSeq(want, "|") {
		if w = strings.TrimSpace(w); w != "" {
			l.want = append(l.want, w)
		}
	}
	if len(l.want) == 0 {
		return labelled{}, fmt.Errorf("line %d: no expected answer in %q", n, want)
	}
	return l, nil
}

// answers reports whether s is one of the answers l expects.
func (l labelled) answers(s *knowledge.Section) bool {
	return slices.ContainsFunc(l.want, func(w string) bool { return names(w, s) })
}

// names reports whether answer w names s: by title, FILE#TITLE or ID.
func names(w string, s *knowledge.Section) bool {
	return w == s.ID || strings.EqualFold(w, s.Title) || strings.EqualFold(w, s.Source+"#"+s.Title)
}

// unknownAnswers returns the expected answers no section of base has:
// most likely a typo in the file.
func (l labelled) unknownAnswers(base *knowledge.Base) []string {
	var out []string
	for _, w := range l.want {
		if !slices.ContainsFunc(base.Sections(), func(s *knowledge.Section) bool { return names(w, s) }) {
			out = append(out, w)
		}
	}
	return out
}
