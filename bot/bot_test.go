package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kbbot/kbbot/knowledge"
)

// stable drops what the ranking engine may recalibrate (scores) so that
// golden replies check composition, not tuning.
func stable(r Reply) Reply {
	if r.Answer != nil {
		a := *r.Answer
		a.Score = 0
		r.Answer = &a
	}
	for i := range r.Related {
		r.Related[i].Score = 0
	}
	return r
}

func TestReplyGolden(t *testing.T) {
	tests := []struct {
		name string
		msg  Message
		opts Options
	}{
		{"answer_trimmed", Message{Text: "how do I book annual leave?", MaxExcerpt: 200}, Options{}},
		{"answer_slash_command", Message{Text: "how do I book annual leave?", Command: true, Channel: "C1"}, Options{}},
		{"answer_zh", Message{Text: "怎么报销？"}, Options{}},
		{"answer_code_fence", Message{Text: "how do I set up the VPN", MaxExcerpt: 180}, Options{}},
		{"answer_focused", Message{Text: "the printer is out of toner", MaxExcerpt: 250}, Options{}},
		{"no_answer_contact", Message{Text: "quantum chromodynamics lattice gauge theory"},
			Options{Contacts: map[string]string{"": "#ask-ops", "it": "@it-desk"}}},
		{"help_en", Message{Text: "help"}, Options{}},
		{"help_zh", Message{Text: "帮助"}, Options{}},
		{"help_empty", Message{Text: "   "}, Options{}},
		{"hello_zh", Message{Text: "你好！"}, Options{}},
		{"thanks_en", Message{Text: "thanks a lot 🙏"}, Options{}},
		{"topics", Message{Text: "topics"}, Options{}},
		{"topics_zh_page_past_end", Message{Text: "目录 9"}, Options{}},
		{"tour_start", Message{Text: "tour"}, Options{}},
		{"too_long", Message{Text: strings.Repeat("why ", 30)}, Options{MaxQuestion: 100}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _, _ := newTestBot(t, nil, tt.opts)
			m := tt.msg
			m.Platform, m.User = PlatformSlack, "U1"
			r, err := b.Handle(context.Background(), m)
			if err != nil {
				t.Fatalf("Handle(%q): %v", m.Text, err)
			}
			goldenJSON(t, "replies/"+tt.name+".json", stable(r))
		})
	}
}

func TestAnswerShape(t *testing.T) {
	b, _, _ := newTestBot(t, nil, Options{})
	r := ask(t, b, "how do I book annual leave?")
	if r.Kind != KindAnswer || r.Answer == nil {
		t.Fatalf("got kind %v, answer %v; want an answer", r.Kind, r.Answer)
	}
	if got, want := r.Answer.Title, "Booking annual leave"; got != want {
		t.Errorf("answer title: got %q; want %q", got, want)
	}
	if r.Answer.QuestionID == "" {
		t.Errorf("answer has no question ID; feedback could not be recorded")
	}
	if r.Answer.Owner != "@hr-team" {
		t.Errorf("answer owner: got %q; want %q from front matter", r.Answer.Owner, "@hr-team")
	}
	if r.Answer.Truncated {
		t.Errorf("a 600-character section was truncated at the default %d", DefaultExcerpt)
	}
	if got, want := buttonNames(r), []string{ActionMore, ActionHelpful, ActionUnhelpful}; !slices.Equal(got, want) {
		t.Errorf("buttons: got %v; want %v", got, want)
	}
	if len(r.Related) > maxRelated {
		t.Errorf("related: got %d; want at most %d", len(r.Related), maxRelated)
	}
	for _, rel := range r.Related {
		if rel.SectionID == r.Answer.SectionID {
			t.Errorf("related repeats the answer %q", rel.Title)
		}
	}
}

func TestLanguage(t *testing.T) {
	tests := []struct {
		text, locale, want string
	}{
		{"how do I book annual leave?", "", LangEnglish},
		{"怎么报销？", "", LangChinese},
		{"怎么配置 VPN", "en-US", LangChinese},
		{"what does 入门 mean", "zh-CN", LangEnglish},
		{"help", "zh-CN", LangEnglish},
		{"目录", "", LangChinese},
		{"👍", "zh-CN", LangChinese},
		{"?", "", LangEnglish},
		{"報銷流程", "", LangChinese}, // Traditional
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			b, _, _ := newTestBot(t, nil, Options{})
			r, err := b.Handle(context.Background(), Message{Platform: PlatformDiscord, User: "u", Text: tt.text, Locale: tt.locale})
			if err != nil {
				t.Fatal(err)
			}
			if r.Lang != tt.want {
				t.Errorf("Handle(%q, locale %q): got lang %q; want %q", tt.text, tt.locale, r.Lang, tt.want)
			}
		})
	}
	t.Run("previous language carries to buttons", func(t *testing.T) {
		b, _, _ := newTestBot(t, nil, Options{})
		r := ask(t, b, "怎么报销")
		got := press(t, b, r, ActionHelpful)
		if got.Lang != LangChinese || got.Notices[0] != Label(LangChinese, msgThanks) {
			t.Errorf("vote after a Chinese question: got lang %q, %q; want Chinese thanks", got.Lang, got.Notices)
		}
	})
}

func TestNoAnswer(t *testing.T) {
	b, _, _ := newTestBot(t, nil, Options{Contacts: map[string]string{"": "@everyone"}})
	r := ask(t, b, "quantum chromodynamics lattice gauge theory")
	if r.Kind != KindNoAnswer {
		t.Fatalf("got kind %v; want KindNoAnswer", r.Kind)
	}
	if r.Text != "I don't have a confident answer to that." {
		t.Errorf("text: got %q; want the plain refusal", r.Text)
	}
	if r.Contact != "@everyone" {
		t.Errorf("contact: got %q; want the configured one", r.Contact)
	}
	for _, n := range r.Notices {
		if strings.Contains(n, "@everyone") {
			t.Errorf("notice %q would ping everyone", n)
		}
	}
	zh := ask(t, b, "量子色动力学的格点规范")
	if zh.Kind != KindNoAnswer || !strings.Contains(zh.Text, "没有把握") {
		t.Errorf("Chinese refusal: got kind %v, %q; want KindNoAnswer saying 没有把握", zh.Kind, zh.Text)
	}
}

// TestNoAnswerOtherScript: a question in a script the knowledge base
// hardly uses gets told to ask in the base's language, in the reply's
// language, instead of "nothing close".
func TestNoAnswerOtherScript(t *testing.T) {
	load := func(name, text string) *knowledge.Base {
		kb, err := knowledge.Load(context.Background(), knowledge.Options{}, knowledge.Source{Name: name, FS: fstest.MapFS{name: {Data: []byte(text)}}})
		if err != nil {
			t.Fatal(err)
		}
		return kb
	}
	english := load("leave.md", "# Vacation\n\nYou get 25 days of paid vacation a year.\n")
	chinese := load("假期.md", "# 年假\n\n员工每年有十五天带薪年假，需要提前两周申请。\n")
	tests := []struct {
		name, question string
		kb             *knowledge.Base
		want           string // a notice
	}{
		{"English question, Chinese base", "how many vacation days do I get", chinese, Label(LangEnglish, msgBaseCJK)},
		{"Chinese question, English base", "年假有多少天", english, Label(LangChinese, msgBaseLatin)},
		{"English question, English base, off-topic", "quantum chromodynamics", english, Label(LangEnglish, msgNoMatches)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := New(Static{tt.kb}, NewMemoryStore(), Options{})
			r := ask(t, b, tt.question)
			if r.Kind != KindNoAnswer || !slices.Contains(r.Notices, tt.want) {
				t.Errorf("got kind %v, notices %q; want KindNoAnswer with %q", r.Kind, r.Notices, tt.want)
			}
		})
	}
}

func TestContactFor(t *testing.T) {
	contacts := map[string]string{"": "#general", "it": "@it", "it/net/": "@net", "./handbook": "@hr"}
	tests := []struct {
		source, owner, want string
	}{
		{"it/vpn.md", "", "@it"},
		{"it/net/wifi.md", "", "@net"},
		{"itx/other.md", "", "#general"},
		{"handbook/leave.md", "", "@hr"},
		{"handbook/leave.md", "  alice  ", "alice"},
	}
	for _, tt := range tests {
		s := &knowledge.Section{Source: tt.source, Owner: tt.owner}
		if got := contactFor(contacts, s); got != tt.want {
			t.Errorf("contactFor(%q, owner %q): got %q; want %q", tt.source, tt.owner, got, tt.want)
		}
	}
	if got := contactFor(nil, nil); got != "" {
		t.Errorf("contactFor(nil, nil): got %q; want none", got)
	}
}

func TestDefuse(t *testing.T) {
	for in, want := range map[string]string{
		"@everyone":              "everyone",
		"<!here> ops":            "here ops",
		"<@&123> on\ncall":       "@&123 on call",
		"@alice":                 "@alice",
		strings.Repeat("x", 200): strings.Repeat("x", 79) + "…",
	} {
		if got := defuse(in); got != want {
			t.Errorf("defuse(%q): got %q; want %q", in, got, want)
		}
	}
}

func TestGuardRails(t *testing.T) {
	obs := &observed{}
	b, clk, _ := newTestBot(t, nil, Options{RatePerMinute: 2, MaxQuestion: 50, Observer: obs})
	if r := ask(t, b, ""); r.Kind != KindHelp {
		t.Errorf("empty message: got kind %v; want help", r.Kind)
	}
	r := ask(t, b, strings.Repeat("a", 51))
	if r.Kind != KindNotice || !strings.Contains(r.Notices[0], "51") || !strings.Contains(r.Notices[0], "50") {
		t.Errorf("too long: got %v %q; want a notice naming 51 and 50", r.Kind, r.Notices)
	}
	ask(t, b, "wifi password") // the empty message took the first token
	r = ask(t, b, "wifi password")
	if r.Kind != KindNotice || r.Notices[0] != Label(LangEnglish, msgRateLimited) {
		t.Errorf("third message in a minute: got %v %q; want the rate-limit notice", r.Kind, r.Notices)
	}
	clk.Advance(30 * time.Second) // one token back
	if r = ask(t, b, "wifi password"); r.Kind != KindAnswer {
		t.Errorf("after 30s: got %v %q; want an answer", r.Kind, r.Notices)
	}
	// Another user is not limited by U1.
	other, err := b.Handle(context.Background(), Message{Platform: PlatformConsole, User: "U2", Text: "wifi password"})
	if err != nil || other.Kind != KindAnswer {
		t.Errorf("other user: got %v, %v; want an answer", other.Kind, err)
	}
	want := []string{"console/command", "console/rejected", "console/answered", "console/rejected",
		"console/answered", "console/answered"}
	if !slices.Equal(obs.questions, want) {
		t.Errorf("observer: got %v; want %v", obs.questions, want)
	}
}

func TestDuplicateEvents(t *testing.T) {
	b, _, _ := newTestBot(t, nil, Options{})
	ctx := context.Background()
	m := Message{ID: "Ev1", Platform: PlatformSlack, User: "U1", Text: "wifi password"}
	if _, err := b.Handle(ctx, m); err != nil {
		t.Fatalf("first delivery: %v", err)
	}
	if _, err := b.Handle(ctx, m); !errors.Is(err, ErrDuplicate) {
		t.Errorf("retried delivery: got %v; want ErrDuplicate", err)
	}
	m.Platform = PlatformDiscord // same ID on another platform is another event
	if _, err := b.Handle(ctx, m); err != nil {
		t.Errorf("same ID on Discord: got %v; want it handled", err)
	}
	a := Action{ID: "Act1", Platform: PlatformSlack, User: "U1", Name: ActionTopics, Value: "1"}
	if _, err := b.Act(ctx, a); err != nil {
		t.Fatalf("first press: %v", err)
	}
	if _, err := b.Act(ctx, a); !errors.Is(err, ErrDuplicate) {
		t.Errorf("retried press: got %v; want ErrDuplicate", err)
	}
}

func TestFailingStoreStillAnswers(t *testing.T) {
	obs := &observed{}
	b, _, log := newTestBot(t, failingStore{}, Options{Observer: obs})
	ctx := context.Background()
	r, err := b.Handle(ctx, Message{ID: "Ev1", Platform: PlatformSlack, User: "U1", Text: "how do I book annual leave?"})
	if err != nil || r.Kind != KindAnswer {
		t.Fatalf("Handle with a failing store: got %v, %v; want an answer", r.Kind, err)
	}
	if r.Answer.QuestionID != "" {
		t.Errorf("question ID: got %q; want none when the store failed", r.Answer.QuestionID)
	}
	for _, name := range []string{ActionHelpful, ActionUnhelpful} {
		v, err := b.Act(ctx, Action{Platform: PlatformSlack, User: "U1", Name: name, Value: "7"})
		if err != nil || v.Kind != KindNotice || len(v.Notices) != 1 || v.Notices[0] != Label(LangEnglish, msgVoteFailed) || !v.Ephemeral {
			t.Errorf("%s with a failing store: got %v %q, %v; want only %q, to the voter", name, v.Kind, v.Notices, err, Label(LangEnglish, msgVoteFailed))
		}
	}
	if len(obs.votes) != 0 {
		t.Errorf("observer votes with a failing store: got %v; want none, none was kept", obs.votes)
	}
	tr, err := b.Handle(ctx, Message{Platform: PlatformSlack, User: "U1", Text: "tour"})
	if err != nil || tr.Kind != KindTour || tr.Tour.Index != 1 {
		t.Errorf("tour with a failing store: got %v, %+v, %v; want step 1", tr.Kind, tr.Tour, err)
	}
	lines := strings.Split(log.String(), "\n")
	for _, op := range []string{"bot: mark event", "bot: save question", "bot: save feedback", "bot: read tour progress", "bot: save tour progress"} {
		if !slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, op) && strings.Contains(l, "disk on fire") }) {
			t.Errorf("log has no line saying %q with the cause:\n%s", op, log)
		}
	}
}

// panicky is a Knowledge that panics: one bad event must not crash the bot.
type panicky struct{}

func (panicky) Base() *knowledge.Base { panic("index corrupted") }

func TestPanicBecomesError(t *testing.T) {
	b := New(panicky{}, nil, Options{})
	_, err := b.Handle(context.Background(), Message{Text: "wifi"})
	if err == nil || !strings.Contains(err.Error(), "index corrupted") {
		t.Errorf("Handle: got %v; want an error carrying the panic", err)
	}
	_, err = b.Act(context.Background(), Action{Name: ActionFull, Value: "x"})
	if err == nil {
		t.Errorf("Act: got no error; want one")
	}
	if got := b.Suggest(context.Background(), "wifi", 5); got != nil {
		t.Errorf("Suggest: got %v; want nil", got)
	}
}

func TestNotReady(t *testing.T) {
	b := New(Static{}, nil, Options{})
	r, err := b.Handle(context.Background(), Message{Text: "wifi password"})
	if err != nil || r.Kind != KindNotice || r.Notices[0] != Label(LangEnglish, msgNotReady) {
		t.Errorf("no knowledge base yet: got %v %q %v; want the not-ready notice", r.Kind, r.Notices, err)
	}
	for _, text := range []string{"topics", "tour", "more"} {
		if r := ask(t, b, text); r.Kind != KindNotice {
			t.Errorf("%s with no knowledge base: got %v; want a notice", text, r.Kind)
		}
	}
}

func TestConcurrentHandle(t *testing.T) {
	b, _, _ := newTestBot(t, nil, Options{RatePerMinute: 1000})
	ctx := context.Background()
	errs := make(chan error, 64)
	for w := range 8 {
		go func() {
			var err error
			for i := range 8 {
				user := fmt.Sprintf("U%d", w)
				var r Reply
				r, err = b.Handle(ctx, Message{Platform: PlatformSlack, User: user, Text: []string{"wifi", "怎么报销", "tour", "next", "more", "topics 2", "feedback 👍", "leave"}[i]})
				if err == nil && len(r.Actions) > 0 {
					_, err = b.Act(ctx, Action{Platform: PlatformSlack, User: user, Name: r.Actions[0].Name, Value: r.Actions[0].Value})
				}
				if err != nil {
					break
				}
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestNoRateLimit: a negative RatePerMinute (kbbot chat's one local user,
// who may pipe in a list) answers every question, however fast.
func TestNoRateLimit(t *testing.T) {
	b, _, _ := newTestBot(t, nil, Options{RatePerMinute: -1})
	for i := range 50 {
		if r := ask(t, b, "wifi password"); r.Kind != KindAnswer {
			t.Fatalf("question %d in the same instant: got %v %q; want an answer", i+1, r.Kind, r.Notices)
		}
	}
}
