package discord

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kbbot/kbbot/bot"
)

// maxExcerpt is the section text the adapter asks the bot for: room for it
// in a 4,096-character description after Markdown conversion.
const maxExcerpt = 3500

// Embed colours by kind of reply.
const (
	colorAnswer   = 0x5865F2
	colorNoAnswer = 0xFAA61A
	colorTour     = 0x57F287
	colorTopics   = 0x99AAB5
)

// Component custom IDs are "kb:" + action name + ":" + value.
const customPrefix = "kb:"

// payload is a rendered Reply: what every kind of Discord message carries.
type payload struct {
	Content    string
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
}

// noMentions allows no mention at all: "@everyone" or "<@id>" in a document
// or a question pings no one.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// message returns p as a new channel message replying to ref (may be nil).
func (p payload) message(ref *discordgo.MessageReference) *discordgo.MessageSend {
	return &discordgo.MessageSend{
		Content:         p.Content,
		Embeds:          nonNilEmbeds(p.Embeds),
		Components:      nonNilComponents(p.Components),
		AllowedMentions: noMentions(),
		Reference:       ref,
	}
}

// edit returns p as an edit of an interaction's original response,
// replacing all of its content, embeds and components.
func (p payload) edit() *discordgo.WebhookEdit {
	content, embeds, comps := p.Content, nonNilEmbeds(p.Embeds), nonNilComponents(p.Components)
	return &discordgo.WebhookEdit{Content: &content, Embeds: &embeds, Components: &comps, AllowedMentions: noMentions()}
}

// response returns p as an immediate interaction response of type t.
func (p payload) response(t discordgo.InteractionResponseType, flags discordgo.MessageFlags) *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{Type: t, Data: &discordgo.InteractionResponseData{
		Content:         p.Content,
		Embeds:          nonNilEmbeds(p.Embeds),
		Components:      nonNilComponents(p.Components),
		AllowedMentions: noMentions(),
		Flags:           flags,
	}}
}

func nonNilEmbeds(e []*discordgo.MessageEmbed) []*discordgo.MessageEmbed {
	if e == nil {
		return []*discordgo.MessageEmbed{}
	}
	return e
}

func nonNilComponents(c []discordgo.MessageComponent) []discordgo.MessageComponent {
	if c == nil {
		return []discordgo.MessageComponent{}
	}
	return c
}

// notice renders a line of the adapter's own as a payload.
func notice(text string) payload { return payload{Content: trim(text, maxContent)} }

// renderOpts say where a rendered Reply goes.
type renderOpts struct {
	// private is true for a reply only the asker sees (ephemeral): an answer
	// then gets a Share button.
	private bool
}

// render turns a Reply into a Discord message: the bot's words and notices
// as content, the answer (or topics) as one embed, and the actions as
// buttons and a select menu. Every Discord limit is met.
func render(r bot.Reply, o renderOpts) payload {
	lang := langOf(r.Lang)
	var lines []string
	var e *discordgo.MessageEmbed
	switch {
	case r.Kind == bot.KindTopics:
		e = topicsEmbed(r, lang)
	case r.Kind == bot.KindHelp:
		e = &discordgo.MessageEmbed{Description: trim(clean(r.Text), maxDescription), Color: colorTopics}
	case r.Kind == bot.KindNotice:
		lines = append(lines, r.Text)
	case r.Answer != nil:
		lines = append(lines, r.Text)
		e = answerEmbed(r, lang)
	case r.Kind == bot.KindNoAnswer:
		text := r.Text
		if text == "" {
			text = tr(lang, "noAnswer")
		}
		e = &discordgo.MessageEmbed{Description: trim(clean(text), maxDescription), Color: colorNoAnswer}
		addTopicsField(e, tr(lang, "closest"), r.Related)
	case r.Kind == bot.KindTour:
		e = &discordgo.MessageEmbed{Title: tr(lang, "tourDone"), Description: trim(clean(r.Text), maxDescription), Color: colorTour}
	default:
		lines = append(lines, r.Text)
	}
	lines = append(lines, r.Notices...)
	var p payload
	p.Content = trim(clean(strings.TrimSpace(joinNonEmpty(lines, "\n"))), maxContent)
	if e != nil && (e.Title != "" || e.Description != "" || len(e.Fields) > 0) {
		fitEmbed(e)
		p.Embeds = []*discordgo.MessageEmbed{e}
	}
	p.Components = components(r, lang, o)
	return p
}

// answerEmbed renders r.Answer: title linking to the source, the excerpt,
// the owner and related topics as fields, breadcrumb and source in the footer.
func answerEmbed(r bot.Reply, lang string) *discordgo.MessageEmbed {
	a := r.Answer
	e := &discordgo.MessageEmbed{
		Title:       trim(clean(oneLine(a.Title)), maxTitle),
		Description: trim(markdown(cut(a.Excerpt, 4*maxDescription)), maxDescription),
		Color:       colorAnswer,
	}
	e.URL = linkURL(a.URL)
	var foot []string
	if r.Kind == bot.KindTour && r.Tour != nil && r.Tour.Total > 0 {
		e.Color = colorTour
		foot = append(foot, fmt.Sprintf(tr(lang, "step"), r.Tour.Index, r.Tour.Total))
	}
	if len(a.Path) > 0 {
		foot = append(foot, strings.Join(a.Path, " › "))
	}
	if a.Source != "" {
		src := a.Source
		if a.Line > 0 {
			src += ":" + strconv.Itoa(a.Line)
		}
		foot = append(foot, src)
	}
	if len(foot) > 0 {
		e.Footer = &discordgo.MessageEmbedFooter{Text: trim(clean(oneLine(strings.Join(foot, " · "))), 512)}
	}
	if a.Owner != "" {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
			Name: tr(lang, "owner"), Value: trim(owner(a.Owner), maxFieldValue), Inline: true,
		})
	}
	addTopicsField(e, tr(lang, "related"), r.Related)
	return e
}

// owner shows a document's owner: a user mention "<@123>" stays a mention
// (embeds never ping, and no mention is allowed anyway); anything else is
// untrusted text.
func owner(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "<@") && strings.HasSuffix(s, ">") {
		id := strings.TrimPrefix(strings.TrimSuffix(s[2:], ">"), "!")
		if id != "" && strings.Trim(id, "0123456789") == "" {
			return "<@" + id + ">"
		}
	}
	return escape(oneLine(s))
}

// addTopicsField lists topics in a field of e, as many whole lines as fit.
func addTopicsField(e *discordgo.MessageEmbed, name string, topics []bot.Topic) {
	var b strings.Builder
	for _, t := range topics {
		line := "• " + topicLine(t)
		if units(b.String())+units(line)+1 > maxFieldValue {
			break
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(line)
	}
	if b.Len() > 0 {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: name, Value: b.String()})
	}
}

// topicLine is a topic's title with the breadcrumb above it, escaped.
func topicLine(t bot.Topic) string {
	line := escape(oneLine(t.Title))
	if len(t.Path) > 1 {
		line += " — " + escape(oneLine(strings.Join(t.Path[:len(t.Path)-1], " › ")))
	}
	return line
}

// topicsEmbed renders a page of the table of contents.
func topicsEmbed(r bot.Reply, lang string) *discordgo.MessageEmbed {
	title := tr(lang, "topics")
	if r.Pages > 1 {
		title = fmt.Sprintf(tr(lang, "page"), r.Page, r.Pages)
	}
	var b strings.Builder
	if r.Text != "" {
		b.WriteString(clean(r.Text))
	}
	for i, t := range r.Topics {
		line := fmt.Sprintf("**%d.** %s", i+1, topicLine(t))
		if units(b.String())+units(line)+1 > maxDescription {
			break
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(line)
	}
	return &discordgo.MessageEmbed{Title: title, Description: b.String(), Color: colorTopics}
}

// fitEmbed keeps the embed's characters under Discord's total by shortening
// the description, the only part that can be long.
func fitEmbed(e *discordgo.MessageEmbed) {
	total := units(e.Title) + units(e.Description)
	if e.Footer != nil {
		total += units(e.Footer.Text)
	}
	for _, f := range e.Fields {
		total += units(f.Name) + units(f.Value)
	}
	if over := total - (maxEmbedTotal - 100); over > 0 {
		e.Description = trim(e.Description, units(e.Description)-over)
	}
}

func joinNonEmpty(parts []string, sep string) string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
