package knowledge

import (
	"html"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
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

// headingText strips inline Markdown from a heading: emphasis markers,
// code ticks, link targets and images, HTML tags; entities (&amp;) are
// decoded. A code span's text is kept as written (`__init__`, `*.go`,
// `&amp;`). It returns the title, runs of blanks one space, and the text
// as inlineText gives it, which the anchor is made from.
func headingText(s string) (title, text string) {
	text = inlineText(s)
	return strings.Join(strings.Fields(text), " "), text
}

// inlineText is a heading's text as GitHub renders it, blanks not folded,
// from which GitHub makes its anchor, so that "Setup <!-- omit in toc -->"
// is "Setup " (#setup-).
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
