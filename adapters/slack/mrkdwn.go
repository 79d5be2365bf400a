package slack

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// escape makes s safe to place in Slack mrkdwn: Slack reserves only &, <
// and >, and decodes exactly these three entities for display.
func escape(s string) string {
	if !strings.ContainsAny(s, "&<>") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// mrkdwn converts one Markdown block (a paragraph, heading, list item or
// quote; no blank lines, no code fences) to Slack mrkdwn with every
// document character escaped.
func mrkdwnLines(md string) string {
	lines := strings.Split(md, "\n")
	for i, l := range lines {
		lines[i] = mrkdwnLine(l)
	}
	return strings.Join(lines, "\n")
}

// mrkdwnLine converts one line: block markers first (heading, list, quote,
// rule, table separator), then the inline markup.
func mrkdwnLine(line string) string {
	trimmed := strings.TrimLeft(line, " \t")
	indent := line[:len(line)-len(trimmed)]
	switch {
	case trimmed == "":
		return ""
	case isRule(trimmed):
		return "──────────"
	case isTableSeparator(trimmed):
		return ""
	}
	if level := headingLevel(trimmed); level > 0 {
		text := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(trimmed[level:]), "#"))
		if text == "" {
			return ""
		}
		return "*" + inline(text, inlineOpts{plainStrong: true}) + "*"
	}
	if rest, ok := strings.CutPrefix(trimmed, ">"); ok {
		return "&gt; " + mrkdwnLine(strings.TrimPrefix(rest, " "))
	}
	if len(trimmed) >= 2 && strings.ContainsRune("-*+", rune(trimmed[0])) && (trimmed[1] == ' ' || trimmed[1] == '\t') {
		item := strings.TrimLeft(trimmed[2:], " \t")
		bullet := "•"
		if len(indent) >= 2 {
			bullet = "◦"
		}
		switch {
		case strings.HasPrefix(item, "[ ] "):
			bullet, item = "☐", item[4:]
		case strings.HasPrefix(item, "[x] "), strings.HasPrefix(item, "[X] "):
			bullet, item = "☑", item[4:]
		}
		return strings.Repeat(" ", min(len(indent), 8)) + bullet + " " + inline(item, inlineOpts{})
	}
	return indent + inline(trimmed, inlineOpts{})
}

// headingLevel returns n for an ATX heading "#{n} text", else 0.
func headingLevel(s string) int {
	n := 0
	for n < len(s) && s[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || (n < len(s) && s[n] != ' ' && s[n] != '\t') {
		return 0
	}
	return n
}

// isRule reports a thematic break: three or more -, * or _ and spaces.
func isRule(s string) bool {
	var mark byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
		case (c == '-' || c == '*' || c == '_') && (mark == 0 || mark == c):
			mark = c
			n++
		default:
			return false
		}
	}
	return n >= 3
}

// isTableSeparator reports a Markdown table's |---|:--:| line.
func isTableSeparator(s string) bool {
	if !strings.HasPrefix(s, "|") || !strings.Contains(s, "-") {
		return false
	}
	return strings.Trim(s, "|-: \t") == ""
}

// inlineOpts tune inline conversion.
type inlineOpts struct {
	// plainStrong drops **strong** markers (inside a heading, which is
	// already bold; Slack does not nest bold).
	plainStrong bool
	// spans, when set, receives the source byte ranges of the markup
	// converted at the top level, so callers never split inside one.
	spans *[][2]int
}

// inline converts Markdown inline markup to mrkdwn: **b** and __b__ to *b*,
// *i* and _i_ to _i_, ~~s~~ to ~s~, [t](u) and ![t](u) to <u|t>, <u> and
// bare http(s) URLs to <u>, code spans kept verbatim; &, < and > escaped.
// Unmatched markers stay as literal text.
func inline(s string, o inlineOpts) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for i := 0; i < len(s); {
		c := s[i]
		start := i
		switch {
		case c == '\\' && i+1 < len(s) && strings.IndexByte("\\`*_~[]()<>#!|", s[i+1]) >= 0:
			b.WriteString(escape(s[i+1 : i+2]))
			i += 2
			continue
		case c == '`':
			if end, open, ok := codeSpan(s, i); ok {
				code := strings.TrimSpace(s[i+open : end-open])
				if code != "" {
					b.WriteString("`" + escape(strings.ReplaceAll(code, "`", "ˋ")) + "`")
				}
				i = end
				o.mark(start, i)
				continue
			}
			// An unmatched run of backticks is literal text.
			j := i
			for j < len(s) && s[j] == '`' {
				j++
			}
			b.WriteString(s[i:j])
			i = j
			continue
		case c == '[' || c == '!' && i+1 < len(s) && s[i+1] == '[': // an image is linked like a link
			at := i
			if c == '!' {
				at++
			}
			if text, u, end, ok := link(s, at); ok {
				b.WriteString(slackLink(u, inline(text, inlineOpts{plainStrong: o.plainStrong})))
				i = end
				o.mark(start, i)
				continue
			}
		case c == '<':
			if end := strings.IndexByte(s[i:], '>'); end > 0 {
				if u := s[i+1 : i+end]; isURL(u) {
					b.WriteString(slackLink(u, ""))
					i += end + 1
					o.mark(start, i)
					continue
				}
			}
		case c == 'h' && (strings.HasPrefix(s[i:], "https://") || strings.HasPrefix(s[i:], "http://")) && (i == 0 || !isWordByte(s[i-1])):
			end := bareURLEnd(s, i)
			b.WriteString(slackLink(s[i:end], ""))
			i = end
			o.mark(start, i)
			continue
		case c == '*' || c == '_' || c == '~':
			if out, end, ok := emphasis(s, i, o); ok {
				// Slack styles *b*, _i_ and ~s~ only between word
				// boundaries: in 这是*重要*的 or *foo*bar it shows the
				// markers. An invisible zero-width space makes the boundary.
				if r, _ := utf8.DecodeLastRuneInString(s[:i]); i > 0 && glued(r) {
					b.WriteString(zwsp)
				}
				b.WriteString(out)
				if r, _ := utf8.DecodeRuneInString(s[end:]); end < len(s) && glued(r) {
					b.WriteString(zwsp)
				}
				i = end
				o.mark(start, i)
				continue
			}
			// A run of markers that opens nothing is literal text.
			j := i
			for j < len(s) && s[j] == c {
				j++
			}
			b.WriteString(s[i:j])
			i = j
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		b.WriteString(escape(s[i : i+size]))
		i += size
	}
	return b.String()
}

func (o inlineOpts) mark(start, end int) {
	if o.spans != nil {
		*o.spans = append(*o.spans, [2]int{start, end})
	}
}

// codeSpan finds the code span opening at s[i]: a run of n backticks
// closed by the next run of exactly n. It returns the end offset and n.
func codeSpan(s string, i int) (end, n int, ok bool) {
	for i+n < len(s) && s[i+n] == '`' {
		n++
	}
	for j := i + n; j < len(s); {
		k := strings.IndexByte(s[j:], '`')
		if k < 0 {
			return 0, 0, false
		}
		j += k
		m := 0
		for j+m < len(s) && s[j+m] == '`' {
			m++
		}
		if m == n {
			return j + m, n, true
		}
		j += m
	}
	return 0, 0, false
}

// link parses "[text](url "title")" starting at s[i] == '['.
func link(s string, i int) (text, u string, end int, ok bool) {
	depth := 0
	j := i
	for ; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '[':
			depth++
		case ']':
			depth--
		}
		if depth == 0 {
			break
		}
	}
	if j >= len(s) || j+1 >= len(s) || s[j+1] != '(' {
		return "", "", 0, false
	}
	text = s[i+1 : j]
	// The destination ends at the ")" that closes its "(": it may hold
	// balanced parentheses, as Wikipedia's links do.
	k, open := j+2, 1
	for ; k < len(s); k++ {
		switch s[k] {
		case '\\':
			k++
		case '(':
			open++
		case ')':
			open--
		}
		if open == 0 {
			break
		}
	}
	if k >= len(s) {
		return "", "", 0, false
	}
	target := strings.TrimSpace(s[j+2 : k])
	if sp := strings.IndexAny(target, " \t"); sp >= 0 { // drop a "title"
		target = target[:sp]
	}
	target = strings.TrimSuffix(strings.TrimPrefix(target, "<"), ">")
	return text, target, k + 1, true
}

// slackLink renders <u|label>, or just the label when u is not an
// absolute link Slack can open (a relative link into the docs).
func slackLink(u, label string) string {
	if !isURL(u) {
		if label == "" {
			return escape(u)
		}
		return label
	}
	if label == "" || label == escape(u) {
		return "<" + urlEscaper.Replace(u) + ">"
	}
	return "<" + urlEscaper.Replace(u) + "|" + labelEscaper.Replace(label) + ">"
}

var (
	// urlEscaper keeps a URL inside <...|...>.
	urlEscaper = strings.NewReplacer("|", "%7C", " ", "%20", "&", "&amp;", "<", "%3C", ">", "%3E")
	// labelEscaper: a | or > in a link label would end it early, so they
	// become look-alikes.
	labelEscaper = strings.NewReplacer("|", "¦", "&gt;", "›")
)

// isURL reports an absolute http(s) or mailto URL with no spaces.
func isURL(u string) bool {
	if strings.ContainsAny(u, " \t\n<>") {
		return false
	}
	p, err := url.Parse(u)
	if err != nil {
		return false
	}
	switch p.Scheme {
	case "http", "https":
		return p.Host != ""
	case "mailto":
		return p.Opaque != ""
	}
	return false
}

// bareURLEnd returns where a bare URL starting at s[i] ends: at a space or
// angle bracket, without trailing punctuation.
func bareURLEnd(s string, i int) int {
	j := i
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if unicode.IsSpace(r) || r == '<' || r == '>' || r == '`' || r > unicode.MaxASCII {
			break
		}
		j += size
	}
	for j > i && strings.IndexByte(".,;:!?)'\"*_~", s[j-1]) >= 0 {
		if s[j-1] == ')' && strings.Count(s[i:j], "(") >= strings.Count(s[i:j], ")") {
			break
		}
		j--
	}
	return j
}

// zwsp is the zero-width space that separates mrkdwn markup from the text
// it touches.
const zwsp = "\u200b"

// glued reports whether r, next to an emphasis marker, keeps Slack from
// seeing the marker: anything but white space and ASCII punctuation (a
// letter, a digit, a Chinese character or full-width punctuation).
func glued(r rune) bool {
	return !unicode.IsSpace(r) && !(r < utf8.RuneSelf && (unicode.IsPunct(r) || unicode.IsSymbol(r)))
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// emphasis converts the emphasis opening at s[i] (*, _, **, __, ~~, and
// *** or ___ for both, as *_both_*) when a matching closer follows on the
// same text; ok is false otherwise.
func emphasis(s string, i int, o inlineOpts) (out string, end int, ok bool) {
	c := s[i]
	n := 1
	for n < 3 && i+n < len(s) && s[i+n] == c {
		n++
	}
	if c == '~' && n != 2 {
		return "", 0, false
	}
	marker := s[i : i+n]
	inner := i + n
	// The opener must be followed by a non-space; an _ must not sit
	// inside a word (snake_case).
	if inner >= len(s) || s[inner] == ' ' || s[inner] == c {
		return "", 0, false
	}
	if c == '_' && i > 0 && isWordByte(s[i-1]) {
		return "", 0, false
	}
	for j := inner + 1; j+n <= len(s); j++ {
		if s[j] == '`' { // closers inside code spans do not count
			if e, _, ok := codeSpan(s, j); ok {
				j = e - 1
				continue
			}
		}
		if s[j:j+n] != marker || s[j-1] == ' ' || s[j-1] == '\\' || n == 3 && s[j-1] == c {
			continue
		}
		if j+n < len(s) && s[j+n] == c {
			continue // part of a longer run
		}
		if c == '_' && j+n < len(s) && isWordByte(s[j+n]) {
			continue
		}
		body := inline(s[inner:j], inlineOpts{plainStrong: o.plainStrong})
		switch {
		case c == '~':
			return "~" + body + "~", j + n, true
		case n == 3 && o.plainStrong:
			return "_" + body + "_", j + n, true
		case n == 3:
			return "*_" + body + "_*", j + n, true
		case n == 2 && o.plainStrong:
			return body, j + n, true
		case n == 2:
			return "*" + body + "*", j + n, true
		default:
			return "_" + body + "_", j + n, true
		}
	}
	return "", 0, false
}
