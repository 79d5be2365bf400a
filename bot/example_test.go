package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing/fstest"

	"github.com/kbbot/kbbot/bot"
	"github.com/kbbot/kbbot/knowledge"
)

func ExampleBot_Handle() {
	ctx := context.Background()
	docs := fstest.MapFS{
		"it/wifi.md": {Data: []byte("# Office wifi\n\nThe guest network is AcmeGuest; its password is on the card at reception.\n")},
	}
	kb, err := knowledge.Load(ctx, knowledge.Options{}, knowledge.Source{Name: "docs", FS: docs})
	if err != nil {
		panic(err)
	}
	b := bot.New(bot.Static{KB: kb}, bot.NewMemoryStore(), bot.Options{})
	r, err := b.Handle(ctx, bot.Message{Platform: bot.PlatformConsole, User: "ann", Text: "what is the guest wifi password?"})
	if err != nil {
		panic(err)
	}
	fmt.Println(r.Answer.Title, "from", r.Answer.Source)
	fmt.Println(r.Answer.Excerpt)
	var labels []string
	for _, btn := range r.Actions {
		labels = append(labels, "["+btn.Label+"]")
	}
	fmt.Println(strings.Join(labels, " "))

	r, _ = b.Handle(ctx, bot.Message{Platform: bot.PlatformConsole, User: "ann", Text: "帮助"})
	fmt.Println(r.Kind == bot.KindHelp, r.Lang)
	// Output:
	// Office wifi from it/wifi.md
	// The guest network is AcmeGuest; its password is on the card at reception.
	// [👍 Helpful] [👎 Not helpful]
	// true zh
}
