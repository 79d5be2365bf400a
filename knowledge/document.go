package knowledge

import (
	"errors"
	"fmt"
	"html"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// rawSection is a section as a parser found it, before paths and IDs.
type rawSection struct {
	title string
	level int // heading depth; 0 for an untitled part (introduction, closing)
	body  string
	line  int // 1-based line of the heading, or of the first body line
	// tail is where the text after a part's subsections starts in body
	// (plain text only; -1 none, -2 marks closing remarks); tailLine is
	// its line.
	tail, tailLine int
	// aliases are other names for a part the parser named itself
	// (untitledName).
	aliases []string
	// anchorText is a Markdown heading's text as GitHub renders it, blanks
	// not folded, which its anchor is made from; "" means title.
	anchorText string
}

// document is one parsed file.
type document struct {
	meta        frontMatter
	frontMatter bool // the file has a front matter block
	sections    []rawSection
	warnings    []Warning // File is filled in by the loader
}

// frontMatter is the optional YAML (or Hugo's TOML) block at the top of a
// Markdown file.
type frontMatter struct {
	Title    string     `yaml:"title"`
	Aliases  stringList `yaml:"aliases"`
	Keywords stringList `yaml:"keywords"`
	Tags     stringList `yaml:"tags"`
	URL      string     `yaml:"url"`
	Tour     int        `yaml:"tour"`
	Owner    string     `yaml:"owner"`
}

// stringList accepts a YAML list or a comma-separated string.
type stringList []string

// UnmarshalYAML implements yaml.Unmarshaler.
func (l *stringList) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		for _, p := range strings.Split(n.Value, ",") {
			if p = strings.TrimSpace(p); p != "" {
				*l = append(*l, p)
			}
		}
		return nil
	case yaml.SequenceNode:
		var s []string
		if err := n.Decode(&s); err != nil {
			return err
		}
		*l = append(*l, s...)
		return nil
	}
	return fmt.Errorf("line %d: want a list or a comma-separated string", n.Line)
}

// splitFrontMatter removes a leading "---" YAML block from src, or a
// "+++" TOML one (Hugo's), read by tomlToYAML. It returns the parsed
// block, the rest of the text, how many lines the block took, and a
// warning when the block is malformed (the block is still removed), with
// the file line it is about. A field of the wrong type, or one that is not
// valid YAML, is left out and the others kept.
func splitFrontMatter(src string) (fm frontMatter, rest string, lines int, warn fmWarning) {
	first, _, ok := strings.Cut(src, "\n")
	delim := strings.TrimRight(first, " \t\r") // blanks after it too, as Jekyll and GitHub allow
	if !ok || delim != "---" && delim != "+++" {
		return fm, src, 0, warn
	}
	nl := len(first) + 1
	pos := nl
	for pos < len(src) {
		end := strings.IndexByte(src[pos:], '\n')
		var line string
		if end < 0 {
			line, end = src[pos:], len(src)-pos
		} else {
			line = src[pos : pos+end]
		}
		if l := strings.TrimRight(line, " \t\r"); l == delim || l == "..." && delim == "---" {
			block := src[nl:pos]
			if delim == "+++" {
				block = tomlToYAML(block)
			}
			rest = ""
			if pos+end+1 <= len(src) {
				rest = src[pos+end+1:]
			}
			lines = strings.Count(src[:pos+end], "\n") + 1
			var top yaml.Node
			if yaml.Unmarshal([]byte(block), &top) == nil && len(top.Content) > 0 && top.Content[0].Kind != yaml.MappingNode {
				// Valid YAML but no fields: text between two thematic
				// breaks ("---", a heading and a paragraph, "---"), or up
				// to a "---" in a code block, as GitHub shows it.
				return frontMatter{}, src, 0, fmWarning{}
			}
			if err := yaml.Unmarshal([]byte(block), &fm); err != nil {
				msg, line := yamlErr(err)
				if _, ok := errors.AsType[*yaml.TypeError](err); ok {
					return fm, rest, lines, fmWarning{line, "front matter field of the wrong type, left out: " + msg}
				}
				fm, bad := fieldByField(block)
				// yaml named no line, or one before the first field left
				// out (it names where an unclosed '[' or quote opened the
				// mapping): the field left out's line
				if bad > 0 && line < bad+1 {
					line = bad + 1 // the block starts on the file's line 2
					msg = yamlLine.ReplaceAllString(msg, "line "+strconv.Itoa(line)+":")
				}
				return fm, rest, lines, fmWarning{line, "front matter is not valid YAML (its valid fields kept): " + msg}
			}
			return fm, rest, lines, warn
		}
		pos += end + 1
	}
	// No closing line: not front matter after all (a thematic break).
	return fm, src, 0, warn
}

// tomlKey is a TOML "key = value" line: a bare or quoted key.
var tomlKey = regexp.MustCompile(`^\s*([A-Za-z0-9_.-]+|"[^"]*")\s*=\s*`)

// tomlToYAML rewrites the top-level "key = value" lines of TOML front
// matter as YAML, line for line: the values front matter uses (strings,
// numbers, arrays of strings) are written alike in both. Other lines are
// indented as a value's continuation (a multi-line array); a table
// ("[params]") and what follows it are blanked, as they are no top-level
// fields.
func tomlToYAML(block string) string {
	lines := strings.Split(block, "\n")
	table := false
	for i, l := range lines {
		t := strings.TrimSpace(l)
		switch {
		case table || strings.HasPrefix(t, "["):
			table = true
			lines[i] = ""
		case t == "" || strings.HasPrefix(t, "#"):
			lines[i] = t
		default:
			if m := tomlKey.FindStringSubmatch(l); m != nil {
				lines[i] = m[1] + ": " + l[len(m[0]):]
			} else {
				lines[i] = "  " + t
			}
		}
	}
	return strings.Join(lines, "\n")
}

// fieldByField reads the fields of a front matter block that is not
// valid YAML one at a time, so that one bad field ("owner: @team",
// "title: Leave: how to ask") does not lose the others. A field is a
// line at the left margin and the indented or "- " lines under it. bad is
// the block's line (from 1) where the first field left out starts, or 0.
func fieldByField(block string) (fm frontMatter, bad int) {
	var field []string
	start := 1 // the field's first line in the block
	flush := func() {
		if len(field) > 0 {
			var one frontMatter
			if yaml.Unmarshal([]byte(strings.Join(field, "\n")), &one) == nil {
				fm.merge(one)
			} else if bad == 0 {
				bad = start
			}
			start += len(field)
			field = field[:0]
		}
	}
	for l := range strings.SplitSeq(block, "\n") {
		if l != "" && l[0] != ' ' && l[0] != '\t' && l[0] != '-' && l[0] != '#' {
			flush()
		}
		field = append(field, l)
	}
	flush()
	return fm, bad
}

// merge sets the fields o has.
func (fm *frontMatter) merge(o frontMatter) {
	if o.Title != "" {
		fm.Title = o.Title
	}
	if o.URL != "" {
		fm.URL = o.URL
	}
	if o.Owner != "" {
		fm.Owner = o.Owner
	}
	if o.Tour != 0 {
		fm.Tour = o.Tour
	}
	fm.Aliases = append(fm.Aliases, o.Aliases...)
	fm.Keywords = append(fm.Keywords, o.Keywords...)
	fm.Tags = append(fm.Tags, o.Tags...)
}

// fmWarning is a problem with front matter, at a line of the file.
type fmWarning struct {
	line int
	msg  string
}

// yamlLine finds yaml.v3's own line numbers: at the start of each error,
// and at the end of a duplicate key's ("already defined at line N").
var yamlLine, digits = regexp.MustCompile(`^line \d+:|already defined at line \d+$`), regexp.MustCompile(`\d+`)

// yamlErr returns a YAML error's text on one line, its line numbers
// counted in the file (the block starts on line 2), and the first of them
// (1 when it names none).
func yamlErr(err error) (string, int) {
	s := strings.TrimPrefix(err.Error(), "yaml: ")
	s = strings.TrimPrefix(s, "unmarshal errors:\n")
	first := 0
	var out []string
	for l := range strings.SplitSeq(s, "\n") {
		l = strings.TrimSpace(l)
		l = yamlLine.ReplaceAllStringFunc(l, func(m string) string {
			return digits.ReplaceAllStringFunc(m, func(d string) string {
				n, _ := strconv.Atoi(d)
				if first == 0 {
					first = n + 1
				}
				return strconv.Itoa(n + 1)
			})
		})
		out = append(out, l)
	}
	return strings.Join(out, "; "), max(first, 1)
}

// lineIndex maps byte offsets to 1-based line numbers.
type lineIndex []int // start offset of each line

func newLineIndex(src string) lineIndex {
	idx := lineIndex{0}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

func (li lineIndex) line(off int) int {
	return sort.SearchInts(li, off+1)
}

// anchor makes a GitHub-style heading anchor: lower case, punctuation
// dropped, spaces to hyphens; the word characters of every script kept, as
// GitHub and github-slugger keep [\p{Word}- ]: letters and other
// alphabetic characters (Ⅻ, Ⓐ), marks (the vowel signs of हिन्दी),
// decimal digits and connectors (_). Other numbers (², ①) are dropped.
func anchor(title string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(title) {
		switch {
		case unicode.IsLetter(r) || unicode.IsMark(r) || unicode.In(r, unicode.Nd, unicode.Nl, unicode.Other_Alphabetic, unicode.Pc) || r == '-':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// cleanInline strips inline Markdown from a heading: emphasis markers, code
// ticks, link targets and images, HTML tags; entities (&amp;) are decoded.
// A code span's text is kept as written (`__init__`, `*.go`, `&amp;`).
// Runs of blanks are one space.
func cleanInline(s string) string {
	return strings.Join(strings.Fields(inlineText(s)), " ")
}

// inlineText is cleanInline without folding blanks: a heading's text as
// GitHub renders it, from which GitHub makes its anchor, so that
// "Setup <!-- omit in toc -->" is "Setup " (#setup-).
func inlineText(s string) string {
	if !strings.ContainsAny(s, "*_`[<\\&") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case '*':
		case '`':
			n := runOf(s, i)
			if end := closingRun(s, i+n, n); end >= 0 {
				b.WriteString(s[i+n : end])
				i = end + n - 1
				continue
			}
			i += n - 1 // unclosed: the ticks are dropped
		case '_':
			// keep snake_case and a__b words, drop _emphasis_ and __strong__
			n := runOf(s, i)
			if i > 0 && i+n < len(s) && isWordByte(s[i-1]) && isWordByte(s[i+n]) {
				b.WriteString(s[i : i+n])
			}
			i += n - 1
		case '&':
			if m := entity.FindString(s[i:]); m != "" {
				if t := html.UnescapeString(m); t != m {
					b.WriteString(t)
					i += len(m) - 1
					continue
				}
			}
			b.WriteByte(c)
		case '!':
			if i+1 < len(s) && s[i+1] == '[' {
				continue
			}
			b.WriteByte(c)
		case ']':
			// a link's target: (url), balanced parentheses and all, or a
			// reference label: [ref], []
			if i+1 < len(s) && s[i+1] == '(' {
				if j := closingParen(s, i+1); j > 0 {
					i = j
				}
			} else if i+1 < len(s) && s[i+1] == '[' {
				if j := strings.IndexByte(s[i+2:], ']'); j >= 0 {
					i += j + 2
				}
			}
		case '[':
		case '<':
			if m := autolink.FindStringSubmatch(s[i:]); m != nil {
				b.WriteString(m[1])
				i += len(m[0]) - 1
				continue
			}
			if m := rawHTML.FindString(s[i:]); m != "" {
				i += len(m) - 1
				continue
			}
			b.WriteByte(c) // not markup: '<>', 'a < b > c'
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// entity matches an HTML entity or numeric character reference, which
// CommonMark decodes outside code: "&amp;", "&#39;", "&#x4E2D;".
var entity = regexp.MustCompile(`^&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});`)

// autolink and rawHTML match, at the start of a string, what CommonMark
// reads as an autolink (its text is shown) and as inline HTML (a tag, a
// comment, a processing instruction or declaration: not shown). Any other
// '<' is text.
var (
	autolink = regexp.MustCompile(`^<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\x00-\x20<>]*|[A-Za-z0-9.!#$%&'*+/=?^_` + "`" + `{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>`)
	rawHTML  = regexp.MustCompile(`^<(?:[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^"'=<>` + "`" + `\s]+|'[^']*'|"[^"]*"))?)*\s*/?>|/[A-Za-z][A-Za-z0-9-]*\s*>|!--(?:-?>|(?s:.*?)-->)|\?(?s:.*?)\?>|![A-Za-z][^>]*>|!\[CDATA\[(?s:.*?)\]\]>)`)
)

// closingParen returns the offset of the ')' that closes the '(' at i,
// counting nested pairs and skipping escaped ones, or -1.
func closingParen(s string, i int) int {
	depth := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return j
			}
		}
	}
	return -1
}

// runOf returns the length of the run of s[i]'s byte that starts at i.
func runOf(s string, i int) int {
	n := 1
	for i+n < len(s) && s[i+n] == s[i] {
		n++
	}
	return n
}

// closingRun returns where in s, from i on, a run of exactly n backticks
// starts (a code span's end), or -1.
func closingRun(s string, i, n int) int {
	for i < len(s) {
		j := strings.IndexByte(s[i:], '`')
		if j < 0 {
			return -1
		}
		m := runOf(s, i+j)
		if m == n {
			return i + j
		}
		i += j + m
	}
	return -1
}

func isWordByte(c byte) bool {
	return c >= utf8.RuneSelf || c == '_' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

// mostlyCJK reports whether the letters of s are mostly CJK: used to name
// untitled sections in the document's language.
func mostlyCJK(s string) bool {
	cjk, other := 0, 0
	for _, r := range s {
		if isCJK(r) {
			cjk++
		} else if unicode.IsLetter(r) {
			other++
		}
		if cjk+other > 400 {
			break
		}
	}
	return cjk > other/3
}

// untitledName names an untitled opening or closing part, and gives the
// other words readers use for it ("what does the conclusion say",
// 文章开头), which find it as its title does.
func untitledName(body string, closing bool) (title string, aliases []string) {
	switch {
	case mostlyCJK(body) && closing:
		return "结语", []string{"结论", "总结", "结尾", "尾声", "小结"}
	case mostlyCJK(body):
		return "引言", []string{"开头", "前言", "导言", "简介", "概述", "开篇"}
	case closing:
		return "Closing remarks", []string{"conclusion", "summary", "ending"}
	default:
		return "Introduction", []string{"intro", "overview", "beginning", "preface"}
	}
}
