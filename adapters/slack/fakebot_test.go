package slack

import (
	"context"
	"sync"

	"github.com/kbbot/kbbot/bot"
	"github.com/kbbot/kbbot/bot/testlog"
)

// fakeBot answers every question with a section named after it and
// remembers what it was asked. Like the real bot with its store, it
// returns bot.ErrDuplicate for an ID it has already handled.
type fakeBot struct {
	mu     sync.Mutex
	msgs   []bot.Message
	acts   []bot.Action
	ids    map[string]bool
	handle func(ctx context.Context, m bot.Message) (bot.Reply, error)
	act    func(ctx context.Context, a bot.Action) (bot.Reply, error)
}

func (b *fakeBot) Handle(ctx context.Context, m bot.Message) (bot.Reply, error) {
	b.mu.Lock()
	if b.ids == nil {
		b.ids = map[string]bool{}
	}
	if m.ID != "" && b.ids[m.ID] {
		b.mu.Unlock()
		return bot.Reply{}, bot.ErrDuplicate
	}
	b.ids[m.ID] = true
	b.msgs = append(b.msgs, m)
	h := b.handle
	b.mu.Unlock()
	if h != nil {
		return h(ctx, m)
	}
	return answerFor(m.Text), nil
}

func (b *fakeBot) Act(ctx context.Context, a bot.Action) (bot.Reply, error) {
	b.mu.Lock()
	b.acts = append(b.acts, a)
	h := b.act
	b.mu.Unlock()
	if h != nil {
		return h(ctx, a)
	}
	return answerFor("action " + a.Name), nil
}

func (b *fakeBot) messages() []bot.Message {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]bot.Message(nil), b.msgs...)
}

func (b *fakeBot) actions() []bot.Action {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]bot.Action(nil), b.acts...)
}

// answerFor is the fake bot's answer to q.
func answerFor(q string) bot.Reply {
	return bot.Reply{
		Kind: bot.KindAnswer, Lang: "en",
		Answer: &bot.Answer{
			QuestionID: "q1", SectionID: "vpn#policy", Title: "VPN policy",
			Path: []string{"IT", "VPN policy"}, Excerpt: "Asked: " + q + ". Use **WireGuard**.",
			Source: "it/vpn.md", Line: 3, URL: "https://docs.example.com/it/vpn#policy",
		},
		Actions: []bot.Button{
			{Name: bot.ActionFull, Label: "Show full section", Value: "vpn#policy"},
			{Name: bot.ActionHelpful, Label: "👍", Value: "q1"},
			{Name: bot.ActionUnhelpful, Label: "👎", Value: "q1"},
		},
	}
}

// syncBuffer collects log output from many goroutines.
type syncBuffer = testlog.Buffer
