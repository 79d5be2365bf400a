package discord

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/kbbot/kbbot/bot"
)

func renderCases() []struct {
	name string
	r    bot.Reply
	o    renderOpts
} {
	zh := sampleAnswer()
	zh.Lang, zh.Text = "zh", "手册里是这样说的："
	zh.Answer.Title, zh.Answer.Path = "连接 VPN", []string{"IT", "VPN", "连接 VPN"}
	zh.Answer.Excerpt = "先从门户安装客户端。然后运行连接命令。如果失败，请联系 IT。"
	zh.Actions = []bot.Button{{Name: bot.ActionHelpful, Label: "👍 有帮助", Value: "7"}}
	zh.Related = nil

	topics := bot.Reply{Kind: bot.KindTopics, Lang: "en", Page: 1, Pages: 3}
	for i := range 30 {
		topics.Topics = append(topics.Topics, bot.Topic{
			SectionID: fmt.Sprintf("doc%02d.md", i), Title: fmt.Sprintf("Topic %d", i), Path: []string{"Guide", fmt.Sprintf("Topic %d", i)},
		})
	}
	tour := sampleAnswer()
	tour.Kind, tour.Tour, tour.Text = bot.KindTour, &bot.TourStep{Index: 3, Total: 24}, "Step 3 of the tour."
	tour.Actions = []bot.Button{{Name: bot.ActionTourBack, Label: "Back"}, {Name: bot.ActionTourNext, Label: "Next", Style: "primary"}}
	tour.Related = nil

	return []struct {
		name string
		r    bot.Reply
		o    renderOpts
	}{
		{"answer", sampleAnswer(), renderOpts{}},
		{"answer_private", sampleAnswer(), renderOpts{private: true}},
		{"answer_zh", zh, renderOpts{private: true}},
		{"no_answer", bot.Reply{
			Kind: bot.KindNoAnswer, Lang: "en", Text: "I don't have a confident answer. Ask <@789> (IT) or try:",
			Related: sampleAnswer().Related, Notices: []string{"Logged for the docs team."},
		}, renderOpts{private: true}},
		{"topics", topics, renderOpts{}},
		{"tour", tour, renderOpts{private: true}},
		{"tour_done", bot.Reply{Kind: bot.KindTour, Lang: "en", Text: "You finished the tour!", Tour: &bot.TourStep{Index: 24, Total: 24, Done: true}}, renderOpts{}},
		{"help", bot.Reply{Kind: bot.KindHelp, Lang: "en", Text: "Ask me anything about the handbook.\n`/ask`, `/topics`, `/tour`."}, renderOpts{}},
		{"notice", bot.Reply{Kind: bot.KindNotice, Lang: "en", Notices: []string{"Thanks for the feedback!"}}, renderOpts{}},
	}
}

func TestRenderGolden(t *testing.T) {
	for _, tc := range renderCases() {
		t.Run(tc.name, func(t *testing.T) {
			p := render(tc.r, tc.o)
			checkLimits(t, p)
			got, err := json.Marshal(p.message(nil))
			if err != nil {
				t.Fatal(err)
			}
			golden(t, "render/"+tc.name+".json", got)
		})
	}
}

// checkLimits fails when p breaks one of Discord's message limits.
func checkLimits(t *testing.T, p payload) {
	t.Helper()
	if n := units(p.Content); n > maxContent {
		t.Errorf("content has %d characters; want at most %d", n, maxContent)
	}
	if len(p.Embeds) > 10 {
		t.Errorf("%d embeds; want at most 10", len(p.Embeds))
	}
	total := 0
	for _, e := range p.Embeds {
		for _, lim := range []struct {
			what string
			s    string
			max  int
		}{{"title", e.Title, maxTitle}, {"description", e.Description, maxDescription}} {
			if n := units(lim.s); n > lim.max {
				t.Errorf("embed %s has %d characters; want at most %d", lim.what, n, lim.max)
			}
			total += units(lim.s)
		}
		if e.Footer != nil {
			if n := units(e.Footer.Text); n > maxFooter {
				t.Errorf("footer has %d characters; want at most %d", n, maxFooter)
			}
			total += units(e.Footer.Text)
		}
		if len(e.Fields) > 25 {
			t.Errorf("%d fields; want at most 25", len(e.Fields))
		}
		for _, f := range e.Fields {
			if units(f.Name) > maxFieldName || units(f.Value) > maxFieldValue || f.Value == "" {
				t.Errorf("field %q: name %d, value %d characters", f.Name, units(f.Name), units(f.Value))
			}
			total += units(f.Name) + units(f.Value)
		}
		if e.URL != "" && !webURL(e.URL) {
			t.Errorf("embed URL %q is not an http(s) URL", e.URL)
		}
		if strings.ContainsFunc(e.URL, func(r rune) bool { return r <= ' ' || r >= 0x7f }) {
			t.Errorf("embed URL %q holds white space or a non-ASCII character: Discord refuses the message", e.URL)
		}
		for _, s := range []string{e.Title, e.Description} {
			if !utf8.ValidString(s) {
				t.Errorf("invalid UTF-8 in %q", s)
			}
		}
	}
	if total >= maxEmbedTotal {
		t.Errorf("embeds total %d characters; want under %d", total, maxEmbedTotal)
	}
	if len(p.Components) > maxRows {
		t.Errorf("%d action rows; want at most %d", len(p.Components), maxRows)
	}
	ids := map[string]bool{}
	for _, row := range p.Components {
		r, ok := row.(discordgo.ActionsRow)
		if !ok {
			t.Fatalf("top-level component %T; want ActionsRow", row)
		}
		if len(r.Components) == 0 || len(r.Components) > maxRowButtons {
			t.Errorf("row with %d components", len(r.Components))
		}
		for _, c := range r.Components {
			switch c := c.(type) {
			case discordgo.Button:
				if units(c.CustomID) > maxCustomID || units(c.Label) > maxLabel || c.Label == "" || ids[c.CustomID] {
					t.Errorf("button %q / %q breaks a limit or repeats", c.Label, c.CustomID)
				}
				ids[c.CustomID] = true
			case discordgo.SelectMenu:
				if len(c.Options) == 0 || len(c.Options) > maxOptions {
					t.Errorf("select with %d options", len(c.Options))
				}
				for _, o := range c.Options {
					if units(o.Label) > maxChoice || units(o.Value) > maxChoice || units(o.Description) > maxChoice || o.Label == "" || o.Description == "" {
						t.Errorf("select option %+v breaks a limit", o)
					}
				}
			default:
				t.Errorf("component %T", c)
			}
		}
	}
}

func TestRenderHostile(t *testing.T) {
	long := sampleAnswer()
	long.Text = strings.Repeat("Intro. ", 500)
	long.Answer.Title = strings.Repeat("标题", 300)
	long.Answer.Excerpt = strings.Repeat("这是一个很长的句子，用来测试截断。", 1000)
	long.Answer.Path = []string{strings.Repeat("path ", 1000)}
	long.Answer.URL = "javascript:alert(1)"
	long.Answer.Owner = "@everyone"
	long.Notices = []string{strings.Repeat("n", 3000)}
	for i := range 40 {
		long.Related = append(long.Related, bot.Topic{SectionID: fmt.Sprintf("r%d", i), Title: strings.Repeat("相关", 80), Path: []string{strings.Repeat("x", 200), "t"}})
	}
	long.Actions = append(long.Actions,
		bot.Button{Name: bot.ActionFull, Label: "Full", Value: strings.Repeat("s", 200)},                   // ID too long: dropped
		bot.Button{Name: bot.ActionMore, Label: strings.Repeat("L", 200), Value: strings.Repeat("问", 200)}, // shortened
		bot.Button{Name: bot.ActionHelpful, Label: "dup", Value: "42"},                                     // same ID: dropped
	)
	for i := range 30 {
		long.Actions = append(long.Actions, bot.Button{Name: bot.ActionFull, Label: "x", Value: fmt.Sprint(i)})
	}
	spaced := sampleAnswer()
	spaced.Answer.URL = "https://wiki.example.com/IT Handbook/vpn page#before you start"
	mention := sampleAnswer()
	mention.Text = "You asked: @everyone <@123> please"
	mention.Answer.Title = "@here <@&55> title"

	for _, tc := range []struct {
		name string
		r    bot.Reply
	}{{"huge", long}, {"mentions", mention}, {"url with spaces", spaced}, {"empty", bot.Reply{}}, {"answer kind without answer", bot.Reply{Kind: bot.KindAnswer}}} {
		t.Run(tc.name, func(t *testing.T) {
			p := render(tc.r, renderOpts{private: true})
			checkLimits(t, p)
			raw, err := json.Marshal(p.message(nil))
			if err != nil {
				t.Fatal(err)
			}
			for _, bad := range []string{"@everyone", "@here", "<@123>", "<@&55>", "javascript:"} {
				if strings.Contains(string(raw), bad) {
					t.Errorf("rendered message contains %q", bad)
				}
			}
			if !strings.Contains(string(raw), `"allowed_mentions":{"parse":[],"replied_user":false}`) {
				t.Errorf("allowed_mentions not empty: %s", raw)
			}
		})
	}
}

func TestShareButton(t *testing.T) {
	count := func(p payload) int {
		n := 0
		for _, row := range p.Components {
			for _, c := range row.(discordgo.ActionsRow).Components {
				if b, ok := c.(discordgo.Button); ok && strings.HasPrefix(b.CustomID, "kb:share:") {
					n++
				}
			}
		}
		return n
	}
	r := sampleAnswer()
	if got := count(render(r, renderOpts{private: true})); got != 1 {
		t.Errorf("private answer: %d share buttons; want 1", got)
	}
	if got := count(render(r, renderOpts{})); got != 0 {
		t.Errorf("public answer: %d share buttons; want 0", got)
	}
	r.Actions = append(r.Actions, bot.Button{Name: bot.ActionShare, Label: "Share", Value: "x"})
	if got := count(render(r, renderOpts{private: true})); got != 1 {
		t.Errorf("private answer with the bot's share: %d share buttons; want 1", got)
	}
}

func TestCustomID(t *testing.T) {
	tests := []struct {
		name, value string
		wantID      string
		ok          bool
	}{
		{bot.ActionFull, "doc.md#a:b", "kb:full:doc.md#a:b", true},
		{bot.ActionTourNext, "", "kb:tour_next:", true},
		{bot.ActionFull, strings.Repeat("x", 100), "", false},
		{bot.ActionMore, strings.Repeat("问", 100), "kb:more:" + strings.Repeat("问", 92), true},
		{"bad:name", "v", "", false},
	}
	for _, tt := range tests {
		id, ok := customID(tt.name, tt.value)
		if id != tt.wantID || ok != tt.ok {
			t.Errorf("customID(%q, %.10q) = %q, %v; want %q, %v", tt.name, tt.value, id, ok, tt.wantID, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		name, value, ok := parseCustomID(id)
		if !ok || name != tt.name || !strings.HasPrefix(tt.value, value) {
			t.Errorf("parseCustomID(%q) = %q, %q, %v", id, name, value, ok)
		}
	}
	for _, id := range []string{"", "kb:", "other:full:x", "full:x"} {
		if _, _, ok := parseCustomID(id); ok {
			t.Errorf("parseCustomID(%q) ok; want not ok", id)
		}
	}
}
