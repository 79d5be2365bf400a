// Package console is a terminal chat with the bot: it reads one message a
// line, and writes each Reply as plain text with its buttons numbered, so
// that typing "1" presses the first. It is how a new user tries kbbot with
// no Slack or Discord account, and how end-to-end tests drive the bot
// through its real code path.
package console

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"

	"github.com/kbbot/kbbot/bot"
)

// Adapter runs a chat over a reader and a writer (a terminal, or pipes).
type Adapter struct {
	// In and Out are the conversation.
	In  io.Reader
	Out io.Writer
	// User names the person chatting (for tour progress and feedback in
	// the store); "" means "console".
	User string
	// Locale is the user's locale, e.g. "zh-CN"; it chooses the greeting's
	// language and the bot's language for text without letters.
	Locale string
	// MaxExcerpt is how much section text an answer shows; 0 means the
	// bot's default.
	MaxExcerpt int
	// Prompt is written before each line is read; "" writes none.
	Prompt string
	// Logger receives errors; nil discards them.
	Logger *slog.Logger
}

var _ bot.Adapter = (*Adapter)(nil)

// New returns an Adapter chatting over in and out with the prompt "> ".
func New(in io.Reader, out io.Writer) *Adapter {
	return &Adapter{In: in, Out: out, Prompt: "> "}
}

// quitWords end the chat, as end of input does.
var quitWords = map[string]bool{"quit": true, "exit": true, "/quit": true, "/exit": true, "退出": true}

// responder is the part of *bot.Bot a chat uses; tests give a fake.
type responder interface {
	Handle(ctx context.Context, m bot.Message) (bot.Reply, error)
	Act(ctx context.Context, a bot.Action) (bot.Reply, error)
}

// Run chats until the input ends, a quit word is typed, or ctx ends. It
// returns nil then, and an error only when Out cannot be written. A
// failing message is reported in the chat and the chat goes on.
func (a *Adapter) Run(ctx context.Context, b *bot.Bot) error {
	return a.chat(ctx, b)
}

func (a *Adapter) chat(ctx context.Context, b responder) error {
	log := a.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	user := a.User
	if user == "" {
		user = "console"
	}
	lang := cmp.Or(bot.LocaleLang(a.Locale), bot.LangEnglish)
	w := &errWriter{w: a.Out}
	fmt.Fprintln(w, bot.Label(lang, bot.MsgGreeting))

	// The reader reads a line only when asked, after the last reply is
	// written: a line editor that draws its own prompt (kbbot chat on a
	// terminal) then draws it in the right place.
	lines := make(chan string)
	want := make(chan struct{})
	readErr := make(chan error, 1)
	go func() {
		defer close(lines)
		r := bufio.NewReader(a.In)
		for {
			select {
			case <-want:
			case <-ctx.Done():
				return
			}
			line, err := r.ReadString('\n')
			if line != "" || err == nil {
				select {
				case lines <- strings.TrimRight(line, "\r\n"):
				case <-ctx.Done():
					return
				}
			}
			if err != nil {
				if !errors.Is(err, io.EOF) {
					readErr <- err
				}
				return
			}
		}
	}()

	var buttons []press
	// Events carry no ID: nothing retries them, and IDs that repeat from
	// one chat to the next would read as duplicates in a kept store.
	for {
		if w.err != nil {
			return fmt.Errorf("console: write: %w", w.err)
		}
		if a.Prompt != "" {
			fmt.Fprint(w, a.Prompt)
		}
		var line string
		var ok bool
		select {
		case want <- struct{}{}:
		case <-lines: // closed: the input ended
		}
		select {
		case <-ctx.Done():
			fmt.Fprintln(w)
			return w.err
		case line, ok = <-lines:
		}
		if !ok {
			fmt.Fprintln(w)
			select {
			case err := <-readErr:
				log.Warn("console: read", "err", err)
			default:
			}
			return w.err
		}
		text := strings.TrimSpace(line)
		if quitWords[strings.ToLower(text)] {
			return w.err
		}
		var r bot.Reply
		var err error
		if i, isNum := strconv.Atoi(text); isNum == nil && len(buttons) > 0 {
			if i < 1 || i > len(buttons) {
				fmt.Fprintln(w, bot.Label(lang, bot.MsgNoAction, i))
				continue
			}
			p := buttons[i-1]
			r, err = b.Act(ctx, bot.Action{
				Platform: bot.PlatformConsole, User: user, Locale: a.Locale,
				Name: p.name, Value: p.value, MaxExcerpt: a.MaxExcerpt,
			})
		} else {
			r, err = b.Handle(ctx, bot.Message{
				Platform: bot.PlatformConsole, Channel: "console", User: user,
				Locale: a.Locale, Text: text, DM: true, MaxExcerpt: a.MaxExcerpt,
			})
		}
		if err != nil {
			log.Error("console: message", "err", err)
			fmt.Fprintln(w, bot.Label(lang, bot.MsgError, err))
			continue
		}
		if r.Lang != "" {
			lang = r.Lang
		}
		buttons = render(w, r)
	}
}

// errWriter remembers the first write error, so rendering need not check
// each line.
type errWriter struct {
	w   io.Writer
	err error
}

// Write writes p unless an earlier write failed; then it returns that error.
func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
