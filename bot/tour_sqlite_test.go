package bot_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/kbbot/kbbot/bot"
	"github.com/kbbot/kbbot/bot/sqlite"
	"github.com/kbbot/kbbot/knowledge"
)

// TestTourResumesAfterRestart walks part of the tour, closes the SQLite
// file as a restart would, and resumes from a new Bot on the reopened file;
// then the documents change and the tour still resumes at the same section.
func TestTourResumesAfterRestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kbbot.db")
	kb, err := knowledge.Load(ctx, knowledge.Options{}, knowledge.Source{Name: "kb", FS: os.DirFS("testdata/kb")})
	if err != nil {
		t.Fatal(err)
	}
	say := func(b *bot.Bot, text string) bot.Reply {
		t.Helper()
		r, err := b.Handle(ctx, bot.Message{Platform: bot.PlatformSlack, User: "U1", Text: text})
		if err != nil {
			t.Fatalf("Handle(%q): %v", text, err)
		}
		return r
	}

	store, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b := bot.New(bot.Static{KB: kb}, store, bot.Options{})
	say(b, "tour")
	say(b, "next")
	r := say(b, "next")
	if r.Tour == nil || r.Tour.Index != 3 {
		t.Fatalf("before restart: got %+v; want step 3", r.Tour)
	}
	section := r.Answer.Title
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}

	store, err = sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	b = bot.New(bot.Static{KB: kb}, store, bot.Options{})
	r = say(b, "tour")
	if r.Tour == nil || r.Tour.Index != 3 || r.Answer.Title != section {
		t.Fatalf("after restart: got %+v %q; want step 3, %q", r.Tour, r.Answer.Title, section)
	}
	if len(r.Notices) == 0 || r.Notices[0] != bot.Label(bot.LangEnglish, "tour_resume") {
		t.Errorf("after restart: got notices %q; want the welcome-back line", r.Notices)
	}
	// Another user starts at the beginning.
	other, err := b.Handle(ctx, bot.Message{Platform: bot.PlatformSlack, User: "U2", Text: "tour"})
	if err != nil || other.Tour.Index != 1 {
		t.Errorf("another user: got %+v, %v; want step 1", other.Tour, err)
	}
	store.Close()

	// The docs gain a new first tour step: U1 stays on their section,
	// which is now step 4.
	files := fstest.MapFS{}
	for _, name := range []string{"handbook/welcome.md", "handbook/leave.md"} {
		data, err := os.ReadFile(filepath.Join("testdata/kb", name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = &fstest.MapFile{Data: data}
	}
	files["handbook/0-safety.md"] = &fstest.MapFile{Data: []byte("---\ntour: 1\n---\n# Safety first\n\nFire exits are marked in green.\n")}
	kb2, err := knowledge.Load(ctx, knowledge.Options{}, knowledge.Source{Name: "kb", FS: files})
	if err != nil {
		t.Fatal(err)
	}
	store, err = sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	b = bot.New(bot.Static{KB: kb2}, store, bot.Options{})
	r = say(b, "tour")
	if r.Tour == nil || r.Tour.Index != 4 || r.Tour.Total != 5 || r.Answer.Title != section {
		t.Errorf("after the docs changed: got %+v %q; want step 4 of 5, %q", r.Tour, r.Answer.Title, section)
	}
}
