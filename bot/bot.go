package bot

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/kbbot/kbbot/knowledge"
)

// DefaultExcerpt is the excerpt size when a Message does not say.
const DefaultExcerpt = 1500

// ErrDuplicate is returned by Handle and Act for an event ID already
// processed: adapters drop the event silently.
var ErrDuplicate = errors.New("bot: duplicate event")

// Knowledge gives the current knowledge base; a reload swaps what it
// returns. It must be safe for concurrent use.
type Knowledge interface {
	Base() *knowledge.Base
}

// Static is a Knowledge that never changes.
type Static struct{ KB *knowledge.Base }

// Base returns s.KB.
func (s Static) Base() *knowledge.Base { return s.KB }

// Options configure a Bot.
type Options struct {
	Logger *slog.Logger
	// MaxQuestion is the longest question in characters; 0 means 1000.
	MaxQuestion int
	// RatePerMinute limits questions per user; 0 means 20.
	RatePerMinute int
	// Contacts maps a knowledge-base folder prefix (Source prefix) to a
	// person or channel to hand off to when nothing answers.
	Contacts map[string]string
	// Observer, when set, is told of every question and vote (metrics).
	Observer Observer
}

// Observer is told what the bot did, for metrics. Outcome is one of
// "answered", "unanswered", "command", "rejected".
type Observer interface {
	Question(platform, outcome string, latency time.Duration)
	Feedback(platform string, helpful bool)
}

// Bot is the platform-neutral conversation. Safe for concurrent use.
type Bot struct {
	kb    Knowledge
	store Store
	opts  Options
}

// New returns a Bot answering from kb and remembering in store.
func New(kb Knowledge, store Store, opts Options) *Bot {
	return &Bot{kb: kb, store: store, opts: opts}
}

// Handle answers one message.
func (b *Bot) Handle(ctx context.Context, m Message) (Reply, error) { panic("todo") }

// Act answers a button press.
func (b *Bot) Act(ctx context.Context, a Action) (Reply, error) { panic("todo") }

// Suggest returns up to n topics whose titles match prefix (fuzzy,
// CJK-aware), each title at most 100 characters: for autocomplete.
func (b *Bot) Suggest(ctx context.Context, prefix string, n int) []Topic { panic("todo") }
