package slack

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kbbot/kbbot/bot"
	"github.com/slack-go/slack"
)

// jobKind says what a job answers.
type jobKind int

const (
	jobMessage jobKind = iota // a mention or a DM
	jobCommand                // /ask
	jobAction                 // a button press
)

// job is one accepted request waiting for a worker: what to ask the bot
// and where the answer goes.
type job struct {
	ans  answerer
	kind jobKind
	msg  bot.Message
	act  bot.Action

	channel      string
	thread       string // thread_ts to answer in; "" for none
	user         string
	responseURL  string
	ephemeral    bool          // answer privately (commands; presses on private messages)
	messageTS    string        // the message whose button was pressed
	original     []slack.Block // that message's blocks, when Slack sent them
	originalText string        // and its fallback text
	question     string        // for logs
	lang         string        // for the adapter's own notices
	received     time.Time
}

// key identifies the request for the in-process duplicate guard.
func (j *job) key() string {
	if j.kind == jobAction {
		return j.act.ID
	}
	return j.msg.ID
}

// envelope is the outer JSON of an Events API request.
type envelope struct {
	Type           string          `json:"type"`
	Challenge      string          `json:"challenge"`
	TeamID         string          `json:"team_id"`
	EventID        string          `json:"event_id"`
	Event          json.RawMessage `json:"event"`
	Authorizations []struct {
		UserID string `json:"user_id"`
		IsBot  bool   `json:"is_bot"`
	} `json:"authorizations"`
}

// innerEvent is the part of a message or app_mention event the adapter
// reads.
type innerEvent struct {
	Type        string          `json:"type"`
	SubType     string          `json:"subtype"`
	User        string          `json:"user"`
	BotID       string          `json:"bot_id"`
	Text        string          `json:"text"`
	TS          string          `json:"ts"`
	ThreadTS    string          `json:"thread_ts"`
	Channel     string          `json:"channel"`
	ChannelType string          `json:"channel_type"`
	Team        string          `json:"team"`
	Edited      json.RawMessage `json:"edited"`
}

// errMalformed marks input that is not a valid Slack request.
var errMalformed = errors.New("malformed request")

// parseEnvelope reads an Events API body.
func parseEnvelope(body []byte) (envelope, error) {
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return env, fmt.Errorf("%w: %v", errMalformed, err)
	}
	if env.Type == "" {
		return env, fmt.Errorf("%w: no type", errMalformed)
	}
	return env, nil
}

// eventJob turns an event_callback into a job, or says why it is ignored
// (ignore != ""). err is set when the event is malformed.
func (a *Adapter) eventJob(env envelope) (j *job, ignore string, err error) {
	if len(env.Event) == 0 || string(env.Event) == "null" {
		return nil, "", fmt.Errorf("%w: event_callback without an event", errMalformed)
	}
	var ev innerEvent
	if err := json.Unmarshal(env.Event, &ev); err != nil {
		return nil, "", fmt.Errorf("%w: event: %v", errMalformed, err)
	}
	if a.botUserID() == "" {
		for _, au := range env.Authorizations {
			if au.IsBot && isSlackID(au.UserID) {
				id := au.UserID
				a.botUser.CompareAndSwap(nil, &id)
				break
			}
		}
	}
	dm := ev.ChannelType == "im" || strings.HasPrefix(ev.Channel, "D")
	switch {
	case ev.Type != "app_mention" && ev.Type != "message":
		return nil, "event type " + ev.Type + " not handled", nil
	case ev.SubType != "" && !typedSubtypes[ev.SubType]:
		return nil, "message subtype " + ev.SubType, nil
	case ev.Edited != nil:
		return nil, "edited message", nil
	case ev.BotID != "" || ev.User == "":
		return nil, "message from a bot", nil
	case ev.User == a.botUserID():
		return nil, "own message", nil
	case ev.Channel == "" || ev.TS == "":
		return nil, "", fmt.Errorf("%w: %s event without channel or ts", errMalformed, ev.Type)
	case ev.Type == "message" && !dm:
		// Channel chatter: mentions arrive as app_mention.
		return nil, "message in a channel without a mention", nil
	case !dm && !a.allowed(ev.Channel):
		return nil, "channel not in the allow-list", nil
	}
	team := env.TeamID
	if team == "" {
		team = ev.Team
	}
	thread := ev.ThreadTS
	if ev.Type == "app_mention" && thread == "" && !dm {
		thread = ev.TS // answer in the mention's thread
	}
	text := plainText(ev.Text, a.botUserID())
	if ev.SubType != "" && text == "" {
		return nil, "message subtype " + ev.SubType + " without text", nil
	}
	return &job{
		kind: jobMessage,
		msg: bot.Message{
			// The message itself, not the event: a retry, and the same
			// message arriving as both app_mention and message, share it.
			ID:         "slack:" + team + ":" + ev.Channel + ":" + ev.TS,
			Platform:   platform,
			Workspace:  team,
			Channel:    ev.Channel,
			Thread:     thread,
			User:       ev.User,
			Text:       text,
			DM:         dm,
			Mention:    !dm,
			MaxExcerpt: answerExcerpt,
		},
		channel:  ev.Channel,
		thread:   thread,
		user:     ev.User,
		question: text,
		lang:     langOf(text),
	}, "", nil
}

// typedSubtypes are the message subtypes a person writes: a thread reply
// also sent to the channel, a message with a file, a /me message. A
// question with one of them is answered; other subtypes (joins, edits,
// deletions, bots) are Slack's or a bot's and are not.
var typedSubtypes = map[string]bool{"thread_broadcast": true, "file_share": true, "me_message": true}

// allowed applies the channel allow-list (callers exempt direct messages).
func (a *Adapter) allowed(channel string) bool {
	return a.allow == nil || a.allow[channel]
}

// commandJob turns a slash command into a job. notHere is set when the
// channel is not allowed (the caller answers at once).
func (a *Adapter) commandJob(cmd slack.SlashCommand) (j *job, notHere bool, err error) {
	if cmd.UserID == "" || cmd.ChannelID == "" || cmd.Command == "" {
		return nil, false, fmt.Errorf("%w: slash command without user_id, channel_id or command", errMalformed)
	}
	dm := strings.HasPrefix(cmd.ChannelID, "D") || cmd.ChannelName == "directmessage"
	if !dm && !a.allowed(cmd.ChannelID) {
		return nil, true, nil
	}
	id := cmd.TriggerID
	if id == "" {
		id = cmd.ChannelID + ":" + cmd.UserID + ":" + cmd.Text
	}
	text := plainText(cmd.Text, a.botUserID())
	return &job{
		kind: jobCommand,
		msg: bot.Message{
			ID:         "slack:cmd:" + cmd.TeamID + ":" + id,
			Platform:   platform,
			Workspace:  cmd.TeamID,
			Channel:    cmd.ChannelID,
			User:       cmd.UserID,
			Text:       text,
			DM:         dm,
			Command:    true,
			MaxExcerpt: answerExcerpt,
		},
		channel:     cmd.ChannelID,
		user:        cmd.UserID,
		responseURL: cmd.ResponseURL,
		ephemeral:   true,
		question:    cmd.Command + " " + text,
		lang:        langOf(text),
	}, false, nil
}

// actionJob turns a button press on one of the bot's messages into a job,
// or says why it is ignored.
func (a *Adapter) actionJob(ic slack.InteractionCallback) (j *job, ignore string, err error) {
	if ic.Type != slack.InteractionTypeBlockActions {
		return nil, "interaction type " + string(ic.Type) + " not handled", nil
	}
	if len(ic.ActionCallback.BlockActions) == 0 {
		return nil, "", fmt.Errorf("%w: block_actions without actions", errMalformed)
	}
	ba := ic.ActionCallback.BlockActions[0]
	name, ok := actionName(ba.ActionID)
	if !ok {
		return nil, "action " + ba.ActionID + " is not the bot's", nil
	}
	if ic.User.ID == "" {
		return nil, "", fmt.Errorf("%w: block_actions without a user", errMalformed)
	}
	channel := ic.Channel.ID
	if channel == "" {
		channel = ic.Container.ChannelID
	}
	msgTS := ic.Container.MessageTs
	if msgTS == "" {
		msgTS = ic.Message.Timestamp
	}
	thread := ic.Container.ThreadTs
	if thread == "" {
		thread = ic.Message.ThreadTimestamp
	}
	if thread == "" && !strings.HasPrefix(channel, "D") {
		// In a channel the answer goes under the pressed message; in a DM
		// not in a thread, it follows it, as the DM's answers do.
		thread = msgTS
	}
	id := ic.TriggerID
	if id == "" {
		id = ba.ActionTs + ":" + ic.User.ID
	}
	excerpt := answerExcerpt
	if name == bot.ActionFull {
		excerpt = fullExcerpt
	}
	return &job{
		kind: jobAction,
		act: bot.Action{
			ID:         "slack:act:" + ic.Team.ID + ":" + id,
			Platform:   platform,
			Channel:    channel,
			Thread:     thread,
			User:       ic.User.ID,
			Locale:     ic.User.Locale,
			Name:       name,
			Value:      ba.Value,
			MaxExcerpt: excerpt,
		},
		channel:      channel,
		thread:       thread,
		user:         ic.User.ID,
		responseURL:  ic.ResponseURL,
		ephemeral:    ic.Container.IsEphemeral,
		messageTS:    msgTS,
		original:     ic.Message.Blocks.BlockSet,
		originalText: ic.Message.Text,
		question:     "[" + name + "] " + ba.Value,
		lang:         langOf(ba.Value),
	}, "", nil
}

// actionName reads the bot's action name from an action_id "kb:name:i".
func actionName(actionID string) (string, bool) {
	rest, ok := strings.CutPrefix(actionID, actionPrefix)
	if !ok {
		return "", false
	}
	name, _, _ := strings.Cut(rest, ":")
	return name, name != ""
}

// unescaper decodes the three entities Slack encodes.
var unescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// voteEmoji turns the shortcodes Slack writes for 👍 and 👎 (":+1:",
// ":thumbsup::skin-tone-3:") back into the emoji the bot reads as a vote
// ("feedback 👍", "反馈 👎") or as no word at all ("👍" alone).
var voteEmoji = func() *strings.Replacer {
	var pairs []string
	for _, v := range []struct{ emoji, names string }{{"👍", "+1 thumbsup"}, {"👎", "-1 thumbsdown"}} {
		for _, name := range strings.Fields(v.names) {
			for tone := 2; tone <= 6; tone++ { // with a skin tone first: the longer match
				pairs = append(pairs, ":"+name+"::skin-tone-"+strconv.Itoa(tone)+":", v.emoji)
			}
			pairs = append(pairs, ":"+name+":", v.emoji)
		}
	}
	return strings.NewReplacer(pairs...)
}()

// plainText turns Slack message text into what the user typed: the bot's
// own mention removed, other mentions, channels and links as their
// labels, &amp; &lt; &gt; decoded, and 👍 and 👎 as emoji (voteEmoji).
func plainText(s, botUser string) string {
	var b strings.Builder
	leading := true // before any text: every leading mention is the bot's
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		before, tok := s[:i], s[i+1:i+j]
		if strings.TrimSpace(before) != "" {
			leading = false
		}
		b.WriteString(before)
		s = s[i+j+1:]
		target, label, _ := strings.Cut(tok, "|")
		switch {
		case strings.HasPrefix(target, "@"):
			if target[1:] == botUser || (botUser == "" && leading) {
				continue
			}
			if label == "" {
				label = target[1:]
			}
			b.WriteString("@" + label)
		case strings.HasPrefix(target, "#"):
			if label == "" {
				label = target[1:]
			}
			b.WriteString("#" + label)
		case strings.HasPrefix(target, "!"):
			name, _, _ := strings.Cut(target[1:], "^")
			switch {
			case name == "date": // <!date^1392734382^{date}|Feb 18>: the fallback text
				b.WriteString(label)
			case label == "": // <!here>, <!channel>
				b.WriteString("@" + name)
			case strings.HasPrefix(label, "@"): // <!subteam^S1|@eng>
				b.WriteString(label)
			default:
				b.WriteString("@" + label)
			}
		default:
			if label == "" {
				label = target
			}
			b.WriteString(label)
		}
		leading = false
	}
	b.WriteString(s)
	out := voteEmoji.Replace(unescaper.Replace(b.String()))
	return strings.Join(strings.Fields(out), " ")
}

// isSlackID reports a Slack user, channel or team ID (upper-case letters
// and digits).
func isSlackID(s string) bool {
	if len(s) < 2 || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
