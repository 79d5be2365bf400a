package slack

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMrkdwnLine(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"bold", "use **WireGuard** now", "use *WireGuard* now"},
		{"bold underscores", "__very__ important", "*very* important"},
		{"italic star", "an *italic* word", "an _italic_ word"},
		{"italic underscore", "an _italic_ word", "an _italic_ word"},
		{"snake_case is not italic", "set max_conn_count and min_x", "set max_conn_count and min_x"},
		{"strike", "~~old~~ new", "~old~ new"},
		{"nested", "**bold _and italic_**", "*bold _and italic_*"},
		{"link", "see [the guide](https://e.x/g?a=1&b=2)", "see <https://e.x/g?a=1&amp;b=2|the guide>"},
		{"link with title", `[guide](https://e.x/g "The Guide")`, "<https://e.x/g|guide>"},
		{"link with parentheses", "see [Foo](https://en.wikipedia.org/wiki/Foo_(bar)) now", "see <https://en.wikipedia.org/wiki/Foo_(bar)|Foo> now"},
		{"link with unclosed parenthesis", "[a](https://e.x/(b", "[a](<https://e.x/(b>"},
		{"link label with pipe", "[a|b](https://e.x)", "<https://e.x|a¦b>"},
		{"relative link keeps label", "see [setup](../setup.md)", "see setup"},
		{"javascript link dropped", "[x](javascript:alert(1))", "x"},
		{"image", "![diagram](https://e.x/d.png)", "<https://e.x/d.png|diagram>"},
		{"autolink", "<https://e.x/a>", "<https://e.x/a>"},
		{"bare url", "go to https://e.x/a, then", "go to <https://e.x/a>, then"},
		{"bare url in parens", "(see https://e.x/a_(b))", "(see <https://e.x/a_(b)>)"},
		{"code kept", "run `a **b** <c> & d`", "run `a **b** &lt;c&gt; &amp; d`"},
		{"double backtick code", "``a ` b``", "`a ˋ b`"},
		{"unclosed code", "a `b", "a `b"},
		{"unmatched bold", "2 ** 3 and **open", "2 ** 3 and **open"},
		{"escapes", "a & b < c > d", "a &amp; b &lt; c &gt; d"},
		{"mention defused", "<!channel> <@U123> <#C1>", "&lt;!channel&gt; &lt;@U123&gt; &lt;#C1&gt;"},
		{"backslash escape", `\*not bold\* \<x\>`, `*not bold* &lt;x&gt;`},
		{"heading", "## Setup **now** & later", "*Setup now &amp; later*"},
		{"heading closing hashes", "# Title ##", "*Title*"},
		{"not a heading", "#hashtag", "#hashtag"},
		{"bullet", "- item *one*", "• item _one_"},
		{"nested bullet", "    * deep", "    ◦ deep"},
		{"task", "- [x] done", "☑ done"},
		{"open task", "- [ ] todo", "☐ todo"},
		{"ordered", "1. first", "1. first"},
		{"quote", "> quoted **b**", "&gt; quoted *b*"},
		{"rule", "---", "──────────"},
		{"table separator", "|---|:--:|", ""},
		{"table row", "| a | **b** |", "| a | *b* |"},
		{"cjk", "使用 **VPN** 连接。", "使用 *VPN* 连接。"},
		{"emoji", "ok 😀 **yes**", "ok 😀 *yes*"},
		{"cjk bold inside a sentence", "这是**重要**的内容", "这是\u200b*重要*\u200b的内容"},
		{"cjk italic inside a sentence", "中文*斜体*中文", "中文\u200b_斜体_\u200b中文"},
		{"cjk strike before full-width comma", "已~~废弃~~，请改用", "已\u200b~废弃~\u200b，请改用"},
		{"bold glued to a word", "**foo**bar", "*foo*\u200bbar"},
		{"bold in ascii parentheses", "(**b**)", "(*b*)"},
		{"bold italic", "*Note:* ***very*** important", "_Note:_ *_very_* important"},
		{"bold italic underscores", "___very___ important", "*_very_* important"},
		{"bold italic in a heading", "# A ***big*** deal", "*A _big_ deal*"},
		{"unclosed bold italic", "***open and 4 **** runs", "***open and 4 **** runs"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := mrkdwnLine(tc.in); got != tc.want {
				t.Errorf("mrkdwnLine(%q) = %q; want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a&b", "a&amp;b"},
		{"<@U1>", "&lt;@U1&gt;"},
		{"&amp;", "&amp;amp;"},
	}
	for _, tc := range tests {
		if got := escape(tc.in); got != tc.want {
			t.Errorf("escape(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct {
		name, in, bot, want string
	}{
		{"bot mention stripped", "<@UBOT> what is the VPN policy?", "UBOT", "what is the VPN policy?"},
		{"mention in the middle", "hey <@UBOT|kbbot> vpn?", "UBOT", "hey vpn?"},
		{"other user kept", "<@UBOT> ask <@U2|alice> about it", "UBOT", "ask @alice about it"},
		{"unknown bot: leading mention stripped", "<@UX> <@UY> vpn", "", "vpn"},
		{"unknown bot: later mention kept", "vpn for <@UY>", "", "vpn for @UY"},
		{"channel", "see <#C1|general>", "UBOT", "see #general"},
		{"link label", "read <https://e.x|the doc> please", "UBOT", "read the doc please"},
		{"bare link", "read <https://e.x>", "UBOT", "read https://e.x"},
		{"special mention", "<!here> help", "UBOT", "@here help"},
		{"subteam", "<!subteam^S1|@devs> hi", "UBOT", "@devs hi"},
		{"subteam without label", "<!subteam^S1> hi", "UBOT", "@subteam hi"},
		{"special mention with label", "<!channel|channel> hi", "UBOT", "@channel hi"},
		{"date", "leave on <!date^1392734382^{date_short}|Feb 18> ok?", "UBOT", "leave on Feb 18 ok?"},
		{"entities decoded", "a &lt;b&gt; &amp; c", "UBOT", "a <b> & c"},
		{"whitespace folded", "  a \n\t b  ", "UBOT", "a b"},
		{"unclosed", "a <b", "UBOT", "a <b"},
		{"chinese", "<@UBOT> 怎么连 VPN？", "UBOT", "怎么连 VPN？"},
		{"vote shortcode", "<@UBOT> 反馈 :+1:", "UBOT", "反馈 👍"},
		{"vote shortcode with a skin tone", "feedback :thumbsdown::skin-tone-4:", "UBOT", "feedback 👎"},
		{"vote shortcode alone", ":thumbsup:", "UBOT", "👍"},
		{"other shortcodes kept", "thanks :pray: at 10:30:00", "UBOT", "thanks :pray: at 10:30:00"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := plainText(tc.in, tc.bot); got != tc.want {
				t.Errorf("plainText(%q, %q) = %q; want %q", tc.in, tc.bot, got, tc.want)
			}
		})
	}
}

func TestTrimPlain(t *testing.T) {
	tests := []struct {
		in    string
		limit int
		want  string
	}{
		{"short", 10, "short"},
		{"the quick brown fox jumps", 20, "the quick brown fox…"},
		{"abcdefghijklmnopqrstuvwxyz", 10, "abcdefghi…"},
		{"😀😀😀😀😀", 5, "😀😀…"}, // each counts 2
		{"中文标题很长很长", 5, "中文标题…"},
	}
	for _, tc := range tests {
		got := trimPlain(tc.in, tc.limit)
		if got != tc.want || size(got) > tc.limit || !utf8.ValidString(got) {
			t.Errorf("trimPlain(%q, %d) = %q (size %d); want %q", tc.in, tc.limit, got, size(got), tc.want)
		}
	}
}

func TestMrkdwnChunks(t *testing.T) {
	sentence := "This sentence has exactly enough words to matter. "
	tests := []struct {
		name  string
		in    string
		limit int
		want  []string
	}{
		{"fits", "a **b**\n\nc", 100, []string{"a *b*\n\nc"}},
		{"paragraphs packed", "aaaa\n\nbbbb\n\ncccc", 10, []string{"aaaa\n\nbbbb", "cccc"}},
		{"sentence boundary", strings.Repeat(sentence, 3), 110, []string{
			strings.TrimSpace(strings.Repeat(sentence, 2)), strings.TrimSpace(sentence)}},
		{"cjk sentence boundary", "第一句话很长。第二句话也很长。第三句。", 10, []string{"第一句话很长。", "第二句话也很长。", "第三句。"}},
		{"never inside a link", "word [a long label](https://e.x/aaaaaaaa) tail", 40, []string{"word <https://e.x/aaaaaaaa|a long label>", "tail"}},
		{"never inside bold", "xx **bold words here** yy", 18, []string{"xx", "*bold words here*", "yy"}},
		{"escape counted", "&&&& &&&&", 22, []string{"&amp;&amp;&amp;&amp;", "&amp;&amp;&amp;&amp;"}},
		{"code block reopened", "```\nline one\nline two\nline three\n```", 24, []string{"```\nline one\n```", "```\nline two\n```", "```\nline three\n```"}},
		{"unclosed fence closed", "```go\nx := 1", 100, []string{"```\nx := 1\n```"}},
		{"long word cut between characters", strings.Repeat("x", 25), 10, []string{"xxxxxxxxxx", "xxxxxxxxxx", "xxxxx"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := mrkdwnChunks(tc.in, tc.limit)
			if strings.Join(got, "|\n|") != strings.Join(tc.want, "|\n|") {
				t.Errorf("got %q; want %q", got, tc.want)
			}
			for _, c := range got {
				if size(c) > tc.limit {
					t.Errorf("chunk %q has size %d > %d", c, size(c), tc.limit)
				}
			}
		})
	}
}
