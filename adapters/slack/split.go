package slack

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// size is the length Slack counts against its limits. Slack's limits are
// in characters; counting UTF-16 code units is never less than the
// character count, so a text within size limits is within Slack's.
func size(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// trimPlain shortens plain text to at most limit, ending with "…": at a
// word boundary when one is close, never inside a character.
func trimPlain(s string, limit int) string {
	s = strings.TrimSpace(s)
	if size(s) <= limit {
		return s
	}
	cut := cutAt(s, limit-1)
	if sp := strings.LastIndexAny(s[:cut], " \t\n"); sp > 0 && size(s[:sp]) >= limit*4/5 {
		cut = sp
	}
	return strings.TrimRightFunc(s[:cut], unicode.IsSpace) + "…"
}

// cutAt returns the largest byte offset at a rune boundary whose prefix
// has size at most n.
func cutAt(s string, n int) int {
	used := 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if used+w > n {
			return i
		}
		used += w
	}
	return len(s)
}

// unit is a piece of Markdown that converts on its own: a paragraph (lines
// with no blank line between them) or a fenced code block.
type unit struct {
	text string
	code bool
}

// mdUnits splits Markdown into paragraphs and fenced code blocks. An
// unclosed fence runs to the end (the excerpt may have been cut inside).
func mdUnits(md string) []unit {
	md = strings.ReplaceAll(strings.ReplaceAll(md, "\r\n", "\n"), "\r", "\n")
	var out []unit
	var para []string
	flush := func() {
		if len(para) > 0 {
			out = append(out, unit{text: strings.Join(para, "\n")})
			para = nil
		}
	}
	lines := strings.Split(md, "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		fence, ok := openFence(line)
		if !ok {
			para = append(para, line)
			continue
		}
		flush()
		var code []string
		for i++; i < len(lines); i++ {
			if closesFence(lines[i], fence) {
				break
			}
			code = append(code, lines[i])
		}
		out = append(out, unit{text: strings.Join(code, "\n"), code: true})
	}
	flush()
	return out
}

// openFence reports a ``` or ~~~ fence line and returns its marker.
func openFence(line string) (string, bool) {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 || len(t) < 3 || (t[0] != '`' && t[0] != '~') {
		return "", false
	}
	n := 0
	for n < len(t) && t[n] == t[0] {
		n++
	}
	if n < 3 || (t[0] == '`' && strings.Contains(t[n:], "`")) {
		return "", false
	}
	return t[:n], true
}

func closesFence(line, fence string) bool {
	t := strings.TrimSpace(line)
	return strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == ""
}

// codeBlock renders code as a mrkdwn pre-formatted block.
func codeBlock(code string) string {
	return "```\n" + escape(code) + "\n```"
}

// piece is converted mrkdwn plus how it joins the piece before it.
type piece struct {
	text, sep string
}

// mrkdwnChunks converts Markdown to mrkdwn text objects of at most limit
// each. It cuts between paragraphs, then lines, then sentences, then
// words, and only as a last resort between characters; never inside an
// escape, a link, a code span or an emphasis, and a cut code block is
// closed and reopened.
func mrkdwnChunks(md string, limit int) []string {
	var pieces []piece
	for _, u := range mdUnits(md) {
		var ps []piece
		if u.code {
			ps = splitCode(u.text, limit)
		} else {
			ps = splitPara(u.text, limit)
		}
		if len(ps) > 0 && len(pieces) > 0 {
			ps[0].sep = "\n\n"
		}
		pieces = append(pieces, ps...)
	}
	var out []string
	var cur strings.Builder
	curSize := 0
	for _, p := range pieces {
		n := size(p.text)
		if curSize > 0 && curSize+size(p.sep)+n <= limit {
			cur.WriteString(p.sep)
			cur.WriteString(p.text)
			curSize += size(p.sep) + n
			continue
		}
		if curSize > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
		cur.WriteString(p.text)
		curSize = n
	}
	if curSize > 0 {
		out = append(out, cur.String())
	}
	return out
}

// splitCode cuts a code block at line ends (or, for an over-long line, at
// characters) into fenced pieces of at most limit.
func splitCode(code string, limit int) []piece {
	if b := codeBlock(code); size(b) <= limit {
		return []piece{{text: b}}
	}
	room := limit - size(codeBlock(""))
	var out []piece
	var cur []string
	curSize := 0
	emit := func() {
		if len(cur) > 0 {
			out = append(out, piece{text: codeBlock(strings.Join(cur, "\n")), sep: "\n"})
			cur, curSize = nil, 0
		}
	}
	for _, line := range strings.Split(code, "\n") {
		for line != "" && size(escape(line)) > room {
			emit()
			cut := cutEscaped(line, room)
			out = append(out, piece{text: codeBlock(line[:cut]), sep: "\n"})
			line = line[cut:]
		}
		n := size(escape(line))
		if curSize > 0 && curSize+1+n > room {
			emit()
		}
		if len(cur) > 0 {
			curSize++
		}
		cur = append(cur, line)
		curSize += n
	}
	emit()
	if len(out) > 0 {
		out[0].sep = ""
	}
	return out
}

// cutEscaped returns the largest rune-boundary offset (at least one rune)
// whose escaped prefix has size at most n.
func cutEscaped(s string, n int) int {
	used := 0
	for i, r := range s {
		w := size(escape(string(r)))
		if used+w > n && i > 0 {
			return i
		}
		used += w
	}
	return len(s)
}

// splitPara converts a paragraph, cutting it when it is over limit: at
// line ends first, then inside a line at sentence, word or character
// boundaries outside any inline markup.
func splitPara(text string, limit int) []piece {
	if m := mrkdwnLines(text); size(m) <= limit {
		return []piece{{text: m}}
	}
	var out []piece
	for _, line := range strings.Split(text, "\n") {
		ps := splitLine(line, limit)
		if len(ps) > 0 {
			ps[0].sep = "\n"
		}
		out = append(out, ps...)
	}
	if len(out) > 0 {
		out[0].sep = ""
	}
	return out
}

// splitLine cuts one Markdown line into converted pieces of at most limit.
func splitLine(line string, limit int) []piece {
	if m := mrkdwnLine(line); size(m) <= limit {
		return []piece{{text: m}}
	}
	var spans [][2]int
	inline(line, inlineOpts{spans: &spans})
	inside := func(i int) bool {
		for _, sp := range spans {
			if i > sp[0] && i < sp[1] {
				return true
			}
		}
		return false
	}
	var out []piece
	first := true
	conv := func(s string) string {
		if first {
			return mrkdwnLine(s)
		}
		return inline(strings.TrimSpace(s), inlineOpts{})
	}
	start := 0
	for start < len(line) {
		rest := line[start:]
		if m := conv(rest); size(m) <= limit {
			out = append(out, piece{text: m, sep: " "})
			break
		}
		fits := func(c int) bool { return size(conv(rest[:c])) <= limit }
		cut := 0
		for _, cands := range [][]int{sentenceEnds(rest), wordEnds(rest), runeEnds(rest)} {
			if cut = lastFit(cands, func(c int) bool { return !inside(start + c) }, fits); cut > 0 {
				break
			}
		}
		if cut == 0 { // one construct is bigger than a text object: cut it
			cut = lastFit(runeEnds(rest), func(int) bool { return true }, fits)
		}
		if cut == 0 {
			_, cut = utf8.DecodeRuneInString(rest)
		}
		sep := " "
		if !strings.HasPrefix(rest[cut:], " ") && !strings.HasSuffix(rest[:cut], " ") {
			sep = ""
		}
		if m := conv(rest[:cut]); m != "" {
			out = append(out, piece{text: m, sep: sep})
		}
		first = false
		start += cut
		for start < len(line) && line[start] == ' ' {
			start++
		}
	}
	if len(out) > 0 {
		out[0].sep = ""
	}
	return out
}

// lastFit returns the largest candidate allowed by ok for which fits
// holds, by binary search (a longer prefix never converts shorter by more
// than a few markers, and the answer is checked), or 0.
func lastFit(cands []int, ok, fits func(int) bool) int {
	var cs []int
	for _, c := range cands {
		if ok(c) {
			cs = append(cs, c)
		}
	}
	lo, hi, best := 0, len(cs)-1, 0
	for lo <= hi {
		mid := (lo + hi) / 2
		if fits(cs[mid]) {
			best, lo = cs[mid], mid+1
		} else {
			hi = mid - 1
		}
	}
	return best
}

// sentenceEnds lists byte offsets just after a sentence: after . ! ? ;
// followed by a space, or after a CJK full stop, exclamation or question
// mark.
func sentenceEnds(s string) []int {
	var out []int
	for i, r := range s {
		end := i + utf8.RuneLen(r)
		switch r {
		case '.', '!', '?', ';', ':':
			if end < len(s) && s[end] == ' ' {
				out = append(out, end)
			}
		case '。', '！', '？', '；', '…':
			if end < len(s) {
				out = append(out, end)
			}
		}
	}
	return out
}

// wordEnds lists byte offsets of spaces, and between CJK characters,
// where a line may break.
func wordEnds(s string) []int {
	var out []int
	for i, r := range s {
		if i > 0 && (r == ' ' || unicode.Is(unicode.Han, r)) {
			out = append(out, i)
		}
	}
	return out
}

// runeEnds lists every rune boundary inside s.
func runeEnds(s string) []int {
	var out []int
	for i := range s {
		if i > 0 {
			out = append(out, i)
		}
	}
	return out
}
