package knowledge

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// mdParser parses CommonMark blocks only: sections need the block
// structure (which lines are headings, which are inside code fences, lists
// or quotes), not inline markup, and skipping inline parsing makes loading
// thousands of pages several times faster. Titles are cleaned of inline
// markup by headingText; bodies keep their Markdown intact.
var mdParser = parser.NewParser(
	parser.WithBlockParsers(parser.DefaultBlockParsers()...),
	parser.WithInlineParsers(),
	parser.WithParagraphTransformers(util.Prioritized(dropLines{}, 0)),
)

// dropLines empties each paragraph's lines once it is closed, so that
// goldmark's inline pass, which the empty parser list above would still
// run over every paragraph to make its text nodes, has nothing to do:
// sections are cut from the source by the headings' offsets, never from
// paragraph nodes. A paragraph closed by a setext underline keeps its
// lines: goldmark makes the heading from them after this runs.
type dropLines struct{}

// Transform empties a closed paragraph's lines (see dropLines).
func (dropLines) Transform(node *ast.Paragraph, r text.Reader, _ parser.Context) {
	if line, _ := r.PeekLine(); isSetextUnderline(line) {
		return
	}
	node.SetLines(text.NewSegments())
}

// isSetextUnderline reports whether line could underline a setext heading:
// up to three spaces, then only '=' or only '-', then blanks.
func isSetextUnderline(line []byte) bool {
	s := strings.TrimRight(string(line), " \t\r\n")
	t := strings.TrimLeft(s, " ")
	if t == "" || len(s)-len(t) > 3 {
		return false
	}
	return strings.Trim(t, "=") == "" || strings.Trim(t, "-") == ""
}

// parseMarkdown splits a Markdown file into sections at its top-level
// ATX and setext headings. Text before the first heading becomes an
// untitled introduction (titled by front matter title when present).
// Text that is only HTML comments and thematic breaks is no text: no
// introduction, an empty section.
// raw is src's bytes when the caller has them (nil: copied from src):
// goldmark parses bytes.
func parseMarkdown(src string, raw []byte) document {
	var doc document
	fm, body, fmLines, warns := splitFrontMatter(src)
	doc.meta = fm
	doc.frontMatter = fmLines > 0
	for _, w := range warns {
		doc.warnings = append(doc.warnings, Warning{Severity: Warn, Line: w.line, Msg: w.msg})
	}
	var b []byte
	if len(raw) == len(src) {
		b = raw[len(src)-len(body):] // body is a suffix of src
	} else {
		b = []byte(body)
	}
	root := mdParser.Parse(text.NewReader(b))
	lines := newLineIndex(body)

	type head struct {
		level          int
		title, text    string // text: for the anchor (rawSection.anchorText)
		start, bodyOff int    // offset of the heading's first line; of the text after it
	}
	var heads []head
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if !ok || h.Lines().Len() == 0 {
			continue
		}
		first, last := h.Lines().At(0), h.Lines().At(h.Lines().Len()-1)
		start := strings.LastIndexByte(body[:first.Start], '\n') + 1
		end := lineEnd(body, last.Stop)
		if !strings.HasPrefix(strings.TrimLeft(body[start:first.Start], " "), "#") {
			// setext: end is where the underline starts; skip it too
			if i := strings.IndexByte(body[end:], '\n'); i >= 0 {
				end += i + 1
			} else {
				end = len(body)
			}
		}
		var title strings.Builder
		for i := 0; i < h.Lines().Len(); i++ {
			seg := h.Lines().At(i)
			if i > 0 {
				title.WriteByte('\n') // as GitHub renders it: no space in the anchor
			}
			title.WriteString(strings.TrimSpace(string(seg.Value(b)))) // a setext title's lines end in newlines
		}
		name, text := headingText(title.String())
		heads = append(heads, head{level: h.Level, title: name, text: text, start: start, bodyOff: end})
	}

	intro := body
	if len(heads) > 0 {
		intro = body[:heads[0].start]
	}
	if t := strings.TrimSpace(intro); t != "" && !noText(t) {
		name, aliases := fm.Title, []string(nil)
		if name == "" {
			name, aliases = untitledName(t, false)
		}
		doc.sections = append(doc.sections, rawSection{
			title: name, level: 0, body: t, aliases: aliases,
			line: fmLines + lines.line(len(intro)-len(strings.TrimLeft(intro, " \t\r\n"))),
		})
	}
	for i, h := range heads {
		stop := len(body)
		if i+1 < len(heads) {
			stop = heads[i+1].start
		}
		text := ""
		if h.bodyOff < stop {
			text = strings.TrimSpace(body[h.bodyOff:stop])
		}
		if noText(text) {
			text = "" // GitHub shows nothing: an empty section
		}
		doc.sections = append(doc.sections, rawSection{
			title: h.title, level: h.level, body: text, line: fmLines + lines.line(h.start),
			anchorText: h.text,
		})
	}
	return doc
}

// noText reports whether trimmed Markdown text s is nothing but HTML
// comments ("<!-- markdownlint-disable -->", "<!-- TODO -->"), which
// GitHub does not show, and thematic breaks ("---"). An unclosed comment
// runs to the end, as in CommonMark.
func noText(s string) bool {
	if s == "" {
		return false
	}
	for s != "" {
		line, rest, _ := strings.Cut(s, "\n")
		if isThematicBreak(line) {
			s = strings.TrimSpace(rest)
			continue
		}
		if !strings.HasPrefix(s, "<!--") {
			return false
		}
		end := strings.Index(s[4:], "-->")
		if end < 0 {
			return true
		}
		s = strings.TrimSpace(s[4+end+3:])
	}
	return true
}

// isThematicBreak reports whether line is a thematic break: three or more
// '-', '*' or '_' (one of them), blanks between, up to three spaces before.
func isThematicBreak(line string) bool {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 || t == "" {
		return false
	}
	n := 0
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case t[0]:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3 && strings.IndexByte("-*_", t[0]) >= 0
}

// lineEnd returns the offset just past the newline ending the line that
// holds off (or len(s)).
func lineEnd(s string, off int) int {
	if off >= len(s) {
		return len(s)
	}
	if off > 0 && s[off-1] == '\n' {
		return off
	}
	if i := strings.IndexByte(s[off:], '\n'); i >= 0 {
		return off + i + 1
	}
	return len(s)
}
