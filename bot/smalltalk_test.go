package bot

import (
	"context"
	"testing"
	"time"
)

func TestParseSmallTalk(t *testing.T) {
	tests := []struct {
		in   string
		want smallTalk
	}{
		{"hi", talkHello},
		{"Hi there!", talkHello},
		{"hello, bot", talkHello},
		{"Good morning everyone :)", talkHello},
		{"你好", talkHello},
		{"您好！", talkHello},
		{"大家好～", talkHello},
		{"在吗?", talkHello},
		{"thanks 🙏", talkThanks},
		{"Thank you so much!!", talkThanks},
		{"thanks again bot", talkThanks},
		{"ok, thanks", talkThanks},
		{"谢谢！", talkThanks},
		{"好的，谢谢", talkThanks},
		{"ｔｈａｎｋｓ", talkThanks},
		{"謝謝", talkThanks}, // Traditional script
		{"多謝！", talkThanks},
		{"非常感謝", talkThanks},
		{"哈囉", talkHello},
		{"", talkNone},
		{"ok", talkNone},
		{"hi, how do I book leave?", talkNone},
		{"hello world program", talkNone},
		{"who said hi", talkNone},
		{"thanks for the help with vpn setup", talkNone},
		{"你好，请问怎么报销", talkNone},
		{"there", talkNone},
		{"hi there there there", talkNone},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := parseSmallTalk(tt.in); got != tt.want {
				t.Errorf("parseSmallTalk(%q) = %d; want %d", tt.in, got, tt.want)
			}
		})
	}
}

// TestSmallTalkIsNoQuestion: a greeting gets what the bot does, thanks
// get "you're welcome", in the user's language, and neither is recorded
// as a question, so neither is a gap in the docs; a question that starts
// with a greeting is still answered.
func TestSmallTalkIsNoQuestion(t *testing.T) {
	store := NewMemoryStore()
	b, _, _ := newTestBot(t, store, Options{})
	if r := ask(t, b, "你好"); r.Kind != KindHelp || r.Lang != LangChinese {
		t.Errorf("你好: got kind %v in %q; want the help, in Chinese", r.Kind, r.Lang)
	}
	if r := ask(t, b, "Hi there!"); r.Kind != KindHelp || r.Lang != LangEnglish {
		t.Errorf("Hi there!: got kind %v in %q; want the help, in English", r.Kind, r.Lang)
	}
	if r := ask(t, b, "thanks!"); r.Kind != KindNotice || len(r.Notices) != 1 || r.Notices[0] != Label(LangEnglish, msgWelcome) {
		t.Errorf("thanks!: got %+v; want the welcome notice", r)
	}
	if r := ask(t, b, "谢谢"); r.Kind != KindNotice || len(r.Notices) != 1 || r.Notices[0] != Label(LangChinese, msgWelcome) {
		t.Errorf("谢谢: got %+v; want the welcome notice in Chinese", r)
	}
	if r := ask(t, b, "謝謝！"); r.Kind != KindNotice || len(r.Notices) != 1 || r.Notices[0] != Label(LangChinese, msgWelcome) {
		t.Errorf("謝謝！: got %+v; want the welcome notice in Chinese", r)
	}
	qs, err := store.Questions(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 0 {
		t.Errorf("small talk recorded as %d questions: %+v", len(qs), qs)
	}
	if r := ask(t, b, "hi, how do I book annual leave?"); r.Kind != KindAnswer {
		t.Errorf("a question after a greeting: got kind %v; want an answer", r.Kind)
	}
}

// TestNoWordsIsNoQuestion: a message with no letter or digit ("👍" after
// an answer, "...") gets the help, as an empty one does, and is not
// recorded, so it never shows among the gaps in the docs.
func TestNoWordsIsNoQuestion(t *testing.T) {
	for _, text := range []string{"👍", "...", "🙏🙏", "？！", "— :) —"} {
		t.Run(text, func(t *testing.T) {
			store := NewMemoryStore()
			b, _, _ := newTestBot(t, store, Options{})
			if r := ask(t, b, text); r.Kind != KindHelp {
				t.Errorf("%q: got kind %v; want the help", text, r.Kind)
			}
			if qs, err := store.Questions(context.Background(), time.Time{}); err != nil || len(qs) != 0 {
				t.Errorf("%q: recorded %+v, %v; want no question", text, qs, err)
			}
		})
	}
	b, _, _ := newTestBot(t, nil, Options{})
	if r := ask(t, b, "404"); r.Kind == KindHelp {
		t.Errorf("404: got the help; want it asked as a question")
	}
}

// FuzzParseSmallTalk: any text is small talk or not without panicking,
// and normalising it first changes nothing.
func FuzzParseSmallTalk(f *testing.F) {
	for _, s := range []string{"hi", "Thanks 🙏!!", "好的，谢谢", "hi there there", "ｔｈａｎｋｓ", "\u200d", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4*maxTalkLen {
			return // too long to be small talk, by design, however it folds ("hi there" and 160 spaces)
		}
		if got, again := parseSmallTalk(s), parseSmallTalk(normTalk(s)); got != again {
			t.Errorf("parseSmallTalk(%q) = %d but %d once normalised (%q)", s, got, again, normTalk(s))
		}
	})
}
