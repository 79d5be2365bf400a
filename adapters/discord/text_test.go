package discord

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestUnitsAndCut(t *testing.T) {
	tests := []struct {
		s     string
		units int
		cut3  string
	}{
		{"abcd", 4, "abc"},
		{"中文字符", 4, "中文字"},
		{"a😀b", 4, "a😀"}, // the emoji is 2 UTF-16 units
		{"😀😀", 4, "😀"},   // never half an emoji
		{"", 0, ""},
	}
	for _, tt := range tests {
		if got := units(tt.s); got != tt.units {
			t.Errorf("units(%q) = %d; want %d", tt.s, got, tt.units)
		}
		if got := cut(tt.s, 3); got != tt.cut3 {
			t.Errorf("cut(%q, 3) = %q; want %q", tt.s, got, tt.cut3)
		}
	}
}

func TestTrim(t *testing.T) {
	tests := []struct {
		name string
		s    string
		max  int
		want string
	}{
		{"fits", "Short text.", 20, "Short text."},
		{"latin sentence", "First sentence here. Second one is long enough to cut.", 40, "First sentence here.…"},
		{"chinese sentence", "第一句话说完了。第二句话比较长需要被截断的部分在这里", 14, "第一句话说完了。…"},
		{"no dot inside a number", "Version 1.5 is the one we use today for everything", 30, "Version 1.5 is the one we…"},
		{"word boundary", "alpha beta gamma delta epsilon zeta", 20, "alpha beta gamma…"},
		{"no boundary at all", "一二三四五六七八九十一二三四五六七八九十", 10, "一二三四五六七八九…"},
		{"emoji never split", "😀😀😀😀😀😀", 6, "😀😀…"},
		{"open code fence closed", "Run this:\n```\nmake build\nmake test\nmake deploy\n```", 30, "Run this:\n```\nmake build…\n```"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := trim(tt.s, tt.max)
			if got != tt.want {
				t.Errorf("trim(%q, %d) = %q; want %q", tt.s, tt.max, got, tt.want)
			}
			if units(got) > tt.max {
				t.Errorf("trim(%q, %d) has %d units; want at most %d", tt.s, tt.max, units(got), tt.max)
			}
		})
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"hi @everyone", "hi @\u200beveryone"},
		{"@here now", "@\u200bhere now"},
		{"ask <@123> or <@!123> or <@&9>", "ask <\u200b@123> or <\u200b@!123> or <\u200b@&9>"},
		{"see <#42>", "see <\u200b#42>"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"plain", "plain"},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestEscape(t *testing.T) {
	if got, want := escape("*bold* _it_ [x](y) `c` > q"), `\*bold\* \_it\_ \[x\](y) \`+"`"+`c\`+"`"+` \> q`; got != want {
		t.Errorf("escape = %q; want %q", got, want)
	}
}

func TestMarkdown(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"atx heading", "# Title\n\ntext", "**Title**\n\ntext"},
		{"closed heading", "### Setup ###", "**Setup**"},
		{"setext heading", "Title\n=====\n\ntext", "**Title**\n\ntext"},
		{"rule", "a\n\n---\n\nb", "a\n\nb"},
		{"absolute link kept", "see [docs](https://x.example/a)", "see [docs](https://x.example/a)"},
		{"relative link to text", "see [other page](../other.md#x)", "see other page"},
		{"image to link", "![plan](https://x.example/p.png)", "[plan](https://x.example/p.png)"},
		{"relative image to alt", "![plan](img/p.png)", "plan"},
		{"comment dropped", "a <!-- secret\nnote --> b", "a  b"},
		{"br", "a<br>b<br/>c", "a\nb\nc"},
		{"table to code", "| a | b |\n|---|---|\n| 1 | 2 |\nafter", "```\n| a | b |\n|---|---|\n| 1 | 2 |\n```\nafter"},
		{"code kept", "```go\n# not a heading\n[x](y)\n```", "```go\n# not a heading\n[x](y)\n```"},
		{"unclosed code closed", "```\ncode", "```\ncode\n```"},
		{"tilde fence", "~~~\nx\n~~~", "```\nx\n```"},
		{"mentions broken", "ping @everyone and <@1>", "ping @\u200beveryone and <\u200b@1>"},
		{"blank lines collapsed", "a\n\n\n\nb", "a\n\nb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := markdown(tt.in); got != tt.want {
				t.Errorf("markdown(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWebURL(t *testing.T) {
	tests := []struct {
		u    string
		want bool
	}{
		{"https://docs.example.com/a#b", true},
		{"http://x", true},
		{"javascript:alert(1)", false},
		{"docs/a.md", false},
		{"", false},
		{"https://" + strings.Repeat("a", 3000), false},
	}
	for _, tt := range tests {
		if got := webURL(tt.u); got != tt.want {
			t.Errorf("webURL(%.40q) = %v; want %v", tt.u, got, tt.want)
		}
	}
}

func TestLinkURL(t *testing.T) {
	tests := []struct{ u, want string }{
		{"https://docs.example.com/a#b", "https://docs.example.com/a#b"},
		{"https://wiki.example.com/My Page#Before you start", "https://wiki.example.com/My%20Page#Before%20you%20start"},
		{"https://wiki.example.com/a?q=a b&x=<1>", "https://wiki.example.com/a?q=a%20b&x=%3C1%3E"},
		{"https://wiki.example.com/文档#安全", "https://wiki.example.com/%E6%96%87%E6%A1%A3#%E5%AE%89%E5%85%A8"},
		{"https://wiki.example.com/a%20b", "https://wiki.example.com/a%20b"},
		{"HTTPS://docs.example.com", "HTTPS://docs.example.com"},
		{"javascript:alert(1)", ""},
		{"docs/a b.md", ""},
		{"https://wiki.example.com/" + strings.Repeat(" ", 1000), ""}, // over 2,048 once escaped
	}
	for _, tt := range tests {
		if got := linkURL(tt.u); got != tt.want {
			t.Errorf("linkURL(%.60q) = %.60q; want %.60q", tt.u, got, tt.want)
		}
	}
}

func FuzzTrim(f *testing.F) {
	for _, s := range []string{"Hello. World.", "中文。句子！", "😀😀", "```\ncode", "a b c"} {
		f.Add(s, 5)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		if max < 8 || max > 5000 {
			return
		}
		s = strings.ToValidUTF8(s, "?")
		got := trim(s, max)
		if units(got) > max {
			t.Fatalf("trim(%q, %d) = %q: %d units", s, max, got, units(got))
		}
		if !utf8.ValidString(got) {
			t.Fatalf("trim(%q, %d) = %q: invalid UTF-8", s, max, got)
		}
		if units(s) <= max && got != s {
			t.Fatalf("trim(%q, %d) = %q: changed text that fits", s, max, got)
		}
	})
}

func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{"# a\n| t |\n```\nx", "[a](b) ![c](http://d)", "x\n===", "<!-- a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := markdown(s)
		if !utf8.ValidString(got) {
			t.Fatalf("markdown(%q) = %q: invalid UTF-8", s, got)
		}
		if strings.Contains(got, "@everyone") || strings.Contains(got, "<@") {
			t.Fatalf("markdown(%q) = %q: a mention survived", s, got)
		}
	})
}
