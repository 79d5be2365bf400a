package console

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
	"time"

	"github.com/kbbot/kbbot/bot"
	goldenpkg "github.com/kbbot/kbbot/bot/golden"
)

func golden(t *testing.T, name string, got []byte) { goldenpkg.Check(t, name, got) }

var leave = &bot.Answer{
	QuestionID: "1", SectionID: "s1", Title: "Booking annual leave", Path: []string{"Leave", "Booking annual leave"},
	Excerpt: "Everyone gets 25 days.\n\n```\nportal.acme.example\n```", Truncated: true,
	Source: "handbook/leave.md", Line: 7, URL: "https://docs.acme.example/leave#booking", Owner: "@hr-team",
}

var renderCases = []struct {
	name  string
	reply bot.Reply
}{
	{"answer", bot.Reply{Kind: bot.KindAnswer, Lang: "en", Text: "Here is what the docs say:", Answer: leave,
		Related: []bot.Topic{{SectionID: "s2", Title: "Sick leave", Path: []string{"Leave", "Sick leave"}}},
		Actions: []bot.Button{
			{Name: bot.ActionFull, Label: "Show full section", Value: "s1"},
			{Name: bot.ActionHelpful, Label: "👍 Helpful", Value: "1"},
			{Name: bot.ActionUnhelpful, Label: "👎 Not helpful", Value: "1"},
		}}},
	{"no_answer_zh", bot.Reply{Kind: bot.KindNoAnswer, Lang: "zh", Text: "我没有把握回答这个问题。",
		Related: []bot.Topic{{SectionID: "s3", Title: "差旅标准", Path: []string{"报销流程", "差旅标准"}}},
		Notices: []string{"可以咨询 #finance。"}, Contact: "#finance"}},
	{"topics", bot.Reply{Kind: bot.KindTopics, Lang: "en", Text: "What the knowledge base covers:", Page: 2, Pages: 3,
		Topics:  []bot.Topic{{SectionID: "a", Title: "VPN", Path: []string{"VPN"}}, {SectionID: "b", Title: "Wifi"}},
		Actions: []bot.Button{{Name: bot.ActionTopics, Label: "Previous page", Value: "1"}, {Name: bot.ActionTopics, Label: "Next page", Value: "3"}}}},
	{"tour", bot.Reply{Kind: bot.KindTour, Lang: "en", Answer: &bot.Answer{SectionID: "w", Title: "Welcome", Path: []string{"Welcome"},
		Excerpt: "Hello.", Source: "welcome.md", Line: 1}, Tour: &bot.TourStep{Index: 1, Total: 4},
		Notices: []string{"Welcome to the onboarding tour!"}, Actions: []bot.Button{{Name: bot.ActionTourNext, Label: "Next"}}}},
	{"tour_done", bot.Reply{Kind: bot.KindNotice, Lang: "en", Tour: &bot.TourStep{Index: 4, Total: 4, Done: true},
		Notices: []string{"You've finished the tour!"}, Actions: []bot.Button{{Name: bot.ActionTourBack, Label: "Back"}}}},
	{"untrusted", bot.Reply{Kind: bot.KindAnswer, Lang: "en", Answer: &bot.Answer{SectionID: "x",
		Title: "Evil\x1b]0;pwned\x07 title", Path: []string{"Docs\x1b[2J", "Evil title"},
		Excerpt: "Text with \x1b[31mred\x1b[0m and a \u202egnirts\u202c reversed, tab\there.", Source: "x.md", Owner: "bob\r\nroot"}}},
}

func TestRenderGolden(t *testing.T) {
	for _, tt := range renderCases {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			presses := render(&buf, tt.reply)
			want := len(tt.reply.Actions) + len(tt.reply.Related) + len(tt.reply.Topics)
			if len(presses) != want {
				t.Errorf("render: got %d numbered items; want %d", len(presses), want)
			}
			for i, b := range tt.reply.Actions {
				if presses[i] != (press{b.Name, b.Value}) {
					t.Errorf("number %d: got %+v; want button %q", i+1, presses[i], b.Name)
				}
			}
			if strings.ContainsAny(buf.String(), "\x1b\x07\r\u202e") {
				t.Errorf("render wrote control or bidi characters: %q", buf.String())
			}
			golden(t, "render/"+tt.name+".txt", buf.Bytes())
		})
	}
}

// fakeBot answers from a script and records what it was sent.
type fakeBot struct {
	mu       sync.Mutex
	messages []bot.Message
	actions  []bot.Action
	replies  map[string]bot.Reply // by message text
}

func (f *fakeBot) Handle(ctx context.Context, m bot.Message) (bot.Reply, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.messages = append(f.messages, m)
	if m.Text == "boom" {
		return bot.Reply{}, errors.New("bot: handle: panic: boom")
	}
	if r, ok := f.replies[m.Text]; ok {
		return r, nil
	}
	return bot.Reply{Kind: bot.KindNoAnswer, Lang: "en", Text: "I don't have a confident answer to that."}, nil
}

func (f *fakeBot) Act(ctx context.Context, a bot.Action) (bot.Reply, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.actions = append(f.actions, a)
	return bot.Reply{Kind: bot.KindNotice, Lang: "en", Notices: []string{"pressed " + a.Name + " " + a.Value}}, nil
}

func TestChat(t *testing.T) {
	fb := &fakeBot{replies: map[string]bot.Reply{"leave": renderCases[0].reply}}
	in := "leave\n7\n0\n2\n\nleave\nboom\n4\nquit\nnever read\n"
	var out bytes.Buffer
	a := &Adapter{In: strings.NewReader(in), Out: &out, User: "ann", MaxExcerpt: 300, Prompt: "> "}
	if err := a.chat(context.Background(), fb); err != nil {
		t.Fatalf("chat: %v", err)
	}
	golden(t, "chat.txt", out.Bytes())
	var texts []string
	for _, m := range fb.messages {
		texts = append(texts, m.Text)
		if m.Platform != bot.PlatformConsole || m.User != "ann" || !m.DM || m.MaxExcerpt != 300 {
			t.Errorf("message %q: got %+v; want a console DM from ann asking for 300 characters", m.Text, m)
		}
	}
	// "7" and "0" are out of range; "4" after the failing message presses
	// the related topic of the last reply.
	if got, want := strings.Join(texts, "|"), "leave||leave|boom"; got != want {
		t.Errorf("messages: got %q; want %q", got, want)
	}
	if len(fb.actions) != 2 || fb.actions[0].Name != bot.ActionHelpful || fb.actions[0].Value != "1" {
		t.Fatalf("actions: got %+v; want helpful on question 1 first", fb.actions)
	}
	for _, act := range fb.actions {
		// The bot keeps the last question per channel: a press is in the
		// messages' channel.
		if act.Channel != fb.messages[0].Channel || act.Channel == "" {
			t.Errorf("action %s: channel %q; want the messages' %q", act.Name, act.Channel, fb.messages[0].Channel)
		}
	}
	if fb.actions[1].Name != bot.ActionAnswer || fb.actions[1].Value != "s2" {
		t.Errorf("second action: got %+v; want the related topic s2", fb.actions[1])
	}
}

func TestChatEnds(t *testing.T) {
	t.Run("end of input", func(t *testing.T) {
		var out bytes.Buffer
		if err := (&Adapter{In: strings.NewReader("leave"), Out: &out}).chat(context.Background(), &fakeBot{}); err != nil {
			t.Errorf("chat: %v", err)
		}
		if !strings.Contains(out.String(), "confident") {
			t.Errorf("a last line without a newline was not answered:\n%s", out.String())
		}
	})
	t.Run("context", func(t *testing.T) {
		pr, pw := io.Pipe()
		defer pw.Close()
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- New(pr, io.Discard).chat(ctx, &fakeBot{}) }()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("chat after cancel: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("chat did not return after its context ended")
		}
	})
	t.Run("write error", func(t *testing.T) {
		err := New(strings.NewReader("a\nb\nc\n"), failWriter{}).chat(context.Background(), &fakeBot{})
		if err == nil || !strings.Contains(err.Error(), "console: write") {
			t.Errorf("chat to a broken output: got %v; want a write error", err)
		}
	})
	t.Run("read error", func(t *testing.T) {
		var out, logs bytes.Buffer
		in := io.MultiReader(strings.NewReader("leave\n"), iotest.ErrReader(errors.New("input/output error")))
		a := &Adapter{In: in, Out: &out, Logger: slog.New(slog.NewTextHandler(&logs, nil))}
		if err := a.chat(context.Background(), &fakeBot{}); err != nil {
			t.Errorf("chat: %v; want nil: a read error ends the chat like the end of input", err)
		}
		if !strings.Contains(out.String(), "confident") {
			t.Errorf("the line before the error was not answered:\n%s", out.String())
		}
		if !strings.Contains(logs.String(), "console: read") || !strings.Contains(logs.String(), "input/output error") {
			t.Errorf("log: got %q; want the read error", logs.String())
		}
	})
	t.Run("Chinese greeting", func(t *testing.T) {
		var out bytes.Buffer
		(&Adapter{In: strings.NewReader(""), Out: &out, Locale: "zh-CN"}).chat(context.Background(), &fakeBot{})
		if !strings.HasPrefix(out.String(), bot.Label(bot.LangChinese, bot.MsgGreeting)) {
			t.Errorf("greeting for zh-CN: got %q", out.String())
		}
	})
}

type failWriter struct{}

func (failWriter) Write(p []byte) (int, error) { return 0, errors.New("broken pipe") }

// TestChatFullWidthNumber: a number typed with a Chinese or Japanese
// input method in full-width mode ("２", "１０") presses that button, as
// "2" does, instead of being asked as a question.
func TestChatFullWidthNumber(t *testing.T) {
	for _, tc := range []struct {
		press, action, value string
	}{
		{"２", bot.ActionHelpful, "1"},
		{"4", bot.ActionAnswer, "s2"},
		{"４", bot.ActionAnswer, "s2"},
	} {
		t.Run(tc.press, func(t *testing.T) {
			fb := &fakeBot{replies: map[string]bot.Reply{"leave": renderCases[0].reply}}
			a := &Adapter{In: strings.NewReader("leave\n" + tc.press + "\n"), Out: io.Discard}
			if err := a.chat(context.Background(), fb); err != nil {
				t.Fatalf("chat: %v", err)
			}
			if len(fb.messages) != 1 || len(fb.actions) != 1 || fb.actions[0].Name != tc.action || fb.actions[0].Value != tc.value {
				t.Errorf("after %q: got messages %+v, actions %+v; want button %s %s pressed", tc.press, fb.messages, fb.actions, tc.action, tc.value)
			}
		})
	}
}
