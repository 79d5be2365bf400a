package slack

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/kbbot/kbbot/bot"
	"github.com/slack-go/slack"
)

// doMessage asks the bot about a mention, DM or /ask and posts the reply.
func (a *Adapter) doMessage(ctx context.Context, j *job) {
	reply, err := j.ans.Handle(ctx, j.msg)
	if !a.replied(ctx, j, reply, err) {
		return
	}
	m := render(reply, renderOpts{share: j.kind == jobCommand})
	if err := a.post(ctx, j, m, j.ephemeral || (reply.Ephemeral && !j.msg.DM)); err != nil {
		a.failed(ctx, j, "post answer", err)
		return
	}
	a.log.Debug("slack: answered", "channel", j.channel, "user", j.user, "kind", reply.Kind,
		"latency", time.Since(j.received))
}

// doAction asks the bot about a button press and shows the result: in
// place of the pressed message (feedback, full section, tour steps,
// pages of topics), in
// the channel (share), or as a new message (more answers, a topic).
func (a *Adapter) doAction(ctx context.Context, j *job) {
	reply, err := j.ans.Act(ctx, j.act)
	if !a.replied(ctx, j, reply, err) {
		return
	}
	op := "post " + j.act.Name
	// A message the channel sees is never changed in place: others may
	// still vote on it. Its presser gets a reply of their own, and their
	// next presses change only that.
	others := seenByOthers(j)
	switch name := j.act.Name; {
	case (name == bot.ActionHelpful || name == bot.ActionUnhelpful) && !others:
		err = a.ackFeedback(ctx, j, reply)
	case reply.Kind == bot.KindNotice:
		// "That section is gone", "slow down", thanks for a vote: for the
		// presser only, and never in place of the answer.
		err = a.post(ctx, j, render(reply, renderOpts{}), true)
	case name == bot.ActionFull || name == bot.ActionTourNext || name == bot.ActionTourBack || name == bot.ActionTopics:
		if others {
			err = a.post(ctx, j, render(reply, renderOpts{share: true}), true)
		} else {
			err = a.replace(ctx, j, render(reply, renderOpts{share: j.ephemeral}))
		}
	case name == bot.ActionShare:
		err = a.share(ctx, j, reply)
	default:
		err = a.post(ctx, j, render(reply, renderOpts{share: j.ephemeral}), j.ephemeral || reply.Ephemeral)
	}
	if err != nil {
		a.failed(ctx, j, op, err)
	}
}

// seenByOthers reports whether the pressed message is one the whole
// channel sees (not a DM, not a private reply): changing it in place would
// change it for everyone.
func seenByOthers(j *job) bool {
	return !j.ephemeral && !strings.HasPrefix(j.channel, "D")
}

// replied reports whether the bot's reply to j is to be posted. A
// duplicate is dropped; an error is logged and the user told. Otherwise
// j takes the reply's language for any later notice.
func (a *Adapter) replied(ctx context.Context, j *job, reply bot.Reply, err error) bool {
	action := j.kind == jobAction
	switch {
	case errors.Is(err, bot.ErrDuplicate):
		if action {
			a.log.Debug("slack: action already handled", "id", j.key())
		} else {
			a.log.Debug("slack: already answered", "id", j.key())
		}
		return false
	case err != nil:
		a.cfg.Metrics.AdapterError(platform, "answer")
		if action {
			a.log.Error("slack: action failed", "err", err, "action", j.act.Name, "value", j.act.Value, "channel", j.channel, "user", j.user)
		} else {
			a.log.Error("slack: answer failed", "err", err, "question", j.question, "channel", j.channel, "user", j.user)
		}
		a.notify(ctx, j, word(j.lang, "error"))
		return false
	}
	if reply.Lang != "" {
		j.lang = reply.Lang
	}
	return true
}

// post sends m where j's answer goes: privately (response_url, else
// chat.postEphemeral) or to the channel, in the thread when there is one.
func (a *Adapter) post(ctx context.Context, j *job, m message, private bool) error {
	return a.postWith(ctx, a.retry, j, m, private)
}

func (a *Adapter) postWith(ctx context.Context, retry retryPolicy, j *job, m message, private bool) error {
	retry.posts = true
	opts := m.options()
	viaURL := private && j.responseURL != "" // lands where the command or message was
	if j.thread != "" && !viaURL {
		opts = append(opts, slack.MsgOptionTS(j.thread))
	}
	switch {
	case viaURL:
		opts = append(opts, slack.MsgOptionResponseURL(j.responseURL, slack.ResponseTypeEphemeral))
		return a.postMsg(ctx, retry, "", opts...)
	case private:
		return retry.do(ctx, func(ctx context.Context) error {
			_, err := a.api.PostEphemeralContext(ctx, j.channel, j.user, opts...)
			return err
		})
	default:
		return a.postMsg(ctx, retry, j.channel, opts...)
	}
}

// postMsg calls chat.postMessage, retrying as r says. Channel "" with
// slack.MsgOptionResponseURL among opts posts to a response_url instead.
func (a *Adapter) postMsg(ctx context.Context, r retryPolicy, channel string, opts ...slack.MsgOption) error {
	r.posts = true
	return r.do(ctx, func(ctx context.Context) error {
		_, _, err := a.api.PostMessageContext(ctx, channel, opts...)
		if channel == "" {
			err = hideResponseURL(err)
		}
		return err
	})
}

// hideResponseURL takes a response_url out of err's text: a call that
// failed names its URL (*url.Error), and a response_url lets whoever holds
// it post in the channel as the app for half an hour, so it must never
// reach a log.
func hideResponseURL(err error) error {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		ue.URL = "(response_url)"
	}
	return err
}

// replace puts m in place of the pressed message: chat.update for a
// normal message, response_url for a private one (or when update fails).
func (a *Adapter) replace(ctx context.Context, j *job, m message) error {
	opts := m.options()
	if !j.ephemeral && j.messageTS != "" && j.channel != "" {
		err := a.retry.do(ctx, func(ctx context.Context) error {
			_, _, _, err := a.api.UpdateMessageContext(ctx, j.channel, j.messageTS, opts...)
			return err
		})
		if err == nil || j.responseURL == "" {
			return err
		}
		a.log.Debug("slack: chat.update failed, trying response_url", "err", err)
	}
	if j.responseURL == "" {
		return errors.New("no message to update: neither message_ts nor response_url")
	}
	typ := slack.ResponseTypeInChannel
	if j.ephemeral {
		typ = slack.ResponseTypeEphemeral
	}
	opts = append(opts, slack.MsgOptionResponseURL(j.responseURL, typ), slack.MsgOptionReplaceOriginal(j.responseURL))
	return a.postMsg(ctx, a.retry, "", opts...)
}

// share posts an answer from a private reply for the whole channel to
// see, then removes the private copy.
func (a *Adapter) share(ctx context.Context, j *job, reply bot.Reply) error {
	m := render(reply, renderOpts{shared: true, sharedBy: j.user})
	if j.responseURL == "" {
		sj := *j
		sj.thread = ""
		return a.post(ctx, &sj, m, false)
	}
	opts := append(m.options(), slack.MsgOptionResponseURL(j.responseURL, slack.ResponseTypeInChannel))
	err := a.postMsg(ctx, a.retry, "", opts...)
	if err != nil || !j.ephemeral {
		return err
	}
	if _, _, err := a.api.PostMessageContext(ctx, "", slack.MsgOptionDeleteOriginal(j.responseURL)); err != nil {
		a.log.Debug("slack: could not remove the private copy after sharing", "err", hideResponseURL(err))
	}
	return nil
}

// ackFeedback acknowledges a vote on a message only the voter sees (a DM)
// by updating it: the vote buttons give way to the bot's thanks and its
// buttons ("more answers" after 👎). Without the message's blocks (a
// private message), the voter is thanked privately.
func (a *Adapter) ackFeedback(ctx context.Context, j *job, reply bot.Reply) error {
	note := reply.Text
	if len(reply.Notices) > 0 {
		note = strings.Join(reply.Notices, " ")
	}
	if strings.TrimSpace(note) == "" {
		note = word(j.lang, "thanks")
	}
	note = inline(trimPlain(note, 1000), inlineOpts{})
	more := &builder{lang: reply.Lang}
	if len(j.original) == 0 {
		more.actions(reply.Actions)
		m := message{Text: note}
		if len(more.blocks) > 0 {
			m.Blocks = append([]slack.Block{slack.NewSectionBlock(mrkdwnText(note), nil, nil)}, more.blocks...)
		}
		return a.post(ctx, j, m, true)
	}
	blocks := withoutVotes(j.original)
	// A button the message keeps ("more answers" on an answer that had
	// it) is not added again: it would show twice, with the same
	// action_id.
	kept := buttonNames(blocks)
	var add []bot.Button
	for _, btn := range reply.Actions {
		if !kept[btn.Name] {
			add = append(add, btn)
		}
	}
	more.actions(add)
	blocks = append(blocks, slack.NewContextBlock("", mrkdwnText(note)))
	blocks = append(blocks, more.blocks...)
	text := j.originalText
	if strings.TrimSpace(text) == "" {
		text = note
	}
	return a.replace(ctx, j, message{Text: text, Blocks: capBlocks(blocks)})
}

// buttonNames returns the bot action names of the buttons in blocks.
func buttonNames(blocks []slack.Block) map[string]bool {
	names := map[string]bool{}
	for _, b := range blocks {
		ab, ok := b.(*slack.ActionBlock)
		if !ok || ab.Elements == nil {
			continue
		}
		for _, el := range ab.Elements.ElementSet {
			if btn, ok := el.(*slack.ButtonBlockElement); ok {
				if name, ok := actionName(btn.ActionID); ok {
					names[name] = true
				}
			}
		}
	}
	return names
}

// withoutVotes copies blocks without the helpful/unhelpful buttons (and
// without an actions block left empty).
func withoutVotes(in []slack.Block) []slack.Block {
	out := make([]slack.Block, 0, len(in)+1)
	for _, b := range in {
		ab, ok := b.(*slack.ActionBlock)
		if !ok || ab.Elements == nil {
			out = append(out, b)
			continue
		}
		var keep []slack.BlockElement
		for _, el := range ab.Elements.ElementSet {
			if btn, ok := el.(*slack.ButtonBlockElement); ok {
				if name, ok := actionName(btn.ActionID); ok && (name == bot.ActionHelpful || name == bot.ActionUnhelpful) {
					continue
				}
			}
			keep = append(keep, el)
		}
		if len(keep) > 0 {
			out = append(out, slack.NewActionBlock(ab.BlockID, keep...))
		}
	}
	return out
}

// failed logs a reply that could not be posted, with the question, and
// tries to tell the user with a plain notice.
func (a *Adapter) failed(ctx context.Context, j *job, op string, err error) {
	a.cfg.Metrics.AdapterError(platform, "post")
	a.log.Error("slack: "+op+" failed", "err", err, "question", j.question, "channel", j.channel,
		"thread", j.thread, "user", j.user)
	if errors.Is(err, errMaybePosted) {
		return // the answer may be there: a notice that it failed could be wrong
	}
	a.notify(ctx, j, word(j.lang, "failed"))
}

// notify posts a short plain notice about j (busy, error): to the asker
// privately for commands and button presses, in the thread otherwise.
func (a *Adapter) notify(ctx context.Context, j *job, text string) {
	private := j.ephemeral || j.kind == jobAction
	r := a.retry
	r.attempts = min(r.attempts, 2) // a notice is worth less waiting than an answer
	err := a.postWith(ctx, r, j, message{Text: escape(text)}, private)
	if err != nil {
		a.cfg.Metrics.AdapterError(platform, "notify")
		a.log.Error("slack: could not tell the user", "err", err, "notice", text, "question", j.question,
			"channel", j.channel, "user", j.user)
	}
}
