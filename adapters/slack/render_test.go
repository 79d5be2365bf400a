package slack

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kbbot/kbbot/bot"
	goldenpkg "github.com/kbbot/kbbot/bot/golden"
	"github.com/slack-go/slack"
)

// golden compares got with testdata/name.json (rewritten with -update).
func golden(t *testing.T, name string, got []byte) { goldenpkg.Check(t, name+".json", got) }

// indentJSON encodes v for a golden file: indented, with &, < and > kept
// readable.
func indentJSON(t *testing.T, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func marshalMessage(t *testing.T, m message) []byte {
	t.Helper()
	// Some slack-go types marshal themselves with HTML escapes; inside JSON
	// strings \u003c and < are the same, and the latter reads better.
	return []byte(strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(indentJSON(t, m))))
}

var answerMarkdown = "Connect with **WireGuard** & check <this>: see [the guide](https://x.example/guide?a=1&b=2) " +
	"or run `wg-quick up <iface>`.\n\n- step one\n- step _two_, then ~~old~~ new\n\n```sh\nsudo wg show | grep <peer>\n```\n\n" +
	"Ping <!channel> if it fails; see https://status.example.com."

func longText(sentences int) string {
	var b strings.Builder
	for i := range sentences {
		fmt.Fprintf(&b, "Sentence %d explains one more thing about the VPN & its keys in plain words. ", i+1)
		if i%12 == 11 {
			b.WriteString("\n\n")
		}
	}
	return b.String()
}

var renderCases = []struct {
	name  string
	reply bot.Reply
	opts  renderOpts
}{
	{"answer", answerWith(answerMarkdown, false), renderOpts{}},
	{"answer_truncated", answerWith("First sentence. Second sentence.", true), renderOpts{}},
	{"answer_long", answerWith(longText(90), false), renderOpts{}},
	{"no_answer", bot.Reply{
		Kind: bot.KindNoAnswer, Lang: "en", Text: "I don't have a confident answer to that.",
		Related: []bot.Topic{{SectionID: "a", Title: "Laptops", Path: []string{"IT", "Laptops"}}, {SectionID: "b", Title: "Wi-Fi <guest>"}},
		Notices: []string{"You could ask **@alice** in #it-help."},
		Actions: []bot.Button{{Name: bot.ActionAnswer, Label: "Laptops", Value: "a"}},
	}, renderOpts{}},
	{"topics", bot.Reply{
		Kind: bot.KindTopics, Lang: "en", Text: "Here is what I know about:",
		Topics: []bot.Topic{{Title: "VPN", Path: []string{"IT", "VPN"}}, {Title: "Holidays", Path: []string{"HR", "Holidays"}}, {Title: "R&D <lab>"}},
		Page:   1, Pages: 3,
		Actions: []bot.Button{{Name: bot.ActionTopics, Label: "Next page", Value: "2"}},
	}, renderOpts{}},
	{"tour", bot.Reply{
		Kind: bot.KindTour, Lang: "en", Tour: &bot.TourStep{Index: 3, Total: 24},
		Answer:  &bot.Answer{SectionID: "welcome#tools", Title: "Our tools", Path: []string{"Welcome", "Our tools"}, Excerpt: "We use Slack and Git.", Source: "welcome.md", Line: 10},
		Actions: []bot.Button{{Name: bot.ActionTourBack, Label: "Back"}, {Name: bot.ActionTourNext, Label: "Next", Style: "primary"}},
	}, renderOpts{}},
	{"help", bot.Reply{Kind: bot.KindHelp, Lang: "en", Text: "Ask me anything about the docs.\n\n- `topics`: the table of contents\n- `tour`: a guided tour"}, renderOpts{}},
	{"notice", bot.Reply{Kind: bot.KindNotice, Lang: "en", Notices: []string{"You're asking fast; wait a minute."}}, renderOpts{}},
	{"command_answer", answerWith("Use WireGuard.", false), renderOpts{share: true}},
	{"shared", func() bot.Reply {
		r := answerWith("Use WireGuard.", false)
		r.Actions = append(r.Actions, bot.Button{Name: bot.ActionShare, Label: "Share", Value: "vpn#policy"})
		return r
	}(), renderOpts{shared: true, sharedBy: "U1"}},
	{"zh_answer", bot.Reply{
		Kind: bot.KindAnswer, Lang: "zh",
		Answer: &bot.Answer{SectionID: "vpn", Title: "VPN 使用规定", Path: []string{"IT 部门", "VPN 使用规定"},
			Excerpt: "所有员工在公司外必须使用 **VPN**。连接前请先安装客户端。", Truncated: true, Source: "it/vpn.md", Line: 1, Owner: "王伟"},
	}, renderOpts{share: true}},
}

func answerWith(excerpt string, truncated bool) bot.Reply {
	r := answerFor("")
	r.Answer.Excerpt, r.Answer.Truncated = excerpt, truncated
	r.Related = []bot.Topic{{SectionID: "vpn#setup", Title: "Setting up", Path: []string{"IT", "VPN", "Setting up"}}}
	return r
}

func TestRenderGolden(t *testing.T) {
	for _, tc := range renderCases {
		t.Run(tc.name, func(t *testing.T) {
			m := render(tc.reply, tc.opts)
			checkMessage(t, m)
			golden(t, "render_"+tc.name, marshalMessage(t, m))
		})
	}
}

// linkToken matches the markup this adapter writes on purpose: links and
// user mentions.
var linkToken = regexp.MustCompile(`<(https?://[^\s<>|]+|mailto:[^\s<>|]+)(\|[^<>]*)?>|<@[A-Z0-9]+>`)

// checkEscaped fails when s has a raw <, > or & outside the adapter's own
// links: document and user text must never become markup.
func checkEscaped(t *testing.T, s string) {
	t.Helper()
	rest := linkToken.ReplaceAllString(s, "")
	if strings.ContainsAny(rest, "<>") {
		t.Errorf("unescaped < or > in %q", s)
	}
	for i := strings.IndexByte(rest, '&'); i >= 0; i = strings.IndexByte(rest, '&') {
		if !strings.HasPrefix(rest[i:], "&amp;") && !strings.HasPrefix(rest[i:], "&lt;") && !strings.HasPrefix(rest[i:], "&gt;") {
			t.Errorf("bare & in %q", s)
			return
		}
		rest = rest[i+1:]
	}
}

// checkMessage fails when m breaks a Block Kit limit.
func checkMessage(t *testing.T, m message) {
	t.Helper()
	if len(m.Blocks) > maxBlocks {
		t.Errorf("got %d blocks; want at most %d", len(m.Blocks), maxBlocks)
	}
	if m.Text == "" || !utf8.ValidString(m.Text) {
		t.Errorf("fallback text %q must be valid and not empty", m.Text)
	}
	checkEscaped(t, m.Text)
	raw, err := json.Marshal(slack.Blocks{BlockSet: m.Blocks})
	if err != nil {
		t.Fatal(err)
	}
	var back slack.Blocks
	if err := json.Unmarshal(raw, &back); err != nil || len(back.BlockSet) != len(m.Blocks) {
		t.Fatalf("blocks do not round-trip: %v", err)
	}
	var blocks []map[string]any
	_ = json.Unmarshal(raw, &blocks)
	ids := map[string]bool{}
	total := 0
	for _, b := range blocks {
		walkText(b, func(typ, text string) {
			total += size(text)
			switch {
			case text == "" || !utf8.ValidString(text):
				t.Errorf("%s block has empty or invalid text %q", b["type"], text)
			case size(text) > maxText:
				t.Errorf("text object of %d characters; want at most %d", size(text), maxText)
			case typ == "mrkdwn":
				checkEscaped(t, text)
			}
		})
		if b["type"] == "header" {
			if n := size(b["text"].(map[string]any)["text"].(string)); n > maxHeader {
				t.Errorf("header of %d characters; want at most %d", n, maxHeader)
			}
		}
		if els, ok := b["elements"].([]any); ok && b["type"] == "actions" {
			if len(els) > maxButtons {
				t.Errorf("actions block with %d elements", len(els))
			}
			for _, e := range els {
				btn := e.(map[string]any)
				id := btn["action_id"].(string)
				if ids[id] || !strings.HasPrefix(id, actionPrefix) {
					t.Errorf("action_id %q repeated or without prefix", id)
				}
				ids[id] = true
				if n := size(btn["text"].(map[string]any)["text"].(string)); n > maxButtonText {
					t.Errorf("button text of %d characters", n)
				}
				if v, _ := btn["value"].(string); size(v) > maxButtonValue {
					t.Errorf("button value of %d characters", size(v))
				}
			}
		}
	}
	if total > 12000 {
		t.Errorf("message has %d characters of text; want well under 12,000", total)
	}
}

// walkText calls f for every text object under v.
func walkText(v any, f func(typ, text string)) {
	switch x := v.(type) {
	case map[string]any:
		if typ, ok := x["type"].(string); ok && (typ == "mrkdwn" || typ == "plain_text") {
			if s, ok := x["text"].(string); ok {
				f(typ, s)
				return
			}
		}
		for _, e := range x {
			walkText(e, f)
		}
	case []any:
		for _, e := range x {
			walkText(e, f)
		}
	}
}

// TestRenderLimits renders replies with oversized, hostile and random
// content and checks every limit.
func TestRenderLimits(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "b", " ", " ", ".", "。", "**", "_", "`", "```\n", "\n", "\n\n", "&", "<", ">", "[x](https://e.x/a)", "😀", "中", "|", "- ", "# ", "<!here>", "~~", "é"}
	random := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	for i := range 60 {
		n := []int{10, 500, 3000, 6000, 20000}[i%5]
		r := bot.Reply{
			Kind: bot.Kind(i % 6), Lang: []string{"en", "zh"}[i%2], Text: random(n / 10),
			Answer:  &bot.Answer{Title: random(200), Path: []string{random(100), random(100), random(5)}, Excerpt: random(n), Source: random(30), Line: i, URL: "https://e.x/" + random(3), Owner: random(20)},
			Related: []bot.Topic{{Title: random(400)}, {Path: []string{random(50), random(50)}}},
			Topics:  make([]bot.Topic, i*3),
			Tour:    &bot.TourStep{Index: 1, Total: 2},
			Notices: []string{random(2000), random(20)},
			Page:    1, Pages: 2,
		}
		for k := range r.Topics {
			r.Topics[k] = bot.Topic{Title: random(200)}
		}
		for k := range 30 {
			r.Actions = append(r.Actions, bot.Button{Name: bot.ActionMore, Label: random(100), Value: random(k * 100)})
		}
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			checkMessage(t, render(r, renderOpts{share: i%3 == 0}))
		})
	}
}

func TestRenderButtons(t *testing.T) {
	tests := []struct {
		name string
		opts renderOpts
		want []string
	}{
		{"as given", renderOpts{}, []string{"kb:full:0", "kb:helpful:1", "kb:unhelpful:2"}},
		{"share added to private answers", renderOpts{share: true}, []string{"kb:full:0", "kb:helpful:1", "kb:unhelpful:2", "kb:share:3"}},
		{"no share on the shared copy", renderOpts{share: true, shared: true}, []string{"kb:full:0", "kb:helpful:1", "kb:unhelpful:2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := render(answerFor("q"), tc.opts)
			last := m.Blocks[len(m.Blocks)-1].(*slack.ActionBlock)
			var got []string
			for _, e := range last.Elements.ElementSet {
				got = append(got, e.(*slack.ButtonBlockElement).ActionID)
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("got %v; want %v", got, tc.want)
			}
			for _, id := range got {
				if name, ok := actionName(id); !ok || !strings.HasPrefix(id, "kb:"+name+":") {
					t.Errorf("actionName(%q) = %q, %v", id, name, ok)
				}
			}
		})
	}
}
