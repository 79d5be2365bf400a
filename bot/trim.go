package bot

import (
	"regexp"
	"strings"
	"unicode"
)

// ellipsis marks a cut made mid-sentence.
const ellipsis = "…"

// abbreviations end in a full stop without ending a sentence.
var abbreviations = set("e.g", "i.e", "vs", "mr", "mrs", "ms", "dr", "cf", "fig",
	"approx", "incl", "esp", "etc.,")

// trimExcerpt cuts text to at most limit characters (runes), at the last
// sentence end that fits: after 。！？； (Chinese needs no space after
// them), after . ! ? followed by a space or line break or standing between
// two Han characters ("安全性.然后"), or at the end of a
// paragraph or list item. It never cuts inside a rune, and never leaves a
// Markdown code fence open: sentence ends inside fences do not count, and
// when the cut must fall inside a long code block the fence is closed. When
// no sentence end fits in the last two thirds of limit, it cuts at a word
// boundary and adds "…". It reports whether text was cut.
func trimExcerpt(text string, limit int) (string, bool) {
	text = strings.TrimSpace(text)
	rs := []rune(text)
	if len(rs) <= limit {
		return text, false
	}
	if limit < 1 {
		return "", true
	}
	t := scanRunes(rs)
	best := -1
	for _, c := range t.bounds {
		if c <= limit {
			best = c
		}
	}
	if best >= limit/3 && best > 0 {
		return strings.TrimRightFunc(string(rs[:best]), unicode.IsSpace), true
	}
	if f := t.fenceAt(limit); f != nil {
		return cutInFence(rs, *f, limit, best)
	}
	if f := t.fenceAt(wordCut(rs, limit)); f != nil {
		return cutInFence(rs, *f, limit, best)
	}
	return cutAtWord(rs, limit), true
}

// fence is one fenced code block: runes [open, close) where open is the
// start of the opening fence line and close the end of the closing fence
// line (len(rs) when unclosed).
type fence struct {
	open, body, close int // body: first rune after the opening line
	marker            string
	closed            bool
}

// runeScan holds the boundaries and fences of a text.
type runeScan struct {
	bounds []int // cut positions (exclusive ends), increasing
	fences []fence
}

func (t *runeScan) fenceAt(pos int) *fence {
	for i := range t.fences {
		if f := &t.fences[i]; pos > f.open && pos < f.close {
			return f
		}
	}
	return nil
}

// scanRunes finds sentence ends, paragraph and list-item ends, and code
// fences.
func scanRunes(rs []rune) runeScan {
	var t runeScan
	lineStart := 0
	var open *fence
	for lineStart < len(rs) {
		lineEnd := lineStart
		for lineEnd < len(rs) && rs[lineEnd] != '\n' {
			lineEnd++
		}
		line := strings.TrimLeft(string(rs[lineStart:lineEnd]), " \t")
		switch {
		case open != nil:
			if strings.HasPrefix(line, open.marker) && strings.Trim(line, string(open.marker[0])+" \t") == "" {
				open.close, open.closed = lineEnd, true
				t.fences = append(t.fences, *open)
				t.bounds = append(t.bounds, lineEnd)
				open = nil
			}
		case isFenceLine(line):
			open = &fence{open: lineStart, body: min(lineEnd+1, len(rs)), marker: fenceMarker(line)}
		default:
			if !strings.HasPrefix(line, "|") { // a table row is cut whole, not at a sentence in a cell
				t.bounds = append(t.bounds, sentenceEnds(rs, lineStart, lineEnd)...)
			}
			// A line ending in a colon introduces what follows: do not
			// cut between them.
			intro := strings.HasSuffix(strings.TrimSpace(line), ":") || strings.HasSuffix(strings.TrimSpace(line), "：")
			if lineEnd < len(rs) && !intro && paragraphEnd(rs, lineEnd) {
				t.bounds = append(t.bounds, lineEnd)
			}
		}
		lineStart = lineEnd + 1
	}
	if open != nil {
		open.close = len(rs)
		t.fences = append(t.fences, *open)
	}
	return t
}

// isFenceLine reports whether line, without its indentation, opens or
// closes a code fence.
func isFenceLine(line string) bool {
	return strings.HasPrefix(line, "```") || strings.HasPrefix(line, "~~~")
}

// reComment is an HTML comment, which GitHub does not show.
var reComment = regexp.MustCompile(`(?s)<!--.*?-->`)

// withoutComments removes HTML comments (<!-- TODO -->) from Markdown
// text, except inside code fences, where they are code.
func withoutComments(s string) string {
	if !strings.Contains(s, "<!--") {
		return s
	}
	var b, text strings.Builder // text: the lines outside fences not yet written
	flush := func() {
		b.WriteString(reComment.ReplaceAllString(text.String(), ""))
		text.Reset()
	}
	fence := ""
	for _, l := range strings.SplitAfter(s, "\n") {
		t := strings.TrimSpace(l)
		switch {
		case fence != "":
			b.WriteString(l)
			if strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == "" {
				fence = ""
			}
		case isFenceLine(t):
			flush()
			fence = fenceMarker(t)
			b.WriteString(l)
		default:
			text.WriteString(l)
		}
	}
	flush()
	return b.String()
}

// fenceMarker returns the run of ` or ~ that opens a fence.
func fenceMarker(line string) string {
	c := line[0]
	n := 0
	for n < len(line) && line[n] == c {
		n++
	}
	return line[:n]
}

// sentenceEnds returns the cut positions after sentence ends in the line
// rs[start:end].
func sentenceEnds(rs []rune, start, end int) []int {
	var out []int
	for i := start; i < end; i++ {
		r := rs[i]
		cjk := r == '。' || r == '！' || r == '？' || r == '；'
		latin := r == '.' || r == '!' || r == '?'
		if !cjk && !latin {
			continue
		}
		j := i + 1
		for j < end && strings.ContainsRune(`"')]”’」』）》`, rs[j]) {
			j++
		}
		// Chinese typed with ASCII punctuation ("更安全?开源…") needs no
		// space after it either.
		if latin && j < end && unicode.Is(unicode.Han, rs[j]) && i > start && unicode.Is(unicode.Han, rs[i-1]) {
			out = append(out, j)
			continue
		}
		if latin {
			if j < end && !unicode.IsSpace(rs[j]) {
				continue
			}
			if r == '.' && notSentenceDot(rs, start, i) {
				continue
			}
		}
		out = append(out, j)
	}
	return out
}

// notSentenceDot reports whether the full stop at rs[i] belongs to an
// abbreviation ("e.g.") or an ordered-list marker ("1.") rather than ending
// a sentence.
func notSentenceDot(rs []rune, lineStart, i int) bool {
	w := i
	for w > lineStart && !unicode.IsSpace(rs[w-1]) {
		w--
	}
	word := strings.ToLower(string(rs[w:i]))
	if abbreviations[word] {
		return true
	}
	if word != "" && strings.Trim(word, "0123456789") == "" {
		return strings.TrimSpace(string(rs[lineStart:w])) == ""
	}
	return false
}

// paragraphEnd reports whether the line ending at the newline rs[nl] ends
// a paragraph or a list item: a blank line or a new list item follows.
func paragraphEnd(rs []rune, nl int) bool {
	j := nl + 1
	for j < len(rs) && (rs[j] == ' ' || rs[j] == '\t') {
		j++
	}
	if j >= len(rs) || rs[j] == '\n' {
		return true
	}
	rest := string(rs[j:min(j+4, len(rs))])
	for _, p := range []string{"- ", "* ", "+ ", "#", "> ", "|"} {
		if strings.HasPrefix(rest, p) {
			return true
		}
	}
	k := j
	for k < len(rs) && k < j+3 && unicode.IsDigit(rs[k]) {
		k++
	}
	return k > j && k+1 < len(rs) && (rs[k] == '.' || rs[k] == ')') && rs[k+1] == ' '
}

// cutInFence cuts inside the code block f so that the result, with the
// fence closed, fits in limit runes; before is the best boundary found
// before the block (or -1).
func cutInFence(rs []rune, f fence, limit, before int) (string, bool) {
	closing := "\n" + f.marker
	room := limit - len([]rune(closing))
	nl := -1
	for i := f.body; i < len(rs) && i <= room; i++ {
		if rs[i] == '\n' {
			nl = i
		}
	}
	var tries []string
	if nl > f.body {
		tries = append(tries, string(rs[:nl])+closing)
	}
	if before > 0 {
		tries = append(tries, strings.TrimRightFunc(string(rs[:before]), unicode.IsSpace))
	}
	if room > f.body {
		// One long line of code: cut it and close the fence.
		tries = append(tries, string(rs[:room])+closing)
	}
	tries = append(tries, strings.TrimRightFunc(string(rs[:f.open]), unicode.IsSpace))
	for _, s := range tries {
		// A line cut short can look like a fence itself: check.
		if s != "" && fencesClosed(s) {
			return s, true
		}
	}
	// The fence's opening line alone is longer than limit.
	return ellipsis, true
}

// fencesClosed reports whether every ``` or ~~~ fence in s is closed.
func fencesClosed(s string) bool {
	for _, f := range scanRunes([]rune(s)).fences {
		if !f.closed {
			return false
		}
	}
	return true
}

// cutAtWord cuts at the last space that leaves room for "…" (or, in text
// without spaces such as Chinese, at any rune), and adds "…".
func cutAtWord(rs []rune, limit int) string {
	if limit <= 1 {
		return string(rs[:limit])
	}
	s := strings.TrimRightFunc(string(rs[:wordCut(rs, limit)]), unicode.IsSpace)
	// Inline code left open would swallow the rest of the message.
	if strings.Count(s, "`")%2 == 1 {
		if i := strings.LastIndex(s, "`"); i > 0 {
			s = strings.TrimRightFunc(s[:i], unicode.IsSpace)
		}
	}
	// "```…" is no fence: a closing fence line keeps a line of its own.
	if isFenceLine(strings.TrimSpace(s[strings.LastIndexByte(s, '\n')+1:])) {
		return s + "\n" + ellipsis
	}
	return s + ellipsis
}

// wordCut is where cutAtWord cuts: the last space before limit-1 in the
// second half, else limit-1.
func wordCut(rs []rune, limit int) int {
	room := limit - 1
	for i := room; i > room/2 && i > 0; i-- {
		if unicode.IsSpace(rs[i]) {
			return i
		}
	}
	return max(room, 0)
}
