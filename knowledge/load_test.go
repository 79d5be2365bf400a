package knowledge

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestDeepNesting(t *testing.T) {
	tests := []struct {
		name, text string
		line       int
	}{
		{"ordinary", "# A\n\n> quote\n> > nested\n\n- a\n  - b\n", 0},
		{"quotes", "x\n" + strings.Repeat(">", maxNesting+1) + " deep\n", 2},
		{"spaced quotes", strings.Repeat("> ", maxNesting+1) + "deep", 1},
		{"list markers", "a\nb\n" + strings.Repeat("- ", maxNesting+1) + "x\n", 3},
		{"indentation", strings.Repeat(" ", 4*maxNesting+1) + "- x\n", 1},
		{"at the limit", strings.Repeat(">", maxNesting) + " ok\n", 0},
		{"dashes in text", "a - b - c\n---\n", 0},
		{"ordered list markers", "a\n" + strings.Repeat("1. ", maxNesting+1) + "x\n", 2},
		{"ordered, parenthesis", strings.Repeat("12) ", maxNesting+1), 1},
		{"numbers in text", "1.5 million\n2024. A year\n", 0},
		{"in fenced code", "```\n" + strings.Repeat(">", 3*maxNesting) + "\n```\n", 0},
		{"after fenced code", "~~~sh\n~~~\n" + strings.Repeat(">", 3*maxNesting) + "\n", 3},
		// Fences that do not hide what the Markdown parser sees as nesting.
		{"closed by a shorter run", "````\n```\n````\n" + strings.Repeat("> ", 2*maxNesting) + "\n", 4},
		{"fence in a list item", "- a\n  ```\n" + strings.Repeat("> ", 2*maxNesting) + "\n", 3},
		{"backtick in the info string", "```a`b\n" + strings.Repeat("> ", 2*maxNesting) + "\n", 2},
		{"closing line with text", "```\n``` x\n" + strings.Repeat(">", 2*maxNesting) + "\n```\n", 0},
		{"crlf", "a\r\n" + strings.Repeat(">", 2*maxNesting) + "\r\n", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := deepNesting(tc.text); got != tc.line {
				t.Errorf("deepNesting = %d; want %d", got, tc.line)
			}
		})
	}
	// Such a file is read as plain text, with a warning at that line.
	deep := "# Title\n\n" + strings.Repeat(">", 3*maxNesting) + " deep words\n" + strings.Repeat("more words\n", nestingCheckSize/10)
	b := loadFS(t, fstest.MapFS{"deep.md": {Data: []byte(deep)}}, Options{})
	w := b.Warnings()
	if len(w) != 1 || w[0].Line != 3 || !strings.Contains(w[0].Msg, "read as plain text") || len(b.Sections()) == 0 {
		t.Errorf("warnings %v, %d sections; want one warning at line 3 and the text loaded", w, len(b.Sections()))
	}
}
