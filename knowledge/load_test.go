package knowledge

import (
	"encoding/binary"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf16"
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

// TestWindowsLineEnds: a file saved with CRLF line ends loads as the same
// file with LF ones: no "\r" left in titles or text, the same lines.
func TestWindowsLineEnds(t *testing.T) {
	tests := []struct{ name, text string }{
		{"markdown", "---\ntitle: Deploys\n---\nIntro.\n\n# Deploy\n\nRun it:\n\n```sh\n./deploy.sh\n```\n\nThen check.\n\nSetext\n------\n\n- a\n- b\n"},
		{"plain text", "Deploy\n======\n\nRun it.\n\nThen check.\n\n1. Rollback\n\nUndo it.\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			name := "doc.md"
			if tc.name == "plain text" {
				name = "doc.txt"
			}
			lf := loadFS(t, fstest.MapFS{name: {Data: []byte(tc.text)}}, Options{})
			crlf := loadFS(t, fstest.MapFS{name: {Data: []byte(strings.ReplaceAll(tc.text, "\n", "\r\n"))}}, Options{})
			want, got := lf.Sections(), crlf.Sections()
			if len(got) != len(want) {
				t.Fatalf("got %d sections; want %d", len(got), len(want))
			}
			for i := range want {
				if got[i].Title != want[i].Title || got[i].Body != want[i].Body || got[i].Line != want[i].Line {
					t.Errorf("section %d: got %q %q line %d; want %q %q line %d", i, got[i].Title, got[i].Body, got[i].Line, want[i].Title, want[i].Body, want[i].Line)
				}
			}
		})
	}
	// Bad bytes are still found at their line.
	b := loadFS(t, fstest.MapFS{"menu.txt": {Data: []byte("Menu\r\n\r\nCaf\xe9 au lait\r\n")}}, Options{})
	if w := b.Warnings(); len(w) != 1 || w[0].Line != 3 || !strings.Contains(w[0].Msg, "invalid UTF-8") {
		t.Errorf("got warnings %v; want invalid UTF-8 at line 3", w)
	}
}

// TestUTF16: a file saved as UTF-16 with a byte order mark (Windows
// Notepad's "Unicode") loads as its text, not as a binary file.
func TestUTF16(t *testing.T) {
	const text = "# 请假 Leave\r\n\r\nAsk your manager 😀 first.\r\n"
	tests := []struct {
		name string
		data []byte
	}{
		{"little-endian", encodeUTF16(text, binary.LittleEndian)},
		{"big-endian", encodeUTF16(text, binary.BigEndian)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := loadFS(t, fstest.MapFS{"leave.md": {Data: tc.data}}, Options{})
			if w := b.Warnings(); len(w) != 0 {
				t.Errorf("got warnings %v; want none", w)
			}
			s := b.Sections()
			if len(s) != 1 || s[0].Title != "请假 Leave" || s[0].Body != "Ask your manager 😀 first." {
				t.Fatalf("got sections %+v; want one titled 请假 Leave", s)
			}
		})
	}
}

// encodeUTF16 is text as Windows saves it as "Unicode": UTF-16 in order,
// after a byte order mark.
func encodeUTF16(text string, order binary.AppendByteOrder) []byte {
	out := order.AppendUint16(nil, 0xfeff)
	for _, u := range utf16.Encode([]rune(text)) {
		out = order.AppendUint16(out, u)
	}
	return out
}
