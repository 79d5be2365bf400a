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
	lang := cmp.Or(bot.LocaleLang(a.Locale), bot.LangEnglish)
	w := &errWriter{w: a.Out}
	fmt.Fprintln(w, bot.Label(lang, bot.MsgGreeting))
	lr := readLines(ctx, a.In)
	var buttons []press
	for {
		if w.err != nil {
			return fmt.Errorf("console: write: %w", w.err)
		}
		if a.Prompt != "" {
			fmt.Fprint(w, a.Prompt)
		}
		line, ok := lr.next(ctx)
		if !ok {
			fmt.Fprintln(w)
			if err := lr.err(); err != nil {
				log.Warn("console: read", "err", err)
			}
			return w.err
		}
		text := strings.TrimSpace(line)
		if quitWords[strings.ToLower(text)] {
			return w.err
		}
		var pressed *press
		if i, err := buttonNumber(text); err == nil && len(buttons) > 0 {
			if i < 1 || i > len(buttons) {
				fmt.Fprintln(w, bot.Label(lang, bot.MsgNoAction, i))
				continue
			}
			pressed = &buttons[i-1]
		}
		r, err := a.respond(ctx, b, text, pressed)
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

// buttonNumber reads text as the number of a button. Full-width digits
// ("２", as a Chinese or Japanese input method types them) are digits.
func buttonNumber(text string) (int, error) {
	return strconv.Atoi(strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, text))
}

// respond passes one line to b: the press of button p when the line
// named one, else text as a message. Events carry no ID: nothing retries
// them, and IDs that repeat from one chat to the next would read as
// duplicates in a kept store.
func (a *Adapter) respond(ctx context.Context, b responder, text string, p *press) (bot.Reply, error) {
	user := cmp.Or(a.User, "console")
	if p != nil {
		// The channel is the messages': the bot remembers a user's last
		// question per channel, and the press must find it (👎 offers
		// more answers to it).
		return b.Act(ctx, bot.Action{
			Platform: bot.PlatformConsole, Channel: "console", User: user, Locale: a.Locale,
			Name: p.name, Value: p.value, MaxExcerpt: a.MaxExcerpt,
		})
	}
	return b.Handle(ctx, bot.Message{
		Platform: bot.PlatformConsole, Channel: "console", User: user,
		Locale: a.Locale, Text: text, DM: true, MaxExcerpt: a.MaxExcerpt,
	})
}

// lineReader reads lines in a goroutine of its own, a line only when one
// is asked for (next), after the last reply is written: a line editor
// that draws its own prompt (kbbot chat on a terminal) then draws it in
// the right place.
type lineReader struct {
	lines   chan string
	want    chan struct{}
	readErr chan error
}

// readLines starts reading lines from in until it ends or ctx ends.
func readLines(ctx context.Context, in io.Reader) *lineReader {
	lr := &lineReader{lines: make(chan string), want: make(chan struct{}), readErr: make(chan error, 1)}
	go func() {
		defer close(lr.lines)
		r := bufio.NewReader(in)
		for {
			select {
			case <-lr.want:
			case <-ctx.Done():
				return
			}
			line, err := r.ReadString('\n')
			if line != "" || err == nil {
				select {
				case lr.lines <- strings.TrimRight(line, "\r\n"):
				case <-ctx.Done():
					return
				}
			}
			if err != nil {
				if !errors.Is(err, io.EOF) {
					lr.readErr <- err
				}
				return
			}
		}
	}()
	return lr
}

// next asks for a line and waits for it. It reports false when the input
// has ended or ctx has.
func (lr *lineReader) next(ctx context.Context) (string, bool) {
	select {
	case lr.want <- struct{}{}:
	case <-lr.lines: // closed: the input ended
		return "", false
	}
	select {
	case <-ctx.Done():
		return "", false
	case line, ok := <-lr.lines:
		return line, ok
	}
}

// err returns why reading stopped, when it was not the end of the input.
func (lr *lineReader) err() error {
	select {
	case err := <-lr.readErr:
		return err
	default:
		return nil
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
