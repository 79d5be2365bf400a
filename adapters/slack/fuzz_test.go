package slack

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzRoutes returns the handlers of a running adapter over a fake Slack
// that only counts posts.
func fuzzRoutes(f *testing.F) map[string]http.Handler {
	api := newFakeAPI(f)
	api.light = true
	_, h := startAdapter(f, api, Config{}, &fakeBot{})
	return h
}

// checkStatus fails on a status the handlers never mean to give: a 500
// is a recovered panic.
func checkStatus(t *testing.T, code int, ok ...int) {
	t.Helper()
	for _, c := range ok {
		if code == c {
			return
		}
	}
	t.Errorf("got status %d; want one of %v", code, ok)
}

func FuzzEvents(f *testing.F) {
	f.Add(eventBody("Ev1", "app_mention", "C1", "", "1.0", "<@UBOT> vpn?"))
	f.Add(eventBody("Ev2", "message", "D1", "im", "2.0", "hi"))
	f.Add([]byte(`{"type":"url_verification","challenge":"x"}`))
	f.Add([]byte(`{"type":"event_callback","event":null}`))
	f.Add([]byte(`{"type":"event_callback","event":{"type":"message","subtype":"message_changed","message":{"text":"x"}}}`))
	f.Add([]byte(`{"type":"app_rate_limited"}`))
	f.Add([]byte(`[1,2]`))
	h := fuzzRoutes(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		rec := serve(h, PathEvents, "application/json", body)
		checkStatus(t, rec.Code, 200, 400)
	})
}

func FuzzCommands(f *testing.F) {
	f.Add(string(commandBody("vpn?", "C1", "http://127.0.0.1:1/r", "t1")))
	f.Add("command=%2Fask&user_id=U1&channel_id=D1&text=%E4%B8%AD")
	f.Add("a=%zz")
	h := fuzzRoutes(f)
	f.Fuzz(func(t *testing.T, body string) {
		rec := serve(h, PathCommands, "application/x-www-form-urlencoded", []byte(body))
		checkStatus(t, rec.Code, 200, 400)
	})
}

func FuzzInteractions(f *testing.F) {
	f.Add(`{"type":"block_actions","trigger_id":"t","user":{"id":"U1"},"channel":{"id":"C1"},"container":{"message_ts":"1.0"},"actions":[{"type":"button","block_id":"b","action_id":"kb:full:0","value":"x"}]}`)
	f.Add(`{"type":"block_actions","user":{"id":"U1"},"message":{"blocks":[{"type":"actions","elements":[{"type":"button","action_id":"kb:helpful:1"}]}]},"actions":[{"block_id":"b","action_id":"kb:helpful:1"}]}`)
	f.Add(`{"type":"view_submission"}`)
	f.Add(`{"type":"block_actions","actions":[{"block_id":"b","action_id":"kb:"}]}`)
	h := fuzzRoutes(f)
	f.Fuzz(func(t *testing.T, payload string) {
		body := url.Values{"payload": {payload}}.Encode()
		rec := serve(h, PathInteractions, "application/x-www-form-urlencoded", []byte(body))
		checkStatus(t, rec.Code, 200, 400)
	})
}

// FuzzMrkdwnChunks: whatever the Markdown, every chunk fits, is valid
// UTF-8 and has no markup the document did not ask for.
func FuzzMrkdwnChunks(f *testing.F) {
	for _, s := range []string{answerMarkdown, longText(3), "```\nx\n", "**a [b](https://e.x) c**", "中文。句子！", "😀&<>|", "`a`b`", "[x](<https://e.x/a b>)"} {
		f.Add(s, 40)
	}
	f.Fuzz(func(t *testing.T, md string, limit int) {
		if !utf8.ValidString(md) || len(md) > 20000 {
			return
		}
		limit = 20 + abs(limit)%3000
		for _, c := range mrkdwnChunks(md, limit) {
			if size(c) > limit {
				t.Errorf("chunk of size %d > %d: %q", size(c), limit, c)
			}
			if !utf8.ValidString(c) || strings.TrimSpace(c) == "" {
				t.Errorf("invalid or empty chunk %q", c)
			}
			checkEscaped(t, c)
		}
	})
}

func FuzzPlainText(f *testing.F) {
	f.Add("<@UBOT> what is <https://e.x|this> &amp; <#C1|general>?", "UBOT")
	f.Add("<<<>>>", "")
	f.Fuzz(func(t *testing.T, s, botUser string) {
		got := plainText(s, botUser)
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Errorf("plainText(%q) = %q: invalid UTF-8", s, got)
		}
		if botUser != "" && strings.Contains(got, "<@"+botUser+">") {
			t.Errorf("plainText(%q) kept the bot mention: %q", s, got)
		}
	})
}

func abs(n int) int {
	if n < 0 {
		if n == -n { // the smallest int
			return 0
		}
		return -n
	}
	return n
}
