package bot

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	goldenpkg "github.com/kbbot/kbbot/bot/golden"
	"github.com/kbbot/kbbot/knowledge"
)

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) { goldenpkg.Check(t, name, got) }

// goldenJSON is golden over v as indented JSON.
func goldenJSON(t *testing.T, name string, v any) { goldenpkg.JSON(t, name, v) }

var (
	kbOnce sync.Once
	kbBase *knowledge.Base
	kbErr  error
)

// testKB loads testdata/kb once.
func testKB(t testing.TB) *knowledge.Base {
	t.Helper()
	kbOnce.Do(func() {
		kbBase, kbErr = knowledge.Load(context.Background(), knowledge.Options{},
			knowledge.Source{Name: "kb", FS: os.DirFS("testdata/kb")})
	})
	if kbErr != nil {
		t.Fatalf("load testdata/kb: %v", kbErr)
	}
	return kbBase
}

// sectionByTitle finds a section of kb by its title.
func sectionByTitle(t testing.TB, kb *knowledge.Base, title string) *knowledge.Section {
	t.Helper()
	for _, s := range kb.Sections() {
		if s.Title == title {
			return s
		}
	}
	t.Fatalf("no section titled %q", title)
	return nil
}

// clock is a settable clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

var t0 = time.Date(2025, 3, 10, 9, 30, 0, 0, time.UTC)

// newTestBot returns a bot over testdata/kb with a fixed clock, a
// MemoryStore on the same clock (unless store is given), and its log.
func newTestBot(t testing.TB, store Store, opts Options) (*Bot, *clock, *bytes.Buffer) {
	t.Helper()
	c := &clock{t: t0}
	if store == nil {
		ms := NewMemoryStore()
		ms.Now = c.Now
		store = ms
	}
	var log bytes.Buffer
	opts.Logger = slog.New(slog.NewTextHandler(&log, nil))
	b := New(Static{testKB(t)}, store, opts)
	b.now = c.Now
	return b, c, &log
}

// ask sends text from user U1 on the console.
func ask(t testing.TB, b *Bot, text string) Reply {
	t.Helper()
	r, err := b.Handle(context.Background(), Message{Platform: PlatformConsole, User: "U1", Text: text, DM: true})
	if err != nil {
		t.Fatalf("Handle(%q): %v", text, err)
	}
	return r
}

// press presses a button of r as user U1.
func press(t testing.TB, b *Bot, r Reply, name string) Reply {
	t.Helper()
	for _, btn := range r.Actions {
		if btn.Name == name {
			got, err := b.Act(context.Background(), Action{Platform: PlatformConsole, User: "U1", Name: name, Value: btn.Value})
			if err != nil {
				t.Fatalf("Act(%s %q): %v", name, btn.Value, err)
			}
			return got
		}
	}
	t.Fatalf("reply has no %q button; it has %v", name, buttonNames(r))
	return Reply{}
}

func buttonNames(r Reply) []string {
	var out []string
	for _, b := range r.Actions {
		out = append(out, b.Name)
	}
	return out
}

// failingStore fails every call.
type failingStore struct{}

var errStoreDown = errors.New("disk on fire")

func (failingStore) SaveQuestion(context.Context, Question) (int64, error) { return 0, errStoreDown }
func (failingStore) SaveFeedback(context.Context, Feedback) error          { return errStoreDown }
func (failingStore) Questions(context.Context, time.Time) ([]Question, error) {
	return nil, errStoreDown
}
func (failingStore) TourProgress(context.Context, string, string) (TourProgress, bool, error) {
	return TourProgress{}, false, errStoreDown
}
func (failingStore) SaveTourProgress(context.Context, TourProgress) error { return errStoreDown }
func (failingStore) MarkEvent(context.Context, string, time.Duration) (bool, error) {
	return false, errStoreDown
}
func (failingStore) Close() error { return nil }

// observed records what an Observer was told.
type observed struct {
	mu        sync.Mutex
	questions []string // platform/outcome
	votes     []bool
}

func (o *observed) Question(platform, outcome string, latency time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.questions = append(o.questions, platform+"/"+outcome)
}

func (o *observed) Feedback(platform string, helpful bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.votes = append(o.votes, helpful)
}
