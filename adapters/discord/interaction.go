package discord

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/kbbot/kbbot/bot"
)

// choicePrefix marks an autocomplete choice's value as a section ID:
// choosing the suggestion answers with exactly that section.
const choicePrefix = "§"

// maxChoices is the most autocomplete choices Discord shows.
const maxChoices = 25

// plan is the first answer to an interaction, made at once, and the work
// that finishes it afterwards.
type plan struct {
	// resp is the immediate response; nil for a duplicate, which gets none.
	resp *discordgo.InteractionResponse
	// work runs after resp was sent, and gives ticket back; nil if none.
	work   func(ctx context.Context)
	ticket *ticket
}

// drop gives back the ticket of work that will not run.
func (p plan) drop() { p.ticket.leave() }

// eventID is the Message/Action ID for de-duplication in the bot's store.
func eventID(id string) string { return "discord:" + id }

// plan decides the immediate response to i. It never blocks on the bot,
// except for autocomplete, which must answer with its choices.
func (a *Adapter) plan(ctx context.Context, b answerer, i *discordgo.Interaction) (p plan, err error) {
	defer func() {
		if r := recover(); r != nil {
			a.log.Error("discord: panic handling interaction", "interaction", i.ID, "type", int(i.Type), "panic", r, "stack", string(debug.Stack()))
			a.count("panic")
			p, err = plan{}, errors.New("bad interaction: internal error")
		}
	}()
	switch i.Type {
	case discordgo.InteractionPing:
		return plan{resp: &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}}, nil
	case discordgo.InteractionApplicationCommandAutocomplete:
		d, _ := i.Data.(discordgo.ApplicationCommandInteractionData)
		return plan{resp: &discordgo.InteractionResponse{
			Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: a.choices(ctx, b, d)},
		}}, nil
	case discordgo.InteractionApplicationCommand:
		d, _ := i.Data.(discordgo.ApplicationCommandInteractionData)
		return a.planCommand(ctx, b, i, d), nil
	case discordgo.InteractionMessageComponent:
		d, _ := i.Data.(discordgo.MessageComponentInteractionData)
		return a.planComponent(b, i, d), nil
	}
	return plan{}, fmt.Errorf("bad interaction: unsupported interaction type %d", int(i.Type))
}

// choices ranks section titles for what the user typed so far.
func (a *Adapter) choices(ctx context.Context, b answerer, d discordgo.ApplicationCommandInteractionData) []*discordgo.ApplicationCommandOptionChoice {
	prefix := ""
	for _, o := range d.Options {
		if o != nil && o.Focused {
			prefix, _ = o.Value.(string)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	out := []*discordgo.ApplicationCommandOptionChoice{}
	seen := map[string]bool{}
	for _, t := range b.Suggest(ctx, cut(strings.TrimSpace(prefix), maxQuestion), maxChoices) {
		name := cut(oneLine(strings.ToValidUTF8(t.Title, "")), maxChoice)
		if name == "" {
			continue
		}
		value := choicePrefix + t.SectionID
		if t.SectionID == "" || units(value) > maxChoice {
			value = name // too long to name the section: ask with the title instead
		}
		if seen[value] {
			continue
		}
		seen[value] = true
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: name, Value: value})
		if len(out) == maxChoices {
			break
		}
	}
	return out
}

// planCommand defers a private response to a slash command and asks the
// bot afterwards.
func (a *Adapter) planCommand(ctx context.Context, b answerer, i *discordgo.Interaction, d discordgo.ApplicationCommandInteractionData) plan {
	lang := langOf(string(i.Locale))
	text := ""
	switch d.Name {
	case cmdAsk:
		text, _ = option(d, optQuestion).(string)
	case cmdTopics:
		// The bot reads commands in words, in the user's language.
		text = map[string]string{"en": "topics", "zh": "目录"}[lang]
		if page, ok := option(d, optPage).(float64); ok && page >= 1 && page <= 1e6 {
			text += " " + strconv.Itoa(int(page))
		}
	case cmdTour:
		text = map[string]string{"en": "tour", "zh": "入门"}[lang]
		if restart, _ := option(d, optRestart).(bool); restart {
			text += map[string]string{"en": " restart", "zh": " 重新开始"}[lang]
		}
	default:
		return immediate(notice(tr(lang, "unknown")))
	}
	// A thread's channel is looked up within a second: the response is
	// due within three.
	if !a.allowedIn(ctx, i.GuildID, i.ChannelID, time.Second) {
		return immediate(notice(tr(lang, "notHere")))
	}
	var call func(ctx context.Context) (bot.Reply, error)
	if id, ok := strings.CutPrefix(text, choicePrefix); ok && d.Name == cmdAsk && id != "" {
		act := a.action(i, bot.ActionAnswer, id)
		call = func(ctx context.Context) (bot.Reply, error) { return b.Act(ctx, act) }
	} else {
		m := bot.Message{
			ID: eventID(i.ID), Platform: bot.PlatformDiscord, Workspace: i.GuildID, Channel: i.ChannelID,
			User: userID(i), Locale: string(i.Locale), Text: strings.TrimSpace(text),
			DM: i.GuildID == "", Command: true, MaxExcerpt: maxExcerpt,
		}
		call = func(ctx context.Context) (bot.Reply, error) { return b.Handle(ctx, m) }
	}
	return a.deferred(i, lang, text, discordgo.InteractionResponseDeferredChannelMessageWithSource, true, call)
}

// planComponent answers a button press or a topic chosen from a menu.
func (a *Adapter) planComponent(b answerer, i *discordgo.Interaction, d discordgo.MessageComponentInteractionData) plan {
	lang := langOf(string(i.Locale))
	name, value, ok := parseCustomID(d.CustomID)
	if d.CustomID == selectID {
		value = ""
		if len(d.Values) > 0 {
			value = d.Values[0]
		}
	}
	if !ok || (d.CustomID == selectID && value == "") {
		return immediate(notice(tr(lang, "stale")))
	}
	// Where the result goes: sharing posts in the channel; a press on a
	// private message replaces it; anything else is a new private message.
	typ, private := discordgo.InteractionResponseDeferredChannelMessageWithSource, true
	switch {
	case name == bot.ActionShare:
		private = false
	case name == bot.ActionHelpful || name == bot.ActionUnhelpful:
	case i.Message != nil && i.Message.Flags&discordgo.MessageFlagsEphemeral != 0:
		typ = discordgo.InteractionResponseDeferredMessageUpdate
	}
	act := a.action(i, name, value)
	call := func(ctx context.Context) (bot.Reply, error) { return b.Act(ctx, act) }
	return a.deferred(i, lang, name+" "+value, typ, private, call)
}

// option returns the value of the named option as JSON decoded it
// (string, float64, bool), or nil.
func option(d discordgo.ApplicationCommandInteractionData, name string) any {
	for _, o := range d.Options {
		if o != nil && o.Name == name {
			return o.Value
		}
	}
	return nil
}

func (a *Adapter) action(i *discordgo.Interaction, name, value string) bot.Action {
	return bot.Action{
		ID: eventID(i.ID), Platform: bot.PlatformDiscord, Channel: i.ChannelID, User: userID(i),
		Locale: string(i.Locale), Name: name, Value: value, MaxExcerpt: maxExcerpt,
	}
}

// immediate answers at once with a private notice.
func immediate(p payload) plan {
	return plan{resp: p.response(discordgo.InteractionResponseChannelMessageWithSource, discordgo.MessageFlagsEphemeral)}
}

// deferred takes a place for the work and acknowledges i with typ (private
// or not); when no place is free it answers at once that the bot is busy.
// An interaction seen before gets no response (plan{}).
func (a *Adapter) deferred(i *discordgo.Interaction, lang, question string, typ discordgo.InteractionResponseType, private bool,
	call func(ctx context.Context) (bot.Reply, error)) plan {
	if a.seen.seen("i:" + i.ID) {
		a.log.Debug("discord: duplicate interaction dropped", "interaction", i.ID)
		return plan{}
	}
	t := a.lim.enter()
	if t == nil {
		a.log.Warn("discord: busy; interaction turned away", "interaction", i.ID)
		a.count("busy")
		return immediate(notice(tr(lang, "busy")))
	}
	resp := &discordgo.InteractionResponse{Type: typ}
	if typ == discordgo.InteractionResponseDeferredChannelMessageWithSource && private {
		resp.Data = &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}
	}
	work := func(ctx context.Context) { a.finish(ctx, i, t, lang, question, private, call) }
	return plan{resp: resp, work: work, ticket: t}
}

// finish asks the bot and edits the deferred response with the answer. It
// recovers from a panic, and logs a failed edit with the question.
func (a *Adapter) finish(ctx context.Context, i *discordgo.Interaction, t *ticket, lang, question string, private bool,
	call func(ctx context.Context) (bot.Reply, error)) {
	defer t.leave()
	ctx, cancel := context.WithTimeout(ctx, a.jobTimeout)
	defer cancel()
	defer func() {
		if r := recover(); r != nil {
			a.log.Error("discord: panic answering", "interaction", i.ID, "question", question, "panic", r, "stack", string(debug.Stack()))
			a.count("panic")
			a.edit(ctx, i, notice(tr(lang, "failed")), question)
		}
	}()
	if err := t.start(ctx); err != nil {
		a.edit(context.WithoutCancel(ctx), i, notice(tr(lang, "busy")), question)
		return
	}
	start := time.Now()
	reply, err := call(ctx)
	p, ok := a.result(reply, err, lang, renderOpts{private: private}, "interaction", i.ID, question)
	if !ok {
		if err := a.rest.InteractionResponseDelete(i, discordgo.WithContext(ctx)); err != nil {
			a.log.Warn("discord: delete deferred response", "interaction", i.ID, "err", safeErr(err))
		}
		return
	}
	if a.edit(ctx, i, p, question) {
		a.log.Debug("discord: answered interaction", "interaction", i.ID, "latency", time.Since(start))
	}
}

// result turns what the bot returned for an event (kind "message" or
// "interaction", with its id) into what to send: the rendered reply, or
// the failure notice after logging and counting the error. ok is false for
// a duplicate the store already saw, which gets nothing.
func (a *Adapter) result(reply bot.Reply, err error, lang string, opts renderOpts, kind, id, question string) (p payload, ok bool) {
	switch {
	case errors.Is(err, bot.ErrDuplicate):
		a.log.Debug("discord: duplicate "+kind+" dropped by the store", kind, id)
		return payload{}, false
	case err != nil:
		a.log.Error("discord: bot failed", kind, id, "question", question, "err", err)
		a.count("bot")
		return notice(tr(lang, "failed")), true
	}
	return render(reply, opts), true
}

// edit replaces the deferred response with p, and logs a failure with the
// question so it is not lost.
func (a *Adapter) edit(ctx context.Context, i *discordgo.Interaction, p payload, question string) bool {
	if _, err := a.rest.InteractionResponseEdit(i, p.edit(), discordgo.WithContext(ctx)); err != nil {
		a.log.Error("discord: edit answer failed", "interaction", i.ID, "channel", i.ChannelID, "user", userID(i),
			"question", question, "err", safeErr(err))
		a.count("edit")
		return false
	}
	return true
}

// userID is who caused the interaction, in a guild or a DM.
func userID(i *discordgo.Interaction) string {
	switch {
	case i.Member != nil && i.Member.User != nil:
		return i.Member.User.ID
	case i.User != nil:
		return i.User.ID
	}
	return ""
}
