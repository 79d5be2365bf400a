package discord

import (
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kbbot/kbbot/bot"
)

// Discord allows 5 action rows a message and 5 buttons a row.
const (
	maxRows       = 5
	maxRowButtons = 5
	maxOptions    = 25
)

// selectID is the custom ID of the topic select menus: the chosen option's
// value is the section ID.
const selectID = customPrefix + bot.ActionAnswer + ":menu"

// components renders the Reply's actions as rows of buttons, then a select
// menu over its related topics or table of contents. A button whose custom
// ID cannot fit 100 characters is left out (the "more" button's question is
// shortened instead); a Share button is added to private answers and
// dropped from public ones.
func components(r bot.Reply, lang string, o renderOpts) []discordgo.MessageComponent {
	actions := r.Actions
	hasShare := false
	for _, b := range actions {
		hasShare = hasShare || b.Name == bot.ActionShare
	}
	if o.private && !hasShare && r.Answer != nil && r.Answer.SectionID != "" && r.Kind == bot.KindAnswer {
		actions = append(actions[:len(actions):len(actions)], bot.Button{
			Name: bot.ActionShare, Label: tr(lang, "share"), Value: r.Answer.SectionID, Style: "primary",
		})
	}
	menu := topicMenu(r, lang)
	rows := maxRows
	if menu != nil {
		rows--
	}
	var out []discordgo.MessageComponent
	var row []discordgo.MessageComponent
	seen := map[string]bool{}
	for _, b := range actions {
		if b.Name == bot.ActionShare && !o.private {
			continue
		}
		id, ok := customID(b.Name, b.Value)
		if !ok || seen[id] {
			continue
		}
		seen[id] = true
		if len(row) == maxRowButtons {
			if len(out) == rows-1 {
				break
			}
			out = append(out, discordgo.ActionsRow{Components: row})
			row = nil
		}
		row = append(row, discordgo.Button{Label: label(b), Style: buttonStyle(b.Style), CustomID: id})
	}
	if len(row) > 0 {
		out = append(out, discordgo.ActionsRow{Components: row})
	}
	if menu != nil {
		out = append(out, discordgo.ActionsRow{Components: []discordgo.MessageComponent{*menu}})
	}
	return out
}

// customID builds "kb:name:value", at most 100 characters. Only the "more"
// button's value (a question) may be shortened to fit.
func customID(name, value string) (string, bool) {
	if name == "" || strings.Contains(name, ":") {
		return "", false
	}
	head := customPrefix + name + ":"
	value = strings.ToValidUTF8(value, "")
	if units(head)+units(value) > maxCustomID {
		if name != bot.ActionMore {
			return "", false
		}
		value = strings.TrimSpace(cut(value, maxCustomID-units(head)))
	}
	return head + value, true
}

// parseCustomID splits "kb:name:value"; ok is false for IDs kbbot never made.
func parseCustomID(id string) (name, value string, ok bool) {
	rest, found := strings.CutPrefix(id, customPrefix)
	if !found {
		return "", "", false
	}
	name, value, _ = strings.Cut(rest, ":")
	return name, value, name != ""
}

func label(b bot.Button) string {
	l := strings.TrimSpace(oneLine(strings.ToValidUTF8(b.Label, "")))
	if l == "" {
		l = b.Name
	}
	return cut(l, maxLabel)
}

func buttonStyle(s string) discordgo.ButtonStyle {
	switch s {
	case "primary":
		return discordgo.PrimaryButton
	case "danger":
		return discordgo.DangerButton
	}
	return discordgo.SecondaryButton
}

// topicMenu offers the table of contents or the related topics as a
// select menu; choosing one answers with exactly that section.
func topicMenu(r bot.Reply, lang string) *discordgo.SelectMenu {
	topics, placeholder := r.Related, tr(lang, "pickRelated")
	if r.Kind == bot.KindTopics {
		topics, placeholder = r.Topics, tr(lang, "pickTopic")
	}
	var opts []discordgo.SelectMenuOption
	seen := map[string]bool{}
	for _, t := range topics {
		if len(opts) == maxOptions {
			break
		}
		title := cut(oneLine(strings.ToValidUTF8(t.Title, "")), maxChoice)
		if t.SectionID == "" || units(t.SectionID) > maxChoice || seen[t.SectionID] || title == "" {
			continue
		}
		seen[t.SectionID] = true
		desc := tr(lang, "topicHint")
		if len(t.Path) > 1 {
			desc = strings.Join(t.Path[:len(t.Path)-1], " › ")
		}
		opts = append(opts, discordgo.SelectMenuOption{
			Label: title, Value: t.SectionID, Description: cut(oneLine(strings.ToValidUTF8(desc, "")), maxChoice),
		})
	}
	if len(opts) == 0 {
		return nil
	}
	return &discordgo.SelectMenu{
		MenuType: discordgo.StringSelectMenu, CustomID: selectID, Placeholder: placeholder, Options: opts,
	}
}
