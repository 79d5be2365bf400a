package bot

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/kbbot/kbbot/knowledge"
)

func TestMore(t *testing.T) {
	b, _, _ := newTestBot(t, nil, Options{})
	if r := ask(t, b, "more"); r.Notices[0] != Label(LangEnglish, msgNoLastQ) {
		t.Errorf("more before any question: got %q; want %q", r.Notices, Label(LangEnglish, msgNoLastQ))
	}
	first := ask(t, b, "manager")
	kb := testKB(t)
	res := kb.Search("manager", searchDepth)
	// More answers are other topics: not the first answer's parent
	// heading or sub-sections, whose text it showed.
	var others []*knowledge.Section
	for _, m := range res.Matches[1:] {
		if !knowledge.SameTopic(res.Matches[0].Section, m.Section) {
			others = append(others, m.Section)
		}
	}
	if len(others) < 2 {
		t.Fatalf("test knowledge base gives %d other topics for %q; want at least 2", len(others), "manager")
	}
	second := press(t, b, first, ActionMore)
	if second.Answer == nil || second.Answer.SectionID != others[0].ID {
		t.Fatalf("more: got %+v; want the next other topic %q", second.Answer, others[0].Title)
	}
	// A further answer is no stored question: no vote on it could be
	// kept under its own section, so it offers none and takes none.
	if second.Answer.QuestionID != "" || slices.Contains(buttonNames(second), ActionHelpful) {
		t.Errorf("more: question ID %q, buttons %v; want none stored and no vote buttons", second.Answer.QuestionID, buttonNames(second))
	}
	for _, cmd := range []string{"feedback 👍", "feedback"} {
		if v := ask(t, b, cmd); v.Kind != KindNotice || v.Notices[0] != Label(LangEnglish, msgVoteLost) || len(v.Actions) != 0 {
			t.Errorf("%q on a further answer: got %q %v; want %q and no buttons", cmd, v.Notices, buttonNames(v), Label(LangEnglish, msgVoteLost))
		}
	}
	r := second
	for _, want := range others[1:] {
		r = ask(t, b, "more")
		if r.Answer == nil || r.Answer.SectionID != want.ID {
			t.Fatalf("typed more: got %+v; want %q", r.Answer, want.Title)
		}
	}
	if slices.Contains(buttonNames(r), ActionMore) {
		t.Errorf("last of the matches still offers more")
	}
	if r = ask(t, b, "更多"); r.Kind != KindNotice || r.Notices[0] != Label(LangChinese, msgNoMore) {
		t.Errorf("more past the end: got %v %q; want %q", r.Kind, r.Notices, Label(LangChinese, msgNoMore))
	}
}

// TestMoreSkipsNested: when the answer is a heading whose text showed
// its sub-sections, they are not offered again as more answers.
func TestMoreSkipsNested(t *testing.T) {
	b, _, _ := newTestBot(t, nil, Options{})
	first := ask(t, b, "leave")
	if first.Answer == nil || first.Answer.Title != "Leave" {
		t.Fatalf("leave: got %+v; want the Leave heading", first.Answer)
	}
	if slices.Contains(buttonNames(first), ActionMore) {
		t.Errorf("leave: offers more answers, but every other match is inside Leave")
	}
	if r := ask(t, b, "more"); r.Kind != KindNotice || r.Notices[0] != Label(LangEnglish, msgNoMore) {
		t.Errorf("more: got %v %+v; want %q", r.Kind, r.Answer, Label(LangEnglish, msgNoMore))
	}
}

func TestFeedback(t *testing.T) {
	ms := NewMemoryStore()
	obs := &observed{}
	b, _, _ := newTestBot(t, ms, Options{Observer: obs})
	if r := ask(t, b, "feedback"); r.Notices[0] != Label(LangEnglish, msgFeedbackHow) {
		t.Errorf("feedback before a question: got %q", r.Notices)
	}
	r := ask(t, b, "how do I book annual leave?")
	press(t, b, r, ActionHelpful)
	fr := ask(t, b, "feedback")
	if got := buttonNames(fr); !slices.Equal(got, []string{ActionHelpful, ActionUnhelpful}) {
		t.Errorf("feedback command: got buttons %v; want 👍 👎", got)
	}
	sorry := ask(t, b, "feedback 👎") // changes the vote
	if sorry.Notices[0] != Label(LangEnglish, msgSorry) || !slices.Contains(buttonNames(sorry), ActionMore) {
		t.Errorf("👎: got %q %v; want an apology offering more", sorry.Notices, buttonNames(sorry))
	}
	qs, err := ms.Questions(context.Background(), time.Time{})
	if err != nil || len(qs) != 1 {
		t.Fatalf("stored questions: %v, %v", qs, err)
	}
	if qs[0].Helpful != 0 || qs[0].Unhelpful != 1 || !qs[0].Answered || qs[0].Title != "Booking annual leave" {
		t.Errorf("stored question: got %+v; want answered by Booking annual leave with one 👎", qs[0])
	}
	if !slices.Equal(obs.votes, []bool{true, false}) {
		t.Errorf("observer votes: got %v; want [true false]", obs.votes)
	}
}

// TestVoteUnknownQuestion: a vote button whose question the store does
// not have (pressed on a message from before the database was replaced)
// says the vote cannot be kept, and is not counted as a vote.
func TestVoteUnknownQuestion(t *testing.T) {
	for _, name := range []string{ActionHelpful, ActionUnhelpful} {
		t.Run(name, func(t *testing.T) {
			obs := &observed{}
			b, _, _ := newTestBot(t, nil, Options{Observer: obs})
			r, err := b.Act(context.Background(), Action{Platform: PlatformSlack, User: "U1", Name: name, Value: "42"})
			if err != nil {
				t.Fatal(err)
			}
			if r.Kind != KindNotice || r.Notices[0] != Label(LangEnglish, msgVoteLost) || len(r.Actions) != 0 {
				t.Errorf("vote on unknown question 42: got %q %v; want %q and no buttons", r.Notices, buttonNames(r), Label(LangEnglish, msgVoteLost))
			}
			if len(obs.votes) != 0 {
				t.Errorf("observer votes: got %v; want none", obs.votes)
			}
		})
	}
}

func TestActions(t *testing.T) {
	b, _, _ := newTestBot(t, nil, Options{})
	ctx := context.Background()
	leave := sectionByTitle(t, testKB(t), "Booking annual leave")
	r, err := b.Handle(ctx, Message{Platform: PlatformSlack, User: "U1", Text: "how do I book annual leave?", Command: true, MaxExcerpt: 100})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Ephemeral || !r.Answer.Truncated {
		t.Fatalf("slash command answer: ephemeral %v truncated %v; want both", r.Ephemeral, r.Answer.Truncated)
	}
	full := press(t, b, r, ActionFull)
	if full.Answer.Truncated || full.Answer.Excerpt != leave.Body {
		t.Errorf("full section: got truncated=%v %q; want the whole body", full.Answer.Truncated, full.Answer.Excerpt)
	}
	shared := press(t, b, r, ActionShare)
	if shared.Ephemeral || shared.Answer == nil || shared.Text != Label(LangEnglish, msgShared) {
		t.Errorf("share: got ephemeral=%v answer=%v text=%q; want a public answer", shared.Ephemeral, shared.Answer, shared.Text)
	}
	tests := []struct {
		name, action, value string
		wantKind            Kind
		wantErr             string
	}{
		{"answer", ActionAnswer, leave.ID, KindAnswer, ""},
		{"gone", ActionAnswer, "no-such-section", KindNotice, ""},
		{"topics page", ActionTopics, "1", KindTopics, ""},
		{"unknown action", "launch", "", 0, `unknown action "launch"`},
		{"bad question id", ActionHelpful, "abc", 0, `bad question ID "abc"`},
		{"bad page", ActionTopics, "two", 0, `bad page "two"`},
		{"no section", ActionFull, "", 0, "no section ID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := b.Act(ctx, Action{Platform: PlatformSlack, User: "U1", Name: tt.action, Value: tt.value})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("Act: got %v; want an error containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got.Kind != tt.wantKind {
				t.Errorf("Act: got kind %v, %v; want %v", got.Kind, err, tt.wantKind)
			}
		})
	}
}

func TestTopicsPaging(t *testing.T) {
	b, _, _ := newTestBot(t, nil, Options{})
	r := ask(t, b, "topics")
	seen := map[string]bool{}
	for page := 1; ; page++ {
		if r.Page != page || r.Kind != KindTopics {
			t.Fatalf("page %d: got kind %v page %d", page, r.Kind, r.Page)
		}
		for _, tp := range r.Topics {
			if seen[tp.SectionID] {
				t.Errorf("topic %q listed twice", tp.Title)
			}
			seen[tp.SectionID] = true
		}
		if page == r.Pages {
			break
		}
		var next *Button
		for i := range r.Actions {
			if r.Actions[i].Label == Label(LangEnglish, msgNextPage) {
				next = &r.Actions[i]
			}
		}
		if next == nil {
			t.Fatalf("page %d of %d has no next-page button", page, r.Pages)
		}
		r = ask(t, b, "topics "+next.Value)
	}
	if len(seen) < 8 {
		t.Errorf("table of contents: got %d topics; want at least 8", len(seen))
	}
}

func TestSuggest(t *testing.T) {
	b, _, _ := newTestBot(t, nil, Options{})
	ctx := context.Background()
	got := b.Suggest(ctx, "lea", 5)
	var titles []string
	for _, tp := range got {
		titles = append(titles, tp.Title)
	}
	if !slices.Contains(titles, "Booking annual leave") {
		t.Errorf("Suggest(lea): got %q; want it to include %q", titles, "Booking annual leave")
	}
	for _, prefix := range []string{"", "printers", "报销", "a"} {
		got := b.Suggest(ctx, prefix, 3)
		if len(got) > 3 {
			t.Errorf("Suggest(%q, 3): got %d topics", prefix, len(got))
		}
		for _, tp := range got {
			if n := utf8.RuneCountInString(tp.Title); n > maxTitle {
				t.Errorf("Suggest(%q): title of %d characters: %q", prefix, n, tp.Title)
			}
		}
	}
	if got := b.Suggest(ctx, "", 3); len(got) != 3 {
		t.Errorf("Suggest(\"\", 3): got %d topics; want the first 3 of the contents", len(got))
	}
	if got := b.Suggest(ctx, "printers", 0); got != nil {
		t.Errorf("Suggest with n=0: got %v; want nil", got)
	}
}

func TestMoreAfterNoAnswer(t *testing.T) {
	// Thresholds nothing reaches: every question is refused, with the
	// closest topics offered.
	strict := &knowledge.Thresholds{MinScore: 2, MinCoverage: 2}
	kb, err := knowledge.Load(context.Background(), knowledge.Options{Thresholds: strict},
		knowledge.Source{Name: "kb", FS: os.DirFS("testdata/kb")})
	if err != nil {
		t.Fatal(err)
	}
	b := New(Static{kb}, nil, Options{})
	r := ask(t, b, "how do I book annual leave?")
	if r.Kind != KindNoAnswer || len(r.Related) == 0 {
		t.Fatalf("got kind %v with %d related; want a refusal with suggestions", r.Kind, len(r.Related))
	}
	m := ask(t, b, "more")
	if m.Answer == nil || m.Answer.SectionID != r.Related[0].SectionID {
		t.Errorf("more after no answer: got %+v; want the closest topic %q first", m.Answer, r.Related[0].Title)
	}
	if !strings.Contains(m.Text, "(1 of") {
		t.Errorf("more after no answer: got %q; want it numbered 1", m.Text)
	}
}

// TestMoreNeverRepeats: a heading whose text is its sub-sections is not
// offered as a further answer once they were shown, whatever came first.
func TestMoreNeverRepeats(t *testing.T) {
	kb := loadMap(t, fstest.MapFS{
		"password.md": {Data: []byte("# Password reset\n\nReset your password from the login page.\n")},
		"accounts.md": {Data: []byte("# Account passwords\n\n## Password expiry\n\nA password expires after a year.\n\n## Password rules\n\nA password has 12 characters or more.\n")},
	})
	b := New(Static{kb}, NewMemoryStore(), Options{})
	r := ask(t, b, "how do I reset my password")
	shown := []string{r.Answer.Title}
	for r.Kind == KindAnswer && slices.Contains(buttonNames(r), ActionMore) {
		r = press(t, b, r, ActionMore)
		if r.Answer != nil {
			shown = append(shown, r.Answer.Title)
		}
	}
	if slices.Contains(shown, "Account passwords") && slices.Contains(shown, "Password expiry") {
		t.Errorf("answers %q: the heading repeats its sub-sections' text", shown)
	}
	if len(shown) < 2 {
		t.Errorf("answers %q; want further ones", shown)
	}
}

// TestMoreButtonLanguage: a "more answers" button under a Chinese answer
// answers in Chinese, also for a bot that does not remember the user (it
// was restarted in between) on a platform that sends no locale.
func TestMoreButtonLanguage(t *testing.T) {
	b, _, _ := newTestBot(t, nil, Options{})
	first := ask(t, b, "怎么提交报销")
	if first.Lang != LangChinese || !slices.Contains(buttonNames(first), ActionMore) {
		t.Fatalf("怎么提交报销: got lang %q, buttons %v; want Chinese with a more button", first.Lang, buttonNames(first))
	}
	restarted, _, _ := newTestBot(t, nil, Options{})
	r := press(t, restarted, first, ActionMore)
	if r.Lang != LangChinese {
		t.Errorf("more after a restart: got lang %q (%q); want Chinese", r.Lang, r.Text)
	}
	for _, btn := range r.Actions {
		if btn.Name == ActionMore && btn.Label != Label(LangChinese, msgMore) {
			t.Errorf("more after a restart: button %q; want %q", btn.Label, Label(LangChinese, msgMore))
		}
	}
}

// TestFollowUpStaysInChannel: "more" and "feedback" typed in a channel
// apply to the user's last question there, never to one asked in another
// channel (a DM's answers must not be posted in a public channel, nor a
// vote filed on a question the user cannot see there).
func TestFollowUpStaysInChannel(t *testing.T) {
	ms := NewMemoryStore()
	b, _, _ := newTestBot(t, ms, Options{})
	ctx := context.Background()
	say := func(channel, text string) Reply {
		t.Helper()
		r, err := b.Handle(ctx, Message{Platform: PlatformSlack, User: "U1", Channel: channel, Text: text})
		if err != nil {
			t.Fatalf("Handle(%s, %q): %v", channel, text, err)
		}
		return r
	}
	if r := say("D1", "how do I book annual leave?"); r.Kind != KindAnswer {
		t.Fatalf("question in the DM: got kind %v; want an answer", r.Kind)
	}
	tests := []struct {
		text string
		want Msg
	}{
		{"feedback", msgFeedbackHow},
		{"feedback 👎", msgFeedbackHow},
		{"more", msgNoLastQ},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			r := say("CPUBLIC", tt.text)
			if r.Kind != KindNotice || len(r.Notices) == 0 || r.Notices[0] != Label(LangEnglish, tt.want) {
				t.Errorf("%q in another channel: got kind %v %+v %q; want %q", tt.text, r.Kind, r.Answer, r.Notices, Label(LangEnglish, tt.want))
			}
		})
	}
	qs, err := ms.Questions(ctx, time.Time{})
	if err != nil || len(qs) != 1 || qs[0].Unhelpful != 0 {
		t.Errorf("stored: %+v, %v; want one question and no vote", qs, err)
	}
	// In the DM, they still apply to the DM's question.
	if r := say("D1", "more"); r.Kind != KindAnswer {
		t.Errorf("more in the DM: got kind %v %q; want a further answer", r.Kind, r.Notices)
	}
}

// TestMoreNumbering: further answers are numbered among the topics "more"
// shows, 2, 3, … up to their count, not among the matches it skips (a
// shown answer's parent heading or sub-sections), which read "(3 of 3)"
// as the first further answer.
func TestMoreNumbering(t *testing.T) {
	b, _, _ := newTestBot(t, nil, Options{})
	for _, question := range []string{"how do I book annual leave?", "manager", "怎么提交报销"} {
		t.Run(question, func(t *testing.T) {
			r := ask(t, b, question)
			var got []string
			for r.Kind == KindAnswer && slices.Contains(buttonNames(r), ActionMore) {
				r = press(t, b, r, ActionMore)
				if r.Kind == KindAnswer {
					got = append(got, r.Text)
				}
			}
			if len(got) == 0 {
				t.Fatalf("%q: no further answers", question)
			}
			lang := r.Lang
			var want []string
			for i := range got {
				want = append(want, Label(lang, msgMoreIntro, i+2, len(got)+1))
			}
			if !slices.Equal(got, want) {
				t.Errorf("%q: got intros %q; want %q", question, got, want)
			}
		})
	}
}
