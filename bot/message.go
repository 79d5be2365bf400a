package bot

import "context"

// Platform names where a message came from.
const (
	PlatformSlack   = "slack"
	PlatformDiscord = "discord"
	PlatformConsole = "console"
)

// Message is one thing a person said to the bot, already stripped of the
// mention by the adapter.
type Message struct {
	// ID identifies the platform event (Slack event_id, Discord interaction
	// or message ID) for de-duplication of retries; empty disables it.
	ID        string
	Platform  string
	Workspace string // Slack team or Discord guild; empty for DMs when unknown
	Channel   string
	Thread    string // thread or message to reply to, when the platform has one
	User      string // platform user ID
	Locale    string // user's locale if known, e.g. "zh-CN", "en-US"
	Text      string
	DM        bool // a direct message
	Mention   bool // the bot was mentioned in a channel
	Command   bool // a slash command (/ask)
	// MaxExcerpt is how many characters of section text the platform can
	// show in one answer; 0 means DefaultExcerpt.
	MaxExcerpt int
}

// Action is a button press on an earlier Reply.
type Action struct {
	// ID identifies the platform event for de-duplication; may be empty.
	ID       string
	Platform string
	Channel  string
	Thread   string
	User     string
	Locale   string
	// Name is the action's stable name, one of the Action* constants.
	Name string
	// Value is the Button's Value: what the action applies to.
	Value string
	// MaxExcerpt as in Message.
	MaxExcerpt int
}

// Stable action names carried by buttons. Adapters put them in
// action_id / custom_id as "kb:" + name, with Value alongside.
const (
	ActionFull      = "full"      // show the full section; Value = section ID
	ActionMore      = "more"      // next best answers; Value = question
	ActionHelpful   = "helpful"   // 👍; Value = question ID
	ActionUnhelpful = "unhelpful" // 👎; Value = question ID
	ActionTourNext  = "tour_next" // Value = ""
	ActionTourBack  = "tour_back" // Value = ""
	ActionShare     = "share"     // post the answer in the channel; Value = section ID
	ActionAnswer    = "answer"    // answer with exactly this section; Value = section ID
	ActionTopics    = "topics"    // a page of the table of contents; Value = page number
)

// Kind says what a Reply is, so adapters can choose a layout.
type Kind int

// Kinds of Reply.
const (
	KindAnswer   Kind = iota // Answer is set
	KindNoAnswer             // no confident answer; Related are the closest topics
	KindTopics               // a table of contents in Topics
	KindTour                 // Answer is the current tour step; Tour is set
	KindHelp                 // Text is the help
	KindNotice               // only Notices (rate limit, too long, busy, thanks)
)

// Reply is the structured answer to a Message or Action. It is never
// platform text: each adapter renders it.
type Reply struct {
	Kind Kind
	// Lang is the language of the bot's own words: "zh" or "en".
	Lang string
	// Text is the bot's own words (intro line, help text): trusted.
	Text string
	// Answer is the section given as the answer (KindAnswer, KindTour).
	Answer *Answer
	// Related are other topics worth a look (at most 3 for answers).
	Related []Topic
	// Topics is a page of the table of contents (KindTopics).
	Topics []Topic
	// Page and Pages locate Topics in the whole table of contents (1-based).
	Page, Pages int
	// Tour is the tour position (KindTour).
	Tour *TourStep
	// Notices are short lines from the bot ("I'm busy", "question too long").
	Notices []string
	// Contact is the person or channel to ask when nothing answered
	// (KindNoAnswer): the closest section's owner or a configured contact.
	// It may come from documents, so it is untrusted. A Notice already
	// names it (with mass mentions such as @everyone defused), so adapters
	// need not render it; it is here for those that want to link it.
	Contact string
	// Actions are the buttons to show, in order.
	Actions []Button
	// Ephemeral asks adapters that can to show the reply to the asker only.
	Ephemeral bool
}

// Answer is one section given as an answer. Title, Path and Excerpt come
// from documents and are untrusted: adapters escape them.
type Answer struct {
	QuestionID string // store ID of the question, for feedback; may be empty
	SectionID  string
	Title      string
	Path       []string
	// Excerpt is the section text trimmed at a sentence boundary to the
	// size the adapter asked for; Truncated says whether it was cut.
	Excerpt   string
	Truncated bool
	Source    string // file, relative to the knowledge base
	Line      int
	URL       string // may be empty
	Score     float64
	Owner     string // a person to ask, when the docs name one
}

// Topic is a section named as a suggestion or in a table of contents.
type Topic struct {
	SectionID string
	Title     string // untrusted
	Path      []string
	Score     float64 // 0 in tables of contents
}

// TourStep is a position in the onboarding tour.
type TourStep struct {
	Index, Total int  // 1-based
	Done         bool // this reply finishes the tour (not: the user once finished it)
}

// Button is an action the user can take on a Reply.
type Button struct {
	Name  string // one of the Action* constants
	Label string // trusted, already in Reply.Lang
	Value string
	Style string // "", "primary" or "danger"
}

// Adapter connects the bot to a chat platform. Run blocks until ctx ends
// or the adapter fails, like http.Serve.
type Adapter interface {
	Run(ctx context.Context, b *Bot) error
}
