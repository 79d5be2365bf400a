package knowledge

import (
	"strings"
	"testing"
)

// split joins what splitCode gives prose and code, each piece followed
// by "|".
func split(s string) (prose, code string) {
	var p, c strings.Builder
	splitCode(s, func(t string) { p.WriteString(t + "|") }, func(t string) { c.WriteString(t + "|") })
	return p.String(), c.String()
}

func TestSplitCode(t *testing.T) {
	tests := []struct{ in, prose, code string }{
		{"no code here", "no code here|", ""},
		{"See also: `du`.", "See also: |.|", "du|"},
		{"Run `tar xf {{path/to/file.tar}}` now", "Run |path/to/file.tar| now|", "tar xf ||"},
		{"```sh\nls -l\n```\nafter", "|\nafter|", "sh\nls -l\n|"},
		{"a `` b ` c `` d", "a | d|", " b ` c |"},
		{"unclosed `tick here", "unclosed `tick here|", ""},
		{"`{{unclosed` x", "| x|", "{{unclosed|"},
		{"`a {{x}} b {{y}}`", "|x|y||", "a | b ||"},
	}
	for _, tt := range tests {
		prose, code := split(tt.in)
		if prose != tt.prose || code != tt.code {
			t.Errorf("splitCode(%q): prose %q, code %q; want %q, %q", tt.in, prose, code, tt.prose, tt.code)
		}
	}
}

func FuzzSplitCode(f *testing.F) {
	for _, s := range []string{"See also: `du`.", "```sh\nls\n```", "`a {{x}} b`", "`` ` ``", "{{`}}`"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var n int
		count := func(t string) { n += len(t) }
		splitCode(s, count, count)
		if !strings.Contains(s, "`") {
			var p strings.Builder
			splitCode(s, func(t string) { p.WriteString(t) }, func(string) { p.WriteString("<code>") })
			if p.String() != s {
				t.Fatalf("splitCode(%q) changed text without code: %q", s, p.String())
			}
		}
		// Only backticks and braces of placeholders are dropped.
		if n > len(s) || n < len(s)-strings.Count(s, "`")-strings.Count(s, "{")-strings.Count(s, "}") {
			t.Fatalf("splitCode(%q) passed on %d bytes", s, n)
		}
	})
}
