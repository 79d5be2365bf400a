package slack

import (
	"strconv"
	"strings"

	"github.com/kbbot/kbbot/bot"
	"github.com/slack-go/slack"
)

// Block Kit limits (https://docs.slack.dev/reference/block-kit).
const (
	maxText        = 3000 // characters in one text object
	maxHeader      = 150  // characters in a header block
	maxBlocks      = 50   // blocks in one message
	maxButtonText  = 75   // characters on a button
	maxButtonValue = 2000 // characters in a button's value
	maxButtons     = 25   // elements in one actions block
	maxContext     = 10   // elements in one context block
	// excerptBudget bounds the section text in one message, keeping the
	// whole message well under Slack's ~12,000 characters of blocks.
	excerptBudget = 9000
)

// Excerpt sizes asked of the bot: one text object for an answer (escaping
// can grow it; the renderer splits what does not fit), most of the message
// budget for "show the full section".
const (
	answerExcerpt = 2500
	fullExcerpt   = 8000
)

// actionPrefix starts every action_id this adapter renders: "kb:" + the
// bot's action name + ":" + the button's index (action IDs must be unique
// within a message).
const actionPrefix = "kb:"

// message is a rendered Slack message: the notification fallback text and
// the blocks.
type message struct {
	Text   string        `json:"text"`
	Blocks []slack.Block `json:"blocks"`
}

// options returns the chat.* options that send m.
func (m message) options() []slack.MsgOption {
	opts := []slack.MsgOption{slack.MsgOptionText(m.Text, false)}
	if len(m.Blocks) > 0 { // "blocks": [] is not "no blocks" to Slack
		opts = append(opts, slack.MsgOptionBlocks(m.Blocks...))
	}
	return opts
}

// renderOpts adjust a rendering to where it goes.
type renderOpts struct {
	share    bool   // add a "Share in channel" button to an answer (ephemeral replies)
	shared   bool   // drop share buttons (the message is the shared copy)
	sharedBy string // user ID shown as "Shared by"
}

// builder accumulates blocks for one message and counts their text.
type builder struct {
	lang   string
	blocks []slack.Block
	used   int // characters of text in blocks
}

func mrkdwnText(s string) *slack.TextBlockObject {
	// verbatim: Slack must not turn document text into links or mentions
	// on its own; links this adapter makes are explicit.
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, true)
}

func (b *builder) section(s string) {
	if strings.TrimSpace(s) != "" {
		b.used += size(s)
		b.blocks = append(b.blocks, slack.NewSectionBlock(mrkdwnText(s), nil, nil))
	}
}

// markdown adds Markdown as section blocks within budget characters and
// reports whether some of it did not fit.
func (b *builder) markdown(md string, budget int) (cut bool) {
	used := 0
	for _, c := range mrkdwnChunks(md, maxText) {
		if used+size(c) > budget {
			return true
		}
		used += size(c)
		b.section(c)
	}
	return false
}

// context adds one context block of mrkdwn elements (already escaped).
func (b *builder) context(texts ...string) {
	var els []slack.MixedElement
	for _, t := range texts {
		if strings.TrimSpace(t) != "" && len(els) < maxContext {
			b.used += size(t)
			els = append(els, mrkdwnText(t))
		}
	}
	if len(els) > 0 {
		b.blocks = append(b.blocks, slack.NewContextBlock("", els...))
	}
}

func (b *builder) header(title string) {
	if title = strings.Join(strings.Fields(title), " "); title == "" {
		title = word(b.lang, "answer")
	}
	title = trimPlain(title, maxHeader)
	b.used += size(title)
	// plain_text is shown as is: nothing in it is markup, so no escaping.
	b.blocks = append(b.blocks, slack.NewHeaderBlock(
		slack.NewTextBlockObject(slack.PlainTextType, title, true, false)))
}

// list adds one bullet per item, packed into text objects, within budget
// characters; it reports whether items were left out.
func (b *builder) list(title string, items []string, budget int) (cut bool) {
	var cur []string
	curSize, used := 0, 0
	if title != "" {
		cur = append(cur, "*"+escape(title)+"*")
		curSize = size(cur[0])
	}
	for _, it := range items {
		line := "• " + escape(trimPlain(it, 300))
		n := size(line) + 1
		if used+curSize+n > budget {
			cut = true
			break
		}
		if curSize+n > maxText {
			b.section(strings.Join(cur, "\n"))
			used += curSize
			cur, curSize = nil, 0
		}
		cur = append(cur, line)
		curSize += n
	}
	b.section(strings.Join(cur, "\n"))
	return cut
}

// Message budget: the body (excerpt, topic list, help) gets what the rest
// leaves of messageBudget.
const (
	messageBudget = 11000
	introBudget   = 2000 // the bot's intro line(s)
	relatedBudget = 1200
	noticeSize    = 400 // characters of one notice
	maxNotices    = 5
)

// render turns a Reply into a Slack message within every Block Kit limit:
// head (intro, tour position, title, breadcrumb), body (excerpt, topics)
// and tail (source, related, notices, buttons); the body gets the room
// the others leave.
func render(r bot.Reply, o renderOpts) message {
	head, body, tail := &builder{lang: r.Lang}, &builder{lang: r.Lang}, &builder{lang: r.Lang}
	textIsBody := r.Kind == bot.KindHelp || r.Kind == bot.KindNoAnswer || r.Kind == bot.KindNotice
	if r.Text != "" && !textIsBody {
		head.markdown(r.Text, introBudget)
	}
	answer := r.Answer != nil && (r.Kind == bot.KindAnswer || r.Kind == bot.KindTour)
	if r.Tour != nil && r.Kind == bot.KindTour {
		if r.Tour.Done {
			head.context("✅ " + escape(word(r.Lang, "tourDone")))
		} else {
			head.context("🧭 " + escape(word(r.Lang, "tour", r.Tour.Index, r.Tour.Total)))
		}
	}
	if answer {
		head.header(r.Answer.Title)
		head.breadcrumb(r.Answer.Path)
		tail.source(r.Answer)
	}
	if answer || r.Kind == bot.KindNoAnswer {
		tail.related(r.Related)
	}
	if r.Kind == bot.KindTopics && r.Pages > 1 {
		tail.context(escape(word(r.Lang, "page", r.Page, r.Pages)))
	}
	for i, n := range r.Notices {
		if i == maxNotices {
			break
		}
		n = inline(trimPlain(n, noticeSize), inlineOpts{})
		if r.Kind == bot.KindNotice { // the notices are the message
			tail.section(n)
		} else {
			tail.context(n)
		}
	}
	if o.sharedBy != "" && isSlackID(o.sharedBy) {
		tail.context(word(r.Lang, "sharedBy", "<@"+o.sharedBy+">")) // a checked ID: a real mention
	}
	tail.actions(buttons(r, o))

	room := max(0, min(excerptBudget, messageBudget-head.used-tail.used-200))
	switch {
	case textIsBody:
		body.markdown(r.Text, room)
	case answer:
		if cut := body.markdown(r.Answer.Excerpt, room); cut || r.Answer.Truncated {
			body.readMore(r.Answer, hasAction(r.Actions, bot.ActionFull))
		}
	case r.Kind == bot.KindTopics:
		body.list("", topicLabels(r.Topics), room)
	}
	blocks := append(append(head.blocks, body.blocks...), tail.blocks...)
	return message{Text: fallback(r), Blocks: capBlocks(blocks)}
}

func (b *builder) breadcrumb(path []string) {
	if len(path) > 1 {
		crumbs := make([]string, 0, len(path)-1)
		for _, p := range path[:len(path)-1] {
			crumbs = append(crumbs, trimPlain(p, 80))
		}
		b.context(escape(strings.Join(crumbs, " › ")))
	}
}

// readMore says the excerpt was trimmed: a link to the whole section, or
// a hint when there is neither a link nor a "full section" button.
func (b *builder) readMore(a *bot.Answer, fullButton bool) {
	switch {
	case isURL(a.URL):
		b.context("… " + slackLink(a.URL, escape(word(b.lang, "readMore"))) + " →")
	case !fullButton:
		b.context("… _" + escape(word(b.lang, "trimmed")) + "_")
	}
}

// source says where the answer is from, and whom to ask.
func (b *builder) source(a *bot.Answer) {
	var src []string
	if a.Source != "" {
		label := a.Source
		if a.Line > 0 {
			label = word(b.lang, "source", a.Source, a.Line)
		}
		label = escape(trimPlain(label, 200))
		if isURL(a.URL) {
			label = slackLink(a.URL, label)
		}
		src = append(src, "📄 "+label)
	}
	if a.Owner != "" {
		src = append(src, "👤 "+escape(word(b.lang, "owner", trimPlain(a.Owner, 100))))
	}
	b.context(src...)
}

func (b *builder) related(ts []bot.Topic) {
	if len(ts) == 0 {
		return
	}
	b.list(word(b.lang, "related"), topicLabels(ts), relatedBudget)
}

// topicLabels are the topics' labels, in order.
func topicLabels(ts []bot.Topic) []string {
	items := make([]string, 0, len(ts))
	for _, t := range ts {
		items = append(items, topicLabel(t))
	}
	return items
}

// topicLabel is a topic's breadcrumb, or its title.
func topicLabel(t bot.Topic) string {
	if len(t.Path) > 0 {
		return strings.Join(t.Path, " › ")
	}
	return t.Title
}

// buttons are the Reply's actions adjusted for where the message goes.
func buttons(r bot.Reply, o renderOpts) []bot.Button {
	var out []bot.Button
	for _, btn := range r.Actions {
		if o.shared && btn.Name == bot.ActionShare {
			continue
		}
		out = append(out, btn)
	}
	if o.share && !o.shared && r.Kind == bot.KindAnswer && r.Answer != nil && !hasAction(out, bot.ActionShare) {
		out = append(out, bot.Button{Name: bot.ActionShare, Label: word(r.Lang, "share"), Value: r.Answer.SectionID})
	}
	return out
}

func hasAction(bs []bot.Button, name string) bool {
	for _, b := range bs {
		if b.Name == name {
			return true
		}
	}
	return false
}

// actions adds the buttons: one actions block of at most 25.
func (b *builder) actions(bs []bot.Button) {
	var els []slack.BlockElement
	for i, btn := range bs {
		if i == maxButtons {
			break
		}
		label := trimPlain(btn.Label, maxButtonText)
		if label == "" {
			label = btn.Name
		}
		b.used += size(label)
		el := slack.NewButtonBlockElement(
			actionPrefix+btn.Name+":"+strconv.Itoa(i),
			btn.Value[:cutAt(btn.Value, maxButtonValue)],
			slack.NewTextBlockObject(slack.PlainTextType, label, true, false))
		switch btn.Style {
		case "primary":
			el.WithStyle(slack.StylePrimary)
		case "danger":
			el.WithStyle(slack.StyleDanger)
		}
		els = append(els, el)
	}
	if len(els) > 0 {
		b.blocks = append(b.blocks, slack.NewActionBlock("", els...))
	}
}

// capBlocks keeps a message within 50 blocks, dropping body blocks before
// the trailing actions so the buttons survive.
func capBlocks(bs []slack.Block) []slack.Block {
	if len(bs) <= maxBlocks {
		return bs
	}
	tail := 0
	for tail < len(bs) && tail < 2 && bs[len(bs)-1-tail].BlockType() == slack.MBTAction {
		tail++
	}
	out := append([]slack.Block{}, bs[:maxBlocks-tail]...)
	return append(out, bs[len(bs)-tail:]...)
}
