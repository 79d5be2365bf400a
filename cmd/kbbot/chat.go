package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/kbbot/kbbot/adapters/console"
	"github.com/kbbot/kbbot/bot"
	"github.com/kbbot/kbbot/bot/sqlite"
)

func cmdChat(ctx context.Context, e *env, args []string) int {
	fs := newFlags("chat", "Usage: kbbot chat [--kb PATH]... [--db FILE] [--user NAME] [--locale LOCALE]\n\n"+
		"Chats with the bot in the terminal: ask questions, type help for the\n"+
		"commands, and type a button's number to press it. Without --db nothing\n"+
		"is kept after the chat; with it, questions, votes and tour progress go\n"+
		"to that SQLite file (the same one kbbot serve, gaps and stats use).")
	var kb kbFlags
	kb.register(fs)
	kb.registerConfidence(fs)
	db := fs.String("db", "", "keep questions, votes and tour progress in this SQLite `file` (default: in memory)")
	user := fs.String("user", "", "your user name in the store (default: $USER, else console)")
	locale := fs.String("locale", "", "your `locale`, e.g. zh-CN: the greeting's language")
	excerpt := fs.Int("excerpt", bot.DefaultExcerpt, "characters of section text an answer shows")
	if code, ok := fs.parseNoArgs(e, args, "questions are typed in the chat"); !ok {
		return code
	}
	if *excerpt < 100 || *excerpt > 100_000 {
		fmt.Fprintf(e.stderr, "kbbot chat: --excerpt %d: want 100 to 100000\n", *excerpt)
		return 2
	}
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	base, err := kb.load(ctx)
	if err != nil {
		fmt.Fprintf(e.stderr, "kbbot chat: %v\n", err)
		return 1
	}
	printWarnings(e, base)
	if err := kb.noSections(base); err != nil { // a chat that can answer nothing
		fmt.Fprintf(e.stderr, "kbbot chat: %v\n", err)
		return 1
	}
	var store bot.Store = bot.NewMemoryStore()
	if *db != "" {
		st, err := sqlite.Open(ctx, *db, sqlite.Options{Logger: log})
		if err != nil {
			fmt.Fprintf(e.stderr, "kbbot chat: %v\n", err)
			return 1
		}
		store = st
	}
	name := *user
	if name == "" {
		name = e.getenv("USER")
	}
	// One local user, who may pipe in a whole list: no rate limit.
	b := bot.New(bot.Static{KB: base}, store, bot.Options{Logger: log, RatePerMinute: -1})
	in, prompt, release := lineEditor(e, "> ")
	defer release()
	a := console.New(in, e.stdout)
	a.User, a.Locale, a.MaxExcerpt, a.Logger, a.Prompt = name, *locale, *excerpt, log, prompt
	runErr := a.Run(ctx, b)
	closeErr := store.Close()
	for _, err := range []error{runErr, closeErr} {
		if err != nil {
			fmt.Fprintf(e.stderr, "kbbot chat: %v\n", err)
			return 1
		}
	}
	return 0
}
