package discord

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Discord's limits, in characters (counted here as UTF-16 code units, which
// is never less than the character count, so a string that fits by this
// measure fits by Discord's).
const (
	maxContent     = 2000
	maxTitle       = 256
	maxDescription = 4096
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFooter      = 2048
	maxEmbedTotal  = 6000
	maxCustomID    = 100
	maxLabel       = 80
	maxChoice      = 100 // autocomplete choice name and value; select option label, value, description
	maxURL         = 2048
)

// units returns the length of s as Discord counts it at most: UTF-16 code
// units.
func units(s string) int {
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

// cut returns the longest prefix of s of at most max units, ending on a
// rune boundary.
func cut(s string, max int) string {
	if max <= 0 {
		return ""
	}
	n := 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if n+w > max {
			return s[:i]
		}
		n += w
	}
	return s
}

// ellipsis is appended to text cut short.
const ellipsis = "…"

// trim returns s when it fits in max units; otherwise s cut at the last
// sentence boundary (else word boundary, else character) in the second half
// of what fits, followed by an ellipsis. It never cuts inside a character,
// and closes a code fence left open by the cut.
func trim(s string, max int) string {
	if units(s) <= max {
		return s
	}
	room := max - units(ellipsis)
	fenced := strings.Contains(s, "```")
	if fenced {
		room -= units("\n```")
	}
	p := cut(s, room)
	p = p[:boundary(s, p)]
	p = strings.TrimRightFunc(p, unicode.IsSpace) + ellipsis
	if fenced && strings.Count(p, "```")%2 == 1 {
		p += "\n```"
	}
	return p
}

// boundary returns the byte length of the best place to cut prefix p of s:
// just after the last sentence end in p's second half, else at its last
// space, else len(p).
func boundary(s, p string) int {
	half := len(p) / 2
	sentence, space := -1, -1
	for i, r := range p {
		end := i + utf8.RuneLen(r)
		switch r {
		case '。', '！', '？', '；', '…', '\n':
			sentence = end
		case '.', '!', '?':
			// A Latin sentence ends only before a space (or the end of s).
			if end == len(s) {
				sentence = end
			} else if end < len(s) {
				next, _ := utf8.DecodeRuneInString(s[end:])
				if unicode.IsSpace(next) {
					sentence = end
				}
			}
		}
		if unicode.IsSpace(r) {
			space = i
		}
	}
	switch {
	case sentence >= half && sentence > 0:
		return sentence
	case space >= half && space > 0:
		return space
	}
	return len(p)
}

// clean makes untrusted text safe to show: valid UTF-8, and no mention
// syntax (@everyone, @here, <@id>, <@&role>, <#channel>) left intact, so it
// shows as text and can never ping anyone even where mentions are parsed.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return mentionBreaker.Replace(s)
}

const zwsp = "\u200b"

var mentionBreaker = strings.NewReplacer(
	"@everyone", "@"+zwsp+"everyone",
	"@here", "@"+zwsp+"here",
	"<@", "<"+zwsp+"@",
	"<#", "<"+zwsp+"#",
)

// escape makes untrusted plain text (a title, a path) show literally where
// Discord parses Markdown.
func escape(s string) string {
	return mdEscaper.Replace(clean(s))
}

var mdEscaper = strings.NewReplacer(
	`\`, `\\`, `*`, `\*`, `_`, `\_`, "`", "\\`", `~`, `\~`, `|`, `\|`,
	`>`, `\>`, `[`, `\[`, `]`, `\]`, `#`, `\#`, `-`, `\-`,
)

// oneLine folds runs of white space, newlines included, into single spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// webURL reports whether u is an absolute http(s) URL Discord accepts as a
// link.
func webURL(u string) bool {
	if u == "" || len(u) > maxURL {
		return false
	}
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != ""
}

// linkURL returns u as an embed's link: an absolute http(s) URL with the
// bytes Discord refuses in one (white space, controls, quotes, angle
// brackets, non-ASCII) percent-encoded after the host, or "" when u is no
// such URL. Discord rejects a whole message whose embed URL holds a space,
// and a front matter url may.
func linkURL(u string) string {
	if !webURL(u) {
		return ""
	}
	scheme, rest, _ := strings.Cut(u, "://")
	host := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		host = rest[:i]
	}
	var b strings.Builder
	b.WriteString(scheme + "://" + host)
	for i := len(host); i < len(rest); i++ {
		c := rest[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("\"<>\\^`{|}", c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	if b.Len() > maxURL {
		return ""
	}
	return b.String()
}

var (
	reComment = regexp.MustCompile(`(?s)<!--.*?-->`)
	reBreak   = regexp.MustCompile(`(?i)<br\s*/?>`)
	reHeading = regexp.MustCompile(`^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$`)
	reRule    = regexp.MustCompile(`^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$`)
	reSetext  = regexp.MustCompile(`^ {0,3}(?:=+|-+)[ \t]*$`)
	reImage   = regexp.MustCompile(`!\[([^\]\n]*)\]\(([^)\s]*)(?:[ \t]+"[^"\n]*")?\)`)
	reLink    = regexp.MustCompile(`\[([^\]\n]+)\]\(([^)\s]*)(?:[ \t]+"[^"\n]*")?\)`)
	reFence   = regexp.MustCompile("^ {0,3}(```|~~~)")
)

// markdown turns a section's Markdown into the Markdown Discord renders in
// an embed: headings become bold lines, images and relative links become
// their text, tables become code blocks, HTML comments go, and mention
// syntax is broken so it shows as text. Code blocks are kept as they are.
func markdown(s string) string {
	s = reComment.ReplaceAllString(s, "")
	s = reBreak.ReplaceAllString(s, "\n")
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	var out []string
	inFence, inTable := false, false
	for i, line := range lines {
		if m := reFence.FindStringSubmatch(line); m != nil {
			if inTable {
				out = append(out, "```")
				inTable = false
			}
			inFence = !inFence
			out = append(out, "```"+strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "`~")))
			continue
		}
		if inFence {
			out = append(out, line)
			continue
		}
		table := strings.HasPrefix(strings.TrimSpace(line), "|")
		if table != inTable {
			out = append(out, "```")
			inTable = table
		}
		if table {
			out = append(out, strings.TrimSpace(line))
			continue
		}
		switch {
		case reHeading.MatchString(line):
			t := reHeading.FindStringSubmatch(line)[1]
			line = "**" + strings.TrimSpace(t) + "**"
		case reSetext.MatchString(line) && i > 0 && len(out) > 0 && strings.TrimSpace(lines[i-1]) != "" &&
			!strings.HasPrefix(out[len(out)-1], "**"):
			out[len(out)-1] = "**" + strings.TrimSpace(out[len(out)-1]) + "**"
			continue
		case reRule.MatchString(line):
			line = ""
		}
		line = reImage.ReplaceAllStringFunc(line, func(m string) string {
			sub := reImage.FindStringSubmatch(m)
			if webURL(sub[2]) && sub[1] != "" {
				return "[" + sub[1] + "](" + sub[2] + ")"
			}
			return sub[1]
		})
		line = reLink.ReplaceAllStringFunc(line, func(m string) string {
			sub := reLink.FindStringSubmatch(m)
			if webURL(sub[2]) {
				return m
			}
			return sub[1]
		})
		out = append(out, line)
	}
	if inTable || inFence {
		out = append(out, "```")
	}
	return clean(collapseBlank(strings.TrimSpace(strings.Join(out, "\n"))))
}

// collapseBlank keeps at most one blank line in a row.
func collapseBlank(s string) string {
	for strings.Contains(s, "\n\n\n") {
		s = strings.ReplaceAll(s, "\n\n\n", "\n\n")
	}
	return s
}
