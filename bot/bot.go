package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kbbot/kbbot/knowledge"
)

// DefaultExcerpt is the excerpt size when a Message does not say.
const DefaultExcerpt = 1500

// EventTTL is how long processed event IDs are remembered for
// de-duplication: longer than Slack's and Discord's retries.
const EventTTL = 24 * time.Hour

// searchDepth is how many matches a question fetches: the answer, related
// topics and what "more" walks through.
const searchDepth = 10

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
	// RatePerMinute limits questions per user; 0 means 20, and a
	// negative number no limit (a console's one local user).
	RatePerMinute int
	// Contacts maps a knowledge-base folder prefix (Source prefix) to a
	// person or channel to hand off to when nothing answers. The prefix ""
	// applies to every folder without a more specific contact.
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

// Outcomes reported to Observer.Question.
const (
	OutcomeAnswered   = "answered"
	OutcomeUnanswered = "unanswered"
	OutcomeCommand    = "command"
	OutcomeRejected   = "rejected"
)

// Bot is the platform-neutral conversation. Safe for concurrent use.
type Bot struct {
	kb      Knowledge
	store   Store
	opts    Options
	log     *slog.Logger
	now     func() time.Time
	mem     *memory
	derived derivedCache
}

// New returns a Bot answering from kb and remembering in store (a nil
// store means a fresh MemoryStore).
func New(kb Knowledge, store Store, opts Options) *Bot {
	if store == nil {
		store = NewMemoryStore()
	}
	if opts.MaxQuestion <= 0 {
		opts.MaxQuestion = 1000
	}
	if opts.RatePerMinute == 0 {
		opts.RatePerMinute = 20
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Bot{kb: kb, store: store, opts: opts, log: log, now: time.Now, mem: newMemory()}
}

// duplicate reports whether the platform event id was processed before.
// A failing store is logged and the event handled.
func (b *Bot) duplicate(ctx context.Context, platform, id string) bool {
	if id == "" {
		return false
	}
	isNew, err := b.store.MarkEvent(ctx, platform+":"+id, EventTTL)
	if err != nil {
		b.log.Warn("bot: mark event", "platform", platform, "event", id, "err", err)
		return false
	}
	return !isNew
}

// recovered turns a panic while handling one event into an error, so one
// bad event never takes the bot down.
func (b *Bot) recovered(op string, err *error) {
	if p := recover(); p != nil {
		b.log.Error("bot: panic", "op", op, "panic", p, "stack", string(debug.Stack()))
		*err = fmt.Errorf("bot: %s: panic: %v", op, p)
	}
}

// Handle answers one message: a command, or a question. It returns
// ErrDuplicate for an event ID seen before; every other problem (a failing
// store, a question too long) is logged or answered with a notice.
func (b *Bot) Handle(ctx context.Context, m Message) (r Reply, err error) {
	defer b.recovered("handle", &err)
	if b.duplicate(ctx, m.Platform, m.ID) {
		return Reply{}, ErrDuplicate
	}
	start := b.now()
	outcome := OutcomeRejected
	defer func() {
		latency := b.now().Sub(start)
		if b.opts.Observer != nil {
			b.opts.Observer.Question(m.Platform, outcome, latency)
		}
		attrs := []any{"platform", m.Platform, "channel", m.Channel, "outcome", outcome, "latency", latency}
		if r.Answer != nil {
			attrs = append(attrs, "score", r.Answer.Score, "section", r.Answer.SectionID)
		} else if len(r.Related) > 0 {
			attrs = append(attrs, "score", r.Related[0].Score)
		}
		b.log.Info("question", attrs...)
	}()
	key := userKey(m.Platform, m.User)
	text := strings.TrimSpace(m.Text)
	lang := chooseLang(text, b.mem.convo(key).lang, m.Locale)
	switch {
	case utf8.RuneCountInString(text) > b.opts.MaxQuestion:
		return notice(lang, msgTooLong, utf8.RuneCountInString(text), b.opts.MaxQuestion), nil
	case b.opts.RatePerMinute > 0 && !b.mem.allow(key, b.opts.RatePerMinute, start):
		r := notice(lang, msgRateLimited)
		r.Ephemeral = true
		return r, nil
	}
	b.mem.update(key, start, func(c *convo) { c.lang = lang })
	limit := excerptLimit(m.MaxExcerpt)
	if !hasWord(text) { // "", "👍", "...": nothing to look up, nor a gap in the docs
		outcome = OutcomeCommand
		return b.help(lang), nil
	}
	if p, ok := parseCommand(text); ok {
		outcome = OutcomeCommand
		return b.command(ctx, m, p, lang, limit), nil
	}
	if t := parseSmallTalk(text); t != talkNone {
		outcome = OutcomeCommand
		return b.smallTalkReply(t, lang), nil
	}
	r, outcome = b.ask(ctx, m, text, lang, limit)
	return r, nil
}

// hasWord reports whether text has a letter or a digit: a message of
// only emoji or punctuation asks nothing the documents could answer.
func hasWord(text string) bool {
	return strings.IndexFunc(text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

func excerptLimit(n int) int {
	if n <= 0 {
		return DefaultExcerpt
	}
	return n
}

// help is the help text.
func (b *Bot) help(lang string) Reply {
	return Reply{Kind: KindHelp, Lang: lang, Text: Label(lang, msgHelp)}
}

// command carries out a typed command.
func (b *Bot) command(ctx context.Context, m Message, p parsed, lang string, limit int) Reply {
	switch p.cmd {
	case cmdTopics:
		return b.topics(lang, p.page)
	case cmdTour:
		op := tourStart
		if p.restart {
			op = tourRestart
		}
		return b.tour(ctx, m.Platform, m.User, lang, op, limit)
	case cmdNext:
		return b.tour(ctx, m.Platform, m.User, lang, tourNext, limit)
	case cmdBack:
		return b.tour(ctx, m.Platform, m.User, lang, tourBack, limit)
	case cmdMore:
		return b.more(ctx, m.Platform, m.User, m.Channel, "", lang, limit)
	case cmdFeedback:
		return b.feedbackCommand(ctx, m, p.vote, lang)
	}
	return b.help(lang)
}

// ask answers a question and records it.
func (b *Bot) ask(ctx context.Context, m Message, text, lang string, limit int) (Reply, string) {
	kb := b.kb.Base()
	if kb == nil {
		return notice(lang, msgNotReady), OutcomeUnanswered
	}
	res := kb.Search(text, searchDepth)
	q := Question{
		Time: b.now(), Platform: m.Platform, Channel: m.Channel, User: m.User,
		Text: text, Answered: res.Answered,
	}
	best := res.Best()
	if best != nil {
		q.SectionID, q.Title, q.Score = best.Section.ID, best.Section.Title, best.Score
	}
	qid, err := b.store.SaveQuestion(ctx, q)
	if err != nil {
		b.log.Warn("bot: save question", "platform", m.Platform, "user", m.User, "err", err)
		qid = 0
	}
	// "more" goes on after the answer given, or from the closest match
	// when none was.
	next := 0
	if res.Answered {
		next = 1
	}
	b.mem.update(chatKey(m.Platform, m.User, m.Channel), b.now(), func(c *convo) {
		c.question, c.questionID, c.more, c.section = text, qid, next, q.SectionID
	})
	if !res.Answered || best == nil {
		return b.noAnswer(kb, res, lang), OutcomeUnanswered
	}
	return b.answerReply(kb, res, 0, text, qid, lang, Label(lang, msgAnswerIntro), limit, m.Command && !m.DM), OutcomeAnswered
}

// answerReply answers question (stored as qid) with match i of res: the
// answer, the related topics after it and the buttons under it.
func (b *Bot) answerReply(kb *knowledge.Base, res knowledge.Result, i int, question string, qid int64, lang, intro string, limit int, ephemeral bool) Reply {
	m := res.Matches[i]
	a := b.answer(kb, m.Section, m.Score, limit, question)
	a.QuestionID = idString(qid)
	r := Reply{
		Kind:      KindAnswer,
		Lang:      lang,
		Text:      intro,
		Answer:    a,
		Related:   Related(res.Matches[i+1:], m.Section, maxRelated),
		Ephemeral: ephemeral,
	}
	r.Actions = answerButtons(lang, a, question, nextOther(res.Matches, i+1) < len(res.Matches), ephemeral)
	return r
}

// noAnswer says plainly that nothing answered, offers the closest topics,
// says to ask in the knowledge base's language when the question is in
// another script, and names a person to ask when the knowledge base has
// one.
func (b *Bot) noAnswer(kb *knowledge.Base, res knowledge.Result, lang string) Reply {
	r := Reply{Kind: KindNoAnswer, Lang: lang, Text: Label(lang, msgNoAnswer)}
	r.Related = Related(res.Matches, nil, maxRelated)
	var closest *knowledge.Section
	if best := res.Best(); best != nil {
		closest = best.Section
	}
	switch {
	case res.OtherScript && kb.CJKShare() >= 0.5:
		r.Notices = append(r.Notices, Label(lang, msgBaseCJK))
	case res.OtherScript:
		r.Notices = append(r.Notices, Label(lang, msgBaseLatin))
	case len(r.Related) == 0:
		r.Notices = append(r.Notices, Label(lang, msgNoMatches))
	}
	if who := contactFor(b.opts.Contacts, closest); who != "" {
		r.Contact = who
		r.Notices = append(r.Notices, Label(lang, msgContact, defuse(who)))
	}
	return r
}

func idString(id int64) string {
	if id <= 0 {
		return ""
	}
	return fmt.Sprint(id)
}

// more gives the next best answer to question, or to the user's last
// question in channel when question is "".
func (b *Bot) more(ctx context.Context, platform, user, channel, question, lang string, limit int) Reply {
	kb := b.kb.Base()
	if kb == nil {
		return notice(lang, msgNotReady)
	}
	key := chatKey(platform, user, channel)
	c := b.mem.convo(key)
	offset := 1
	switch {
	case question == "" && c.question == "":
		return notice(lang, msgNoLastQ)
	case question == "" || sameQuestion(question, c.question):
		question, offset = c.question, c.more
	}
	res := kb.Search(question, searchDepth)
	// The topics "more" steps through: not the matches it skips (a shown
	// topic's parent heading or sub-sections). Further answers are
	// numbered among them.
	shown := distinctTopics(res.Matches)
	offset = firstFrom(shown, offset, len(res.Matches))
	if offset >= len(res.Matches) {
		return notice(lang, msgNoMore)
	}
	// A further answer is stored under no question of its own: it gets no
	// vote buttons, and a vote by command now would rate it as the first
	// answer's section, so it is not taken (vote: msgVoteLost).
	b.mem.update(key, b.now(), func(c *convo) {
		c.question, c.questionID, c.more = question, 0, offset+1
	})
	k := slices.Index(shown, offset)
	return b.answerReply(kb, res, offset, question, 0, lang, Label(lang, msgMoreIntro, k+1, len(shown)), limit, false)
}
