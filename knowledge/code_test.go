package knowledge

import (
	"strings"
	"testing"
)

func TestSplitCode(t *testing.T) {
	tests := []struct{ in, prose, code string }{
		{"no code here", "no code here", ""},
		{"See also: `du`.", "See also:  .", "du\n"},
		{"Run `tar xf {{path/to/file.tar}}` now", "Run  path/to/file.tar  now", "tar xf  \n"},
		{"```sh\nls -l\n```\nafter", " \nafter", "sh\nls -l\n\n"},
		{"a `` b ` c `` d", "a   d", " b ` c \n"},
		{"unclosed `tick here", "unclosed `tick here", ""},
		{"`{{unclosed` x", "  x", "{{unclosed\n"},
		{"`a {{x}} b {{y}}`", " x y ", "a   b  \n"},
	}
	for _, tt := range tests {
		prose, code := splitCode(tt.in)
		if prose != tt.prose || code != tt.code {
			t.Errorf("splitCode(%q) = %q, %q; want %q, %q", tt.in, prose, code, tt.prose, tt.code)
		}
	}
}

func FuzzSplitCode(f *testing.F) {
	for _, s := range []string{"See also: `du`.", "```sh\nls\n```", "`a {{x}} b`", "`` ` ``", "{{`}}`"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prose, code := splitCode(s)
		if !strings.Contains(s, "`") && (prose != s || code != "") {
			t.Fatalf("splitCode(%q) = %q, %q; want the text unchanged", s, prose, code)
		}
		// Every byte goes to one side; each span adds a space and a newline.
		spans := strings.Count(code, "\n")
		if len(prose)+len(code) > len(s)+3*spans+1 {
			t.Fatalf("splitCode(%q) = %q, %q: longer than the input allows", s, prose, code)
		}
	})
}
