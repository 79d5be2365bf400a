package discord

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/kbbot/kbbot/bot"
)

// gatewayLoop connects to the gateway and stays connected until ctx ends:
// while Discord is unreachable it retries with backoff, and after a
// disconnect it reconnects (resuming the session, so missed events are
// replayed; the de-dup guard keeps them from being answered twice).
func (a *Adapter) gatewayLoop(ctx context.Context, b answerer, reg *registrar) {
	s := a.session
	down := make(chan struct{}, 1)
	for _, remove := range []func(){
		s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
			a.gatewayUp.Store(true)
			if r.User != nil {
				a.selfID.Store(r.User.ID)
			}
			if a.appID.Load().(string) == "" && r.Application != nil && r.Application.ID != "" {
				a.appID.Store(r.Application.ID)
				if a.cfg.ShardID == 0 {
					reg.start(ctx, r.Application.ID)
				}
			}
			a.log.Info("discord: gateway ready", "session", r.SessionID, "user", a.selfID.Load())
		}),
		s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) {
			a.gatewayUp.Store(true)
			a.log.Info("discord: gateway resumed")
		}),
		s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
			a.gatewayUp.Store(false)
			select {
			case down <- struct{}{}:
			default:
			}
		}),
		// An event taken before shutdown is answered even if Run's ctx
		// ends meanwhile: its work has jobTimeout, and Run waits grace
		// for it (as the HTTP endpoint does).
		s.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) {
			if ctx.Err() == nil && m != nil && m.Message != nil {
				go a.onMessage(context.WithoutCancel(ctx), b, m.Message)
			}
		}),
		s.AddHandler(func(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
			if ctx.Err() == nil && ic != nil && ic.Interaction != nil {
				go a.onInteraction(context.WithoutCancel(ctx), b, ic.Interaction)
			}
		}),
	} {
		defer remove()
	}

	failures := 0
	for ctx.Err() == nil {
		select { // forget a disconnect from before this attempt
		case <-down:
		default:
		}
		if err := a.dialer.open(ctx, s.Open); err != nil && !errors.Is(err, discordgo.ErrWSAlreadyOpen) {
			a.gatewayUp.Store(false)
			if fatal := fatalClose(err); fatal != nil {
				a.log.Error("discord: gateway refused the bot; not retrying", "err", fatal)
				a.count("gateway")
				reg.fatal(fatal)
				break
			}
			a.count("gateway")
			d := a.backoff(failures)
			failures++
			a.log.Warn("discord: gateway unreachable; retrying", "in", d, "attempt", failures, "err", safeErr(err))
			sleep(ctx, d)
			continue
		}
		connected := time.Now()
		select {
		case <-ctx.Done():
		case <-down:
			if time.Since(connected) > time.Minute {
				failures = 0
			}
			a.log.Warn("discord: gateway disconnected; reconnecting")
			// Dropping straight back would hammer a gateway that keeps
			// closing the connection: wait as for a failure.
			if failures > 0 {
				sleep(ctx, a.backoff(failures-1))
			}
			failures++
		}
	}
	a.gatewayUp.Store(false)
	if err := s.Close(); err != nil {
		a.log.Warn("discord: close gateway", "err", err)
	}
}

// onInteraction answers an interaction that came over the gateway, on a
// goroutine of its own: the immediate response is a REST call, then the
// work runs.
func (a *Adapter) onInteraction(ctx context.Context, b answerer, i *discordgo.Interaction) {
	p, err := a.plan(ctx, b, i)
	if err != nil {
		a.log.Warn("discord: interaction ignored", "interaction", i.ID, "err", err)
		return
	}
	if p.resp == nil {
		return
	}
	if err := a.rest.InteractionRespond(i, p.resp, discordgo.WithContext(ctx)); err != nil {
		p.drop()
		a.log.Error("discord: respond to interaction", "interaction", i.ID, "err", safeErr(err))
		a.count("respond")
		return
	}
	if p.work != nil {
		p.work(ctx)
	}
}

// onMessage answers a DM, or a channel message that mentions the bot, with
// a reply to that message. Bots (itself included), webhooks and system
// messages are ignored.
func (a *Adapter) onMessage(ctx context.Context, b answerer, m *discordgo.Message) {
	defer func() {
		if r := recover(); r != nil {
			a.log.Error("discord: panic answering message", "message", m.ID, "panic", r, "stack", string(debug.Stack()))
			a.count("panic")
		}
	}()
	self, _ := a.selfID.Load().(string)
	if m.Author == nil || m.Author.Bot || m.Author.ID == self || m.WebhookID != "" ||
		(m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply) {
		return
	}
	dm := m.GuildID == ""
	mention := false
	for _, u := range m.Mentions {
		mention = mention || (u != nil && self != "" && u.ID == self)
	}
	if self != "" && (strings.Contains(m.Content, "<@"+self+">") || strings.Contains(m.Content, "<@!"+self+">")) {
		mention = true
	}
	if !dm && !mention {
		return
	}
	if !a.allowedIn(ctx, m.GuildID, m.ChannelID, 10*time.Second) {
		a.log.Debug("discord: channel not in the allow-list", "channel", m.ChannelID)
		return
	}
	if a.seen.seen("m:" + m.ID) {
		a.log.Debug("discord: duplicate message dropped", "message", m.ID)
		return
	}
	text := m.Content
	if self != "" {
		text = strings.NewReplacer("<@"+self+">", " ", "<@!"+self+">", " ").Replace(text)
	}
	text = strings.TrimSpace(text)
	lang := textLang(text)
	ref := &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID, FailIfNotExists: new(bool)}
	t := a.lim.enter()
	if t == nil {
		a.log.Warn("discord: busy; message turned away", "message", m.ID)
		a.count("busy")
		a.send(ctx, m.ChannelID, notice(tr(lang, "busy")).message(ref), text)
		return
	}
	defer t.leave()
	ctx, cancel := context.WithTimeout(ctx, a.jobTimeout)
	defer cancel()
	if err := t.start(ctx); err != nil {
		return
	}
	msg := bot.Message{
		ID: eventID(m.ID), Platform: bot.PlatformDiscord, Workspace: m.GuildID, Channel: m.ChannelID,
		Thread: m.ID, User: m.Author.ID, Text: text, DM: dm, Mention: mention && !dm, MaxExcerpt: maxExcerpt,
	}
	reply, err := b.Handle(ctx, msg)
	p, ok := a.result(reply, err, lang, renderOpts{}, "message", m.ID, text)
	if !ok {
		return
	}
	a.send(ctx, m.ChannelID, p.message(ref), text)
}

// send posts a message, and logs a failure with the question.
func (a *Adapter) send(ctx context.Context, channel string, m *discordgo.MessageSend, question string) {
	if _, err := a.rest.ChannelMessageSendComplex(channel, m, discordgo.WithContext(ctx)); err != nil {
		a.log.Error("discord: send answer failed", "channel", channel, "question", question, "err", safeErr(err))
		a.count("send")
	}
}

// fatalClose returns a clear error when the gateway closed with a code no
// retry can fix (a refused token, bad shard settings, an intent the
// application may not ask for), and nil for any other failure.
func fatalClose(err error) error {
	var ce *websocket.CloseError
	if !errors.As(err, &ce) {
		return nil
	}
	switch ce.Code {
	case 4004:
		return fmt.Errorf("discord: gateway: Discord refused DISCORD_TOKEN (close 4004: %s)", ce.Text)
	case 4010, 4011:
		return fmt.Errorf("discord: gateway: shard settings refused (close %d: %s): check discord.shard_id and discord.shard_count", ce.Code, ce.Text)
	case 4012, 4013:
		return fmt.Errorf("discord: gateway: refused (close %d: %s)", ce.Code, ce.Text)
	case 4014:
		return fmt.Errorf("discord: gateway: intent not allowed (close 4014: %s): discord.message_content needs Bot › Privileged Gateway Intents › Message Content Intent enabled in the Developer Portal, or set it to false", ce.Text)
	}
	return nil
}
