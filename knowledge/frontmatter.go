package knowledge

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Front matter: the optional YAML (or TOML) block at the top of a
// Markdown file, read field by field when it does not parse whole.

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
func splitFrontMatter(src string) (fm frontMatter, rest string, lines int, warns []fmWarning) {
	first, _, ok := strings.Cut(src, "\n")
	delim := strings.TrimRight(first, " \t\r") // blanks after it too, as Jekyll and GitHub allow
	if !ok || delim != "---" && delim != "+++" {
		return fm, src, 0, nil
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
				return frontMatter{}, src, 0, nil
			}
			if err := yaml.Unmarshal([]byte(block), &fm); err != nil {
				msg, line := yamlErr(err)
				if _, ok := errors.AsType[*yaml.TypeError](err); ok {
					return fm, rest, lines, []fmWarning{{line, "front matter field of the wrong type, left out: " + msg}}
				}
				fm, bads := fieldByField(block)
				// yaml named no line, or one before the first field left
				// out (it names where an unclosed '[' or quote opened the
				// mapping): the field left out's line
				if len(bads) > 0 && line < bads[0].start+1 {
					line = bads[0].start + 1 // the block starts on the file's line 2
					msg = yamlLine.ReplaceAllString(msg, "line "+strconv.Itoa(line)+":")
				}
				warns = []fmWarning{{line, "front matter is not valid YAML (its valid fields kept): " + msg}}
				// Fields of the wrong type left out with it (tour: first)
				// are said too, each at its line.
				for _, b := range bads {
					if _, ok := errors.AsType[*yaml.TypeError](b.err); ok && b.start+1 != line {
						m, l := yamlErrAt(b.err, b.start)
						warns = append(warns, fmWarning{l, "front matter field of the wrong type, left out: " + m})
					}
				}
				return fm, rest, lines, warns
			}
			return fm, rest, lines, nil
		}
		pos += end + 1
	}
	// No closing line: not front matter after all (a thematic break).
	return fm, src, 0, nil
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

// badField is a front matter field left out: the block's line (from 1)
// where it starts, and why.
type badField struct {
	start int
	err   error
}

// fieldByField reads the fields of a front matter block that is not
// valid YAML one at a time, so that one bad field ("owner: @team",
// "title: Leave: how to ask") does not lose the others. A field is a
// line at the left margin and the indented or "- " lines under it. It
// returns the fields left out, in order.
func fieldByField(block string) (fm frontMatter, bad []badField) {
	var field []string
	start := 1 // the field's first line in the block
	flush := func() {
		if len(field) > 0 {
			var one frontMatter
			if err := yaml.Unmarshal([]byte(strings.Join(field, "\n")), &one); err == nil {
				fm.merge(one)
			} else {
				bad = append(bad, badField{start, err})
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
func yamlErr(err error) (string, int) { return yamlErrAt(err, 1) }

// yamlErrAt is yamlErr for YAML whose first line is the file's line
// offset+1.
func yamlErrAt(err error, offset int) (string, int) {
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
					first = n + offset
				}
				return strconv.Itoa(n + offset)
			})
		})
		out = append(out, l)
	}
	return strings.Join(out, "; "), max(first, 1)
}
