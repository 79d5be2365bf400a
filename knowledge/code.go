package knowledge

import "strings"

// splitCode walks Markdown text, calling prose for the text outside code
// and code for inline code spans and fenced blocks (any run of backticks
// up to the same run). Template placeholders in code ({{path/to/file}})
// go to prose: they describe what the reader fills in, they are not what
// the code runs. It copies nothing: both get substrings of s.
func splitCode(s string, prose, code func(string)) {
	for {
		i := strings.IndexByte(s, '`')
		if i < 0 {
			break
		}
		n := 1
		for i+n < len(s) && s[i+n] == '`' {
			n++
		}
		j := strings.Index(s[i+n:], s[i:i+n])
		if j < 0 { // unclosed: the rest is prose
			break
		}
		prose(s[:i])
		splitPlaceholders(s[i+n:i+n+j], prose, code)
		s = s[i+n+j+n:]
	}
	prose(s)
}

// splitPlaceholders calls code for c outside its {{…}} parts and prose for
// what is inside them.
func splitPlaceholders(c string, prose, code func(string)) {
	for {
		i := strings.Index(c, "{{")
		if i < 0 {
			break
		}
		j := strings.Index(c[i:], "}}")
		if j < 0 {
			break
		}
		code(c[:i])
		prose(c[i+2 : i+j])
		c = c[i+j+2:]
	}
	code(c)
}
