package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/kbbot/kbbot/knowledge"
)

// Act answers a button press. It returns ErrDuplicate for an event ID seen
// before, and an error for an action name it does not know or a Value that
// cannot be what the bot put there.
func (b *Bot) Act(ctx context.Context, a Action) (r Reply, err error) {
	defer b.recovered("act", &err)
	if b.duplicate(ctx, a.Platform, a.ID) {
		return Reply{}, ErrDuplicate
	}
	lang := chooseLang("", b.mem.convo(userKey(a.Platform, a.User)).lang, a.Locale)
	limit := excerptLimit(a.MaxExcerpt)
	switch a.Name {
	case ActionFull:
		return b.showSection(a.Value, lang, max(limit, FullExcerpt), false)
	case ActionAnswer:
		return b.showSection(a.Value, lang, limit, true)
	case ActionShare:
		r, err := b.showSection(a.Value, lang, limit, false)
		if err == nil && r.Kind == KindAnswer {
			r.Text = Label(lang, msgShared)
		}
		return r, err
	case ActionMore:
		// The button carries the question: its language is the answer's,
		// also when the bot has forgotten the user (a restart).
		lang = chooseLang(a.Value, b.mem.convo(userKey(a.Platform, a.User)).lang, a.Locale)
		return b.more(ctx, a.Platform, a.User, a.Channel, a.Value, lang, limit), nil
	case ActionHelpful, ActionUnhelpful:
		id, err := parseQuestionID(a.Value)
		if err != nil {
			return Reply{}, fmt.Errorf("bot: act %s: %w", a.Name, err)
		}
		return b.vote(ctx, a.Platform, a.User, a.Channel, id, a.Name == ActionHelpful, lang), nil
	case ActionTourNext:
		return b.tour(ctx, a.Platform, a.User, lang, tourNext, limit), nil
	case ActionTourBack:
		return b.tour(ctx, a.Platform, a.User, lang, tourBack, limit), nil
	case ActionTopics:
		page, err := strconv.Atoi(a.Value)
		if err != nil {
			return Reply{}, fmt.Errorf("bot: act topics: bad page %q", a.Value)
		}
		return b.topics(lang, page), nil
	}
	return Reply{}, fmt.Errorf("bot: act: unknown action %q", a.Name)
}

// parseQuestionID reads a feedback button's value: a store ID, or "" when
// the question could not be stored.
func parseQuestionID(v string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 1 {
		return 0, fmt.Errorf("bad question ID %q", v)
	}
	return id, nil
}

// showSection answers with the section id; withFull adds "show the full
// section" when the text was cut.
func (b *Bot) showSection(id, lang string, limit int, withFull bool) (Reply, error) {
	kb := b.kb.Base()
	if kb == nil {
		return notice(lang, msgNotReady), nil
	}
	if id == "" {
		return Reply{}, fmt.Errorf("bot: act: no section ID")
	}
	s := kb.Section(id)
	if s == nil {
		return notice(lang, msgGone), nil
	}
	a := b.answer(kb, s, 0, limit, "")
	r := Reply{Kind: KindAnswer, Lang: lang, Answer: a}
	if withFull && a.Truncated {
		r.Actions = []Button{fullButton(lang, s.ID)}
	}
	return r, nil
}

// vote records 👍 or 👎 on the question qid. With qid 0 (an answer not
// stored as a question: a further answer, or a save that failed) or a qid
// the store does not have, no vote can be kept, so none is claimed nor
// counted by the Observer.
func (b *Bot) vote(ctx context.Context, platform, user, channel string, qid int64, helpful bool, lang string) Reply {
	if qid <= 0 { // an answer not stored as a question: no vote can be kept, so none is claimed
		r := notice(lang, msgVoteLost)
		r.Ephemeral = true
		return r
	}
	err := b.store.SaveFeedback(ctx, Feedback{QuestionID: qid, Platform: platform, User: user, Helpful: helpful, Time: b.now()})
	if err != nil {
		b.log.Warn("bot: save feedback", "platform", platform, "user", user, "question", qid, "err", err)
	}
	if errors.Is(err, ErrUnknownQuestion) {
		// A button from before the database was replaced, or another
		// replica's: the store cannot keep the vote, so none is claimed.
		r := notice(lang, msgVoteLost)
		r.Ephemeral = true
		return r
	}
	if err != nil {
		// A full disk or a database locked too long: the vote was not
		// kept, so it is neither thanked for nor counted; pressing again
		// later may keep it.
		r := notice(lang, msgVoteFailed)
		r.Ephemeral = true
		return r
	}
	if b.opts.Observer != nil {
		b.opts.Observer.Feedback(platform, helpful)
	}
	if helpful {
		r := notice(lang, msgThanks)
		r.Ephemeral = true
		return r
	}
	r := notice(lang, msgSorry)
	r.Ephemeral = true
	c := b.mem.convo(chatKey(platform, user, channel))
	if c.question != "" && c.questionID == qid && c.section != "" {
		r.Actions = []Button{moreButton(lang, c.question)}
	}
	return r
}

// feedbackCommand handles "feedback" (ask for a vote on the last answer in
// the channel) and "feedback 👍" / "feedback 👎" (vote on it).
func (b *Bot) feedbackCommand(ctx context.Context, m Message, vote int, lang string) Reply {
	c := b.mem.convo(chatKey(m.Platform, m.User, m.Channel))
	if c.question == "" {
		return notice(lang, msgFeedbackHow)
	}
	if vote != 0 || c.questionID <= 0 { // no buttons for a vote that could not be kept
		return b.vote(ctx, m.Platform, m.User, m.Channel, c.questionID, vote > 0, lang)
	}
	r := notice(lang, msgFeedbackAsk)
	r.Ephemeral = true
	r.Actions = voteButtons(lang, idString(c.questionID))
	return r
}

// Suggest returns up to n topics whose titles match prefix (fuzzy,
// CJK-aware), each title at most 100 characters: for autocomplete. An
// empty prefix gives the first topics of the table of contents.
func (b *Bot) Suggest(ctx context.Context, prefix string, n int) (out []Topic) {
	defer func() {
		if p := recover(); p != nil {
			b.log.Error("bot: panic", "op", "suggest", "panic", p)
			out = nil
		}
	}()
	kb := b.kb.Base()
	if kb == nil || n <= 0 {
		return nil
	}
	prefix = strings.TrimSpace(prefix)
	var ss []*knowledge.Section
	if prefix == "" {
		ss = b.derivedFor(kb).contents
	} else {
		ss = kb.Suggest(prefix, n)
	}
	for _, s := range ss {
		if len(out) == n {
			break
		}
		t := topic(s, 0)
		t.Title = TruncateRunes(t.Title, maxTitle)
		out = append(out, t)
	}
	return out
}
