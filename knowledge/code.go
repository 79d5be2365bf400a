package knowledge

import "strings"

// splitCode separates Markdown text into prose and code: inline code
// spans and fenced blocks (any run of backticks up to the same run) go to
// code, each followed by a newline, and leave a space in prose. Template
// placeholders in code ({{path/to/file}}) go to prose: they describe what
// the reader fills in, they are not what the code runs.
func splitCode(s string) (prose, code string) {
	if !strings.Contains(s, "`") {
		return s, ""
	}
	var p, c strings.Builder
	p.Grow(len(s))
	for {
		i := strings.IndexByte(s, '`')
		if i < 0 {
			p.WriteString(s)
			break
		}
		n := 1
		for i+n < len(s) && s[i+n] == '`' {
			n++
		}
		j := strings.Index(s[i+n:], s[i:i+n])
		if j < 0 { // unclosed: the rest is prose
			p.WriteString(s)
			break
		}
		p.WriteString(s[:i])
		p.WriteByte(' ')
		splitPlaceholders(&c, &p, s[i+n:i+n+j])
		c.WriteByte('\n')
		s = s[i+n+j+n:]
	}
	return p.String(), c.String()
}

// splitPlaceholders writes code to c and its {{…}} parts to p.
func splitPlaceholders(c, p *strings.Builder, code string) {
	for {
		i := strings.Index(code, "{{")
		if i < 0 {
			c.WriteString(code)
			return
		}
		j := strings.Index(code[i:], "}}")
		if j < 0 {
			c.WriteString(code)
			return
		}
		c.WriteString(code[:i])
		c.WriteByte(' ')
		p.WriteString(code[i+2 : i+j])
		p.WriteByte(' ')
		code = code[i+j+2:]
	}
}
