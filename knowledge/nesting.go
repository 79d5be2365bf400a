package knowledge

import "strings"

// maxNesting is how deep Markdown quotes and lists may nest: a file of
// thousands of levels takes the Markdown parser minutes and gigabytes,
// as the square of the depth. Files smaller than nestingCheckSize are not
// checked: they cannot nest deep enough to take more than a tenth of a
// second.
const (
	maxNesting       = 100
	nestingCheckSize = 8 << 10
)

// deepNesting returns the first line of text, outside fenced code, that
// opens more than maxNesting quote or list levels ("> > > …", "- - - …",
// "1. 1. …", or indentation past 4 × maxNesting), or 0. Fences follow
// CommonMark's rules closely enough never to hide nesting the Markdown
// parser sees: a fence closes only with a run of its own character at
// least as long, and a fence opened indented ends with the first line
// indented less (the list item it was in ended).
func deepNesting(text string) int {
	var open fence
	line := 0
	for rest := text; rest != ""; {
		var l string
		l, rest, _ = strings.Cut(rest, "\n")
		l = strings.TrimSuffix(l, "\r")
		line++
		t := strings.TrimLeft(l, " ")
		indent := len(l) - len(t)
		if open.n > 0 {
			switch {
			case t != "" && indent < open.indent:
				open = fence{} // the container the fence was in ended; l is checked below
			case indent < 4 && open.closedBy(t):
				open = fence{}
				continue
			default:
				continue
			}
		}
		if f, ok := openFence(t); ok && indent < 4 {
			f.indent = indent
			open = f
			continue
		}
		if nestingOf(l) > maxNesting {
			return line
		}
	}
	return 0
}

// fence is an open fenced code block: its character, run length and
// indentation.
type fence struct {
	char      byte
	n, indent int
}

// openFence reports whether t (a line without its indentation) opens a
// fenced code block: three or more backticks or tildes, and for
// backticks no backtick in the info string after them.
func openFence(t string) (fence, bool) {
	if t == "" || (t[0] != '`' && t[0] != '~') {
		return fence{}, false
	}
	n := 0
	for n < len(t) && t[n] == t[0] {
		n++
	}
	if n < 3 || (t[0] == '`' && strings.IndexByte(t[n:], '`') >= 0) {
		return fence{}, false
	}
	return fence{char: t[0], n: n}, true
}

// closedBy reports whether t (a line without its indentation) closes f:
// a run of f's character at least as long, then only spaces or tabs.
func (f fence) closedBy(t string) bool {
	n := 0
	for n < len(t) && t[n] == f.char {
		n++
	}
	return n >= f.n && strings.Trim(t[n:], " \t") == ""
}

// nestingOf counts the quote and list markers that open line l, with
// each four columns of indentation as one level.
func nestingOf(l string) int {
	depth, indent := 0, 0
	for i := 0; i < len(l); {
		switch c := l[i]; {
		case c == ' ':
			indent++
		case c == '\t':
			indent += 4
		case c == '>':
			depth++
		case (c == '-' || c == '*' || c == '+') && i+1 < len(l) && (l[i+1] == ' ' || l[i+1] == '\t'):
			depth++
		case '0' <= c && c <= '9':
			j := i
			for j < len(l) && j-i < 9 && '0' <= l[j] && l[j] <= '9' {
				j++
			}
			if j+1 >= len(l) || (l[j] != '.' && l[j] != ')') || (l[j+1] != ' ' && l[j+1] != '\t') {
				return depth + indent/4
			}
			depth++
			i = j // the marker's last character is skipped below
		default:
			return depth + indent/4
		}
		i++
	}
	return depth + indent/4
}
