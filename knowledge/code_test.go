package knowledge

import "testing"

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
