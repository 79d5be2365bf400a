package main

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/kbbot/kbbot/adapters/discord"
	"github.com/kbbot/kbbot/adapters/slack"
	"github.com/kbbot/kbbot/bot"
)

// chatAdapter is what serve needs of a platform adapter; *slack.Adapter
// and *discord.Adapter have it.
type chatAdapter interface {
	Mode() string
	Ready() bool
	Routes(b *bot.Bot) map[string]http.Handler
	Run(ctx context.Context, b *bot.Bot) error
}

var (
	_ chatAdapter = (*slack.Adapter)(nil)
	_ chatAdapter = (*discord.Adapter)(nil)
)

// platformAdapter is one adapter that serve runs.
type platformAdapter struct {
	platform string
	a        chatAdapter
	log      *slog.Logger
}

func (p *platformAdapter) mode() string                              { return p.a.Mode() }
func (p *platformAdapter) ready() bool                               { return p.a.Ready() }
func (p *platformAdapter) routes(b *bot.Bot) map[string]http.Handler { return p.a.Routes(b) }

// state is what the adapter says of its connection beyond ready, or "".
func (p *platformAdapter) state() string {
	if s, ok := p.a.(interface{ State() string }); ok {
		return s.State()
	}
	return ""
}

// run runs the adapter; a panic in it is an error, not a crash of the
// other adapters.
func (p *platformAdapter) run(ctx context.Context, b *bot.Bot) (err error) {
	defer func() {
		if r := recover(); r != nil {
			p.log.Error(p.platform+": panic", "panic", r, "stack", string(debug.Stack()))
			err = errors.New(p.platform + ": panic in adapter")
		}
	}()
	return p.a.Run(ctx, b)
}

// newPlatformAdapters builds the adapters whose credentials are set. It
// makes no network connection: an error is a configuration error.
func newPlatformAdapters(c *serveConfig, log *slog.Logger, m *metrics, client *http.Client) ([]*platformAdapter, error) {
	var out []*platformAdapter
	var errs []error
	if c.wantsSlack() {
		a, err := slack.New(slack.Config{
			BotToken:      string(c.Slack.BotToken),
			AppToken:      string(c.Slack.AppToken),
			SigningSecret: string(c.Slack.SigningSecret),
			APIURL:        c.Slack.APIURL,
			Channels:      c.Slack.Channels,
			Workers:       c.Slack.Workers,
			QueueSize:     c.Slack.QueueSize,
			HTTPClient:    client,
			Logger:        log,
			Metrics:       m,
			Grace:         c.Grace,
		})
		if err != nil {
			errs = append(errs, err)
		} else {
			out = append(out, &platformAdapter{platform: bot.PlatformSlack, a: a, log: log})
		}
	}
	if c.wantsDiscord() {
		a, err := discord.New(discord.Config{
			Token:          string(c.Discord.Token),
			AppID:          c.Discord.AppID,
			PublicKey:      c.Discord.PublicKey,
			GuildID:        c.Discord.GuildID,
			APIURL:         c.Discord.APIURL,
			ShardID:        c.Discord.ShardID,
			ShardCount:     c.Discord.ShardCount,
			MessageContent: c.Discord.MessageContent,
			Workers:        c.Discord.Workers,
			HTTPClient:     client,
			Logger:         log,
			Metrics:        m,
			Grace:          c.Grace,
			Channels:       c.Discord.Channels,
		})
		if err != nil {
			errs = append(errs, err)
		} else {
			out = append(out, &platformAdapter{platform: bot.PlatformDiscord, a: a, log: log})
		}
	}
	return out, errors.Join(errs...)
}
