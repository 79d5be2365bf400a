package knowledge

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

func TestSplitBlocks(t *testing.T) {
	text := "Intro line.\n\n- Count lines:\n\n`wc -l file`\n\n```sh\necho a\n\necho b\n```\n\nLast."
	var got []string
	blocks := splitBlocks(text)
	for i, bl := range blocks {
		end := len(text)
		if i+1 < len(blocks) {
			end = blocks[i+1].start
		}
		got = append(got, strings.TrimSpace(text[bl.start:end]))
	}
	want := []string{"Intro line.", "- Count lines:\n\n`wc -l file`", "```sh\necho a\n\necho b\n```", "Last."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("splitBlocks: got %q; want %q", got, want)
	}
}

func TestFocus(t *testing.T) {
	var page strings.Builder
	page.WriteString("# wc\n\n> Count lines, words, and bytes.\n\n")
	for _, ex := range []string{"Count all words in a file", "Count all bytes in a file", "Count all characters in a file", "Show the length of the longest line", "Count lines in the standard input of a pipeline", "Print the totals of several files", "Count all lines in a file ending in .log, with their names"} {
		page.WriteString("- " + ex + ":\n\n`wc {{path/to/file}}`\n\n")
	}
	b := loadFS(t, fstest.MapFS{"wc.md": {Data: []byte(page.String())}}, Options{})
	wc := b.Sections()[0]
	text := b.FullText(wc)
	tests := []struct {
		q     string
		limit int
		want  string // the text at the focus; "" = the start
	}{
		{"count words", 1000, ""},                        // it all fits
		{"count words", 80, ""},                          // the start is as good as any
		{"longest line length", 80, "- Show the length"}, // an example further down
		{"total of several files", 80, "- Print the totals"},
		{"nothing here matches", 80, ""},
	}
	for _, tt := range tests {
		off := b.Focus(tt.q, "", text, tt.limit)
		if tt.want == "" && off != 0 || tt.want != "" && !strings.HasPrefix(text[off:], tt.want) {
			t.Errorf("Focus(%q, %d) = %d (%.30q); want the text at %q", tt.q, tt.limit, off, text[off:], tt.want)
		}
	}
}

func FuzzSplitBlocks(f *testing.F) {
	for _, s := range []string{"a\n\nb", "- x:\n\n`y`\n\nz", "```\n\n```\n\n", "\n\n\n", "：\n\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		blocks := splitBlocks(s)
		if len(blocks) == 0 || blocks[0].start != 0 {
			t.Fatalf("splitBlocks(%q) = %+v: want a first block at 0", s, blocks)
		}
		n := 0
		for i, bl := range blocks {
			if i > 0 && bl.start <= blocks[i-1].start {
				t.Fatalf("splitBlocks(%q) = %+v: starts not increasing", s, blocks)
			}
			n += bl.runes
		}
		if n != utf8.RuneCountInString(s) {
			t.Fatalf("splitBlocks(%q): blocks hold %d runes; the text %d", s, n, utf8.RuneCountInString(s))
		}
	})
}

// TestFocusHugeSection: past focusScan bytes nothing is read, and the
// offset stays inside the text.
func TestFocusHugeSection(t *testing.T) {
	b := loadFS(t, fstest.MapFS{"a.md": {Data: []byte("# A\n\nalpha\n")}}, Options{})
	para := strings.Repeat("filler words about nothing in particular. ", 20) + "\n\n"
	text := strings.Repeat(para, focusScan/len(para)+10) + "alpha is here at the very end.\n"
	if off := b.Focus("alpha", "", text, 500); off != 0 {
		t.Errorf("Focus past the scan limit = %d; want 0 (not read)", off)
	}
	text = "alpha first.\n\n" + strings.Repeat(para, 10) + "alpha again.\n"
	if off := b.Focus("alpha", "", text, 500); off != 0 {
		t.Errorf("Focus = %d; want 0: the start holds the question", off)
	}
}

func FuzzFocus(f *testing.F) {
	f.Add("printer toner", "Paper.\n\nToner: in the cupboard.\n", 10)
	f.Add("开源 安全", "开源。\n\n```\n安全\n\n```\n\n- 安全:\n\n`x`", 5)
	b, err := Default(context.Background(), Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q, text string, limit int) {
		if !utf8.ValidString(text) {
			t.Skip("section text is valid UTF-8: Load replaces bad bytes")
		}
		off := b.Focus(q, "", text, limit)
		if off < 0 || off > len(text) {
			t.Fatalf("Focus(%q, %q, %d) = %d: outside the text", q, text, limit, off)
		}
		if off > 0 && !utf8.RuneStart(text[off]) {
			t.Fatalf("Focus(%q, %q, %d) = %d: inside a character", q, text, limit, off)
		}
	})
}

func TestFocusNamesOnly(t *testing.T) {
	b := loadFS(t, fstest.MapFS{
		"career.md": {Data: []byte("# Making a Career\n\n## Your First Year\n\nReviews at 3 and 6 months.\n\nA career path later.\n")},
		"安全.md":     {Data: []byte("# 安全性\n\n开源软件的安全性。\n")},
	}, Options{})
	tests := []struct {
		question, title string
		want            bool
	}{
		{"Making a Career", "Making a Career", true},
		{"career making?", "Making a Career", true},
		{"what is making a career", "Making a Career", true}, // question words aside
		{"career reviews", "Making a Career", false},         // asks more than the title
		{"安全性", "安全性", true},
		{"开源的安全性", "安全性", false},
		{"what", "Making a Career", false}, // names nothing
		{"", "Making a Career", false},
	}
	for _, tt := range tests {
		if got := b.namesOnly(b.parseQuery(tt.question), tt.title); got != tt.want {
			t.Errorf("namesOnly(%q, %q) = %v; want %v", tt.question, tt.title, got, tt.want)
		}
	}
}
