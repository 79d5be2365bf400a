package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/bwmarrin/discordgo"
)

// Slash command and option names, as Discord sends them back.
const (
	cmdAsk      = "ask"
	cmdTopics   = "topics"
	cmdTour     = "tour"
	optQuestion = "question"
	optPage     = "page"
	optRestart  = "restart"
)

// maxQuestion is the longest /ask question Discord lets a user type.
const maxQuestion = 1000

// commands returns the slash commands kbbot registers, described in English
// with Chinese localizations.
func commands() []*discordgo.ApplicationCommand {
	zh := func(s string) *map[discordgo.Locale]string {
		return &map[discordgo.Locale]string{discordgo.ChineseCN: s}
	}
	one := 1.0
	contexts := &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM}
	return []*discordgo.ApplicationCommand{
		{
			Name: cmdAsk, NameLocalizations: zh("提问"), Type: discordgo.ChatApplicationCommand,
			Description:              "Ask the knowledge base a question",
			DescriptionLocalizations: zh("向知识库提问"),
			Contexts:                 contexts,
			Options: []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionString, Name: optQuestion,
				NameLocalizations:        map[discordgo.Locale]string{discordgo.ChineseCN: "问题"},
				Description:              "Your question, or pick a topic from the list as you type",
				DescriptionLocalizations: map[discordgo.Locale]string{discordgo.ChineseCN: "你的问题，或在输入时从列表中选择一个主题"},
				Required:                 true, Autocomplete: true, MaxLength: maxQuestion,
			}},
		},
		{
			Name: cmdTopics, NameLocalizations: zh("目录"), Type: discordgo.ChatApplicationCommand,
			Description:              "List the topics the knowledge base covers",
			DescriptionLocalizations: zh("列出知识库涵盖的主题"),
			Contexts:                 contexts,
			Options: []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionInteger, Name: optPage,
				NameLocalizations:        map[discordgo.Locale]string{discordgo.ChineseCN: "页码"},
				Description:              "Page of the table of contents (default 1)",
				DescriptionLocalizations: map[discordgo.Locale]string{discordgo.ChineseCN: "目录的页码（默认第 1 页）"},
				MinValue:                 &one, MaxValue: 1000,
			}},
		},
		{
			Name: cmdTour, NameLocalizations: zh("入门"), Type: discordgo.ChatApplicationCommand,
			Description:              "Start or resume the onboarding tour of the docs",
			DescriptionLocalizations: zh("开始或继续文档入门导览"),
			Contexts:                 contexts,
			Options: []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionBoolean, Name: optRestart,
				NameLocalizations:        map[discordgo.Locale]string{discordgo.ChineseCN: "重新开始"},
				Description:              "Start over from the first step",
				DescriptionLocalizations: map[discordgo.Locale]string{discordgo.ChineseCN: "从第一步重新开始"},
			}},
		},
	}
}

// register overwrites the application's commands with kbbot's in one call
// (to the configured guild, instantly, else globally), so it is idempotent.
func (a *Adapter) register(ctx context.Context, appID string) error {
	cmds, err := a.rest.ApplicationCommandBulkOverwrite(appID, a.cfg.GuildID, commands(), discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("discord: register commands: %w", err)
	}
	where := "globally (may take up to an hour to appear)"
	if a.cfg.GuildID != "" {
		where = "in guild " + a.cfg.GuildID
	}
	a.log.Info("discord: slash commands registered "+where, "n", len(cmds))
	return nil
}

// registrar registers the commands once per Run, in the background,
// retrying while Discord is unreachable. A refused token ends Run.
type registrar struct {
	a     *Adapter
	fatal context.CancelCauseFunc
	once  sync.Once
	wg    sync.WaitGroup
}

func newRegistrar(a *Adapter, fatal context.CancelCauseFunc) *registrar {
	return &registrar{a: a, fatal: fatal}
}

// start registers for appID, once; an empty appID waits for READY to tell.
func (r *registrar) start(ctx context.Context, appID string) {
	if appID == "" {
		return
	}
	r.once.Do(func() {
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			r.loop(ctx, appID)
		}()
	})
}

func (r *registrar) wait() { r.wg.Wait() }

func (r *registrar) loop(ctx context.Context, appID string) {
	for n := 0; ; n++ {
		err := r.a.register(ctx, appID)
		if err == nil || ctx.Err() != nil {
			return
		}
		r.a.count("register")
		var rest *discordgo.RESTError
		if errors.As(err, &rest) && rest.Response != nil && rest.Response.StatusCode < 500 {
			if rest.Response.StatusCode == http.StatusUnauthorized {
				r.fatal(fmt.Errorf("%w: Discord refused DISCORD_TOKEN", err))
				return
			}
			r.a.log.Error("discord: slash commands not registered; check DISCORD_APP_ID, DISCORD_GUILD_ID and that the bot was invited with the applications.commands scope",
				"err", err)
			return
		}
		d := r.a.backoff(n)
		r.a.log.Warn("discord: registering commands failed; retrying", "in", d, "err", err)
		if !sleep(ctx, d) {
			return
		}
	}
}
