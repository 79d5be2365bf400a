package bot

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

var trimCases = []struct {
	name  string
	text  string
	limit int
}{
	{"short", "Short text stays as it is.", 100},
	{"latin_sentences", "The office opens at eight. Doors close at seven in the evening! Are you late? Use the side door with your badge. Security can help after hours.", 90},
	{"latin_question_mark", "Can I bring a guest? Yes, sign them in at reception. Guests need an escort at all times in the lab areas of the building.", 60},
	{"cjk", "在财务系统里提交报销单，附上发票照片。经理审批后，财务在五个工作日内打款。超过一千元的报销需要部门总监审批！有问题吗？请联系财务部。", 50},
	{"cjk_closing_quote", "他说：“明天开会。”然后就走了。我们需要提前准备材料，包括上个季度的全部报表和预算。", 30},
	{"mixed", "用 VPN 连接内网。Install WireGuard first. 然后导入配置文件，再连接。Ask #it-help if stuck.", 45},
	{"abbreviation", "Bring documents, e.g. your passport and a utility bill. Copies are fine for the bill but not for the passport itself.", 70},
	{"version_numbers", "Use version 3.14 or later. Older versions such as 2.7 crash on startup when the config file is missing.", 60},
	{"list_items", "Before your first day:\n\n1. Sign the contract\n2. Send your bank details\n3. Pick a laptop model from the list the IT team sent\n4. Read the handbook", 80},
	{"fence_closed_inside", "Run these commands:\n\n```sh\nsudo apt update\nsudo apt install wireguard\nwg-quick up acme\nwg show\nping intranet.acme.example\n```\n\nThen open the intranet.", 75},
	{"fence_sentence_before", "Install the client. Then run this.\n\n```\nwg-quick up acme. This is code, not a sentence. Neither is this.\nmore code here\n```\n\nDone.", 60},
	{"fence_tilde", "Config:\n\n~~~yaml\nserver: vpn.acme.example\nport: 51820\nkeepalive: 25\ndns: 10.0.0.2\n~~~\n", 50},
	{"no_boundary", "word word word word word word word word word word word word word word word word word word word word word", 40},
	{"cjk_semicolons", "员工在试用期内每月可享受一天带薪病假；需提前向直属主管报备并在系统中提交申请；病假超过三天须附医院证明；未按规定报备的按事假处理。", 50},
	{"cjk_ascii_punct", "开源软件因为公开,有助于发现和修复安全漏洞.社区的广泛参与可以迅速响应新的威胁,提高软件的安全性?闭源软件的代码对公众来说是不可见的.", 45},
	{"cjk_no_punct", "这是一段没有任何标点符号的很长的中文文本它会一直写下去直到超过长度限制为止然后还会继续写很多很多字", 20},
	{"emoji", "🎉🎉🎉 Party time 🎉. We celebrate every launch with cake 🍰 and a short speech from the team lead 🎤 about what shipped.", 50},
	{"inline_code_open", "Set the variable with `export ACME_TOKEN=something-long-and-secret-that-goes-on` before running anything else at all", 60},
	{"colon_intro", "- Create an archive:\n\n`tar cf target.tar file1 file2`\n\n- Extract an archive into a folder of your choice:\n\n`tar xf source.tar --directory folder`", 110},
	{"paragraphs", "First paragraph without a full stop\n\nSecond paragraph that also lacks one and keeps going for a while longer than the limit", 60},
}

func TestTrimExcerptGolden(t *testing.T) {
	for _, tt := range trimCases {
		t.Run(tt.name, func(t *testing.T) {
			got, cut := trimExcerpt(tt.text, tt.limit)
			checkTrim(t, tt.text, tt.limit, got, cut)
			golden(t, "trim/"+tt.name+".golden", fmt.Appendf(nil, "limit: %d\ntruncated: %v\n---\n%s\n", tt.limit, cut, got))
		})
	}
}

// checkTrim checks what every trim must keep true.
func checkTrim(t *testing.T, text string, limit int, got string, cut bool) {
	t.Helper()
	if !utf8.ValidString(got) && utf8.ValidString(text) {
		t.Fatalf("trimExcerpt(%q, %d) = %q: not valid UTF-8", text, limit, got)
	}
	if n := utf8.RuneCountInString(got); n > limit && limit >= 1 {
		t.Errorf("trimExcerpt(%q, %d): got %d runes; want at most %d", text, limit, n, limit)
	}
	trimmed := strings.TrimSpace(text)
	if !cut && got != trimmed {
		t.Errorf("trimExcerpt(%q, %d): not cut, but got %q", text, limit, got)
	}
	if cut && utf8.RuneCountInString(trimmed) <= limit {
		t.Errorf("trimExcerpt(%q, %d): cut a text that fits", text, limit)
	}
	if balancedFences(trimmed) && !balancedFences(got) {
		t.Errorf("trimExcerpt(%q, %d) = %q: leaves a code fence open", text, limit, got)
	}
}

// balancedFences reports whether every ``` or ~~~ fence is closed: an
// independent reading of CommonMark's rule for the checks above.
func balancedFences(s string) bool {
	open := ""
	for _, line := range strings.Split(s, "\n") {
		l := strings.TrimLeft(line, " \t")
		switch {
		case open == "" && (strings.HasPrefix(l, "```") || strings.HasPrefix(l, "~~~")):
			n := 0
			for n < len(l) && l[n] == l[0] {
				n++
			}
			open = l[:n]
		case open != "" && strings.HasPrefix(l, open) && strings.Trim(l, open[:1]+" \t") == "":
			open = ""
		}
	}
	return open == ""
}

func TestTrimExcerptLimits(t *testing.T) {
	text := strings.Repeat("Alpha beta gamma. ", 40)
	for _, limit := range []int{1, 2, 5, 17, 18, 19, 100, 719, 720, 1000} {
		got, cut := trimExcerpt(text, limit)
		checkTrim(t, text, limit, got, cut)
		if limit >= 18 && limit < 720 && !strings.HasSuffix(got, "gamma.") {
			t.Errorf("trimExcerpt(..., %d) = %q; want it to end at a sentence", limit, got)
		}
	}
}

func FuzzTrimExcerpt(f *testing.F) {
	for _, c := range trimCases {
		f.Add(c.text, c.limit)
	}
	f.Add("```\n"+strings.Repeat("x", 50)+"\n```", 20)
	f.Add("a\n```\nb\n", 3)
	f.Add("```\n```\n"+strings.Repeat(" ", 42)+"000", 52) // a closing fence at the cut
	f.Fuzz(func(t *testing.T, text string, limit int) {
		if limit < 0 || limit > 5000 || !utf8.ValidString(text) {
			return
		}
		got, cut := trimExcerpt(text, limit)
		checkTrim(t, text, limit, got, cut)
	})
}

// TestTrimTableRows: a Markdown table is cut between rows, never at a
// sentence end inside a cell, which left half a row.
func TestTrimTableRows(t *testing.T) {
	text := "Levels:\n\n| Level | What you do |\n| --- | --- |\n" +
		"| L2 | You write code. You ask for reviews. |\n" +
		"| L3 | You design features. You review others. You mentor juniors across the team. |\n"
	for limit := 60; limit < utf8.RuneCountInString(text); limit += 7 {
		got, cut := trimExcerpt(text, limit)
		checkTrim(t, text, limit, got, cut)
		for l := range strings.SplitSeq(got, "\n") {
			if strings.HasPrefix(l, "|") && !strings.HasSuffix(l, "|") {
				t.Errorf("trimExcerpt(…, %d) cut a table row: %q", limit, l)
			}
		}
	}
}

func TestWithoutComments(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"none", "Plain text.", "Plain text."},
		{"inline", "Ask HR <!-- TODO: name --> first.", "Ask HR  first."},
		{"own line", "Intro.\n<!-- markdownlint-disable -->\nMore.", "Intro.\n\nMore."},
		{"over lines", "A.\n<!--\nold text\n-->\nB.", "A.\n\nB."},
		{"in a fence kept", "```html\n<!-- a comment in code -->\n```\nDone <!-- x -->.", "```html\n<!-- a comment in code -->\n```\nDone ."},
		{"tilde fence kept", "~~~\n<!-- x -->\n~~~", "~~~\n<!-- x -->\n~~~"},
		{"unclosed kept", "A <!-- never closed", "A <!-- never closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := withoutComments(tt.in); got != tt.want {
				t.Errorf("withoutComments(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}
