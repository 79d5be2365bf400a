package slack

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kbbot/kbbot/bot"
)

func TestURLVerification(t *testing.T) {
	ta := newTestAdapter(t, newFakeAPI(t), Config{})
	h := ta.routes(&fakeBot{})
	rec := serve(h, PathEvents, "application/json", []byte(`{"token":"x","challenge":"3eZbrw1aBm2rZgRN","type":"url_verification"}`))
	if rec.Code != 200 || rec.Body.String() != "3eZbrw1aBm2rZgRN" {
		t.Errorf("got %d %q; want 200 and the challenge", rec.Code, rec.Body.String())
	}
}

func TestMentionAnsweredInThread(t *testing.T) {
	api := newFakeAPI(t)
	fb := &fakeBot{}
	_, h := startAdapter(t, api, Config{}, fb)

	rec := serve(h, PathEvents, "application/json", eventBody("Ev1", "app_mention", "C1", "", "1.000200", "<@UBOT> what is our VPN policy?"))
	if rec.Code != 200 {
		t.Fatalf("got status %d; want 200", rec.Code)
	}
	c := api.wait(t, 1)[0]
	if c.Method != "chat.postMessage" || c.Channel != "C1" || c.Thread != "1.000200" {
		t.Errorf("got %s to %s thread %q; want chat.postMessage to C1 in thread 1.000200", c.Method, c.Channel, c.Thread)
	}
	want := render(answerFor("what is our VPN policy?"), renderOpts{})
	if c.Text != want.Text {
		t.Errorf("got fallback %q; want %q", c.Text, want.Text)
	}
	wantBlocks, _ := json.Marshal(want.Blocks)
	if readable(t, c.Blocks) != readable(t, wantBlocks) {
		t.Errorf("got blocks\n%s\nwant\n%s", c.Blocks, wantBlocks)
	}
	m := fb.messages()[0]
	if m.ID != "slack:T1:C1:1.000200" || !m.Mention || m.DM || m.Text != "what is our VPN policy?" ||
		m.Platform != bot.PlatformSlack || m.Workspace != "T1" || m.User != "U1" || m.MaxExcerpt != answerExcerpt {
		t.Errorf("bot got %+v", m)
	}
}

// TestBadRequests sends what Slack never would: each gets a clear status,
// a log line, and reaches neither the bot nor the Web API.
func TestBadRequests(t *testing.T) {
	good := eventBody("Ev1", "app_mention", "C1", "", "1.0", "<@UBOT> hi")
	now := time.Now()
	ts := strconv.FormatInt(now.Unix(), 10)
	tests := []struct {
		name   string
		path   string
		req    func() *http.Request
		status int
		log    string
	}{
		{"wrong method", PathEvents, func() *http.Request { return httptest.NewRequest(http.MethodGet, PathEvents, nil) }, 405, "method GET not allowed"},
		{"no timestamp", PathEvents, func() *http.Request {
			r := signedRequest(PathEvents, "application/json", good, now)
			r.Header.Del("X-Slack-Request-Timestamp")
			return r
		}, 401, "missing X-Slack-Request-Timestamp"},
		{"no signature", PathEvents, func() *http.Request {
			r := signedRequest(PathEvents, "application/json", good, now)
			r.Header.Del("X-Slack-Signature")
			return r
		}, 401, "missing X-Slack-Signature"},
		{"bad timestamp", PathEvents, func() *http.Request {
			r := signedRequest(PathEvents, "application/json", good, now)
			r.Header.Set("X-Slack-Request-Timestamp", "yesterday")
			return r
		}, 401, "bad X-Slack-Request-Timestamp"},
		{"stale timestamp", PathEvents, func() *http.Request {
			return signedRequest(PathEvents, "application/json", good, now.Add(-6*time.Minute))
		}, 401, "stale timestamp"},
		{"future timestamp", PathEvents, func() *http.Request {
			return signedRequest(PathEvents, "application/json", good, now.Add(6*time.Minute))
		}, 401, "stale timestamp"},
		{"wrong signature", PathEvents, func() *http.Request {
			r := signedRequest(PathEvents, "application/json", good, now)
			r.Header.Set("X-Slack-Signature", "v0="+signature("other secret", ts, good))
			r.Header.Set("X-Slack-Request-Timestamp", ts)
			return r
		}, 401, "signature does not match"},
		{"signature without version", PathEvents, func() *http.Request {
			r := signedRequest(PathEvents, "application/json", good, now)
			r.Header.Set("X-Slack-Signature", signature(testSecret, r.Header.Get("X-Slack-Request-Timestamp"), good))
			return r
		}, 401, "signature does not match"},
		{"body changed after signing", PathEvents, func() *http.Request {
			r := signedRequest(PathEvents, "application/json", good, now)
			r.Body = http.NoBody
			return r
		}, 401, "signature does not match"},
		{"oversized body", PathEvents, func() *http.Request {
			return signedRequest(PathEvents, "application/json", bytes.Repeat([]byte("x"), 2<<20), now)
		}, 413, "over the 1048576-byte limit"},
		{"oversized body without length", PathEvents, func() *http.Request {
			r := signedRequest(PathEvents, "application/json", bytes.Repeat([]byte("x"), 2<<20), now)
			r.ContentLength = -1
			return r
		}, 413, "body over the 1048576-byte limit"},
		{"malformed JSON", PathEvents, func() *http.Request { return signedRequest(PathEvents, "application/json", []byte(`{"type":`), now) }, 400, "malformed request"},
		{"JSON without a type", PathEvents, func() *http.Request { return signedRequest(PathEvents, "application/json", []byte(`{}`), now) }, 400, "no type"},
		{"unknown payload type", PathEvents, func() *http.Request {
			return signedRequest(PathEvents, "application/json", []byte(`{"type":"block_suggestion"}`), now)
		}, 400, `unknown payload type \"block_suggestion\"`},
		{"callback without event", PathEvents, func() *http.Request {
			return signedRequest(PathEvents, "application/json", []byte(`{"type":"event_callback","event_id":"Ev9"}`), now)
		}, 400, "event_callback without an event"},
		{"event of the wrong shape", PathEvents, func() *http.Request {
			return signedRequest(PathEvents, "application/json", []byte(`{"type":"event_callback","event":{"type":"app_mention","user":7}}`), now)
		}, 400, "malformed request"},
		{"mention without ts", PathEvents, func() *http.Request {
			return signedRequest(PathEvents, "application/json", []byte(`{"type":"event_callback","event":{"type":"app_mention","user":"U1","channel":"C1"}}`), now)
		}, 400, "without channel or ts"},
		{"unknown event type", PathEvents, func() *http.Request {
			return signedRequest(PathEvents, "application/json", []byte(`{"type":"event_callback","event":{"type":"reaction_added","user":"U1"}}`), now)
		}, 200, "event type reaction_added not handled"},
		{"command without user", PathCommands, func() *http.Request {
			return signedRequest(PathCommands, "application/x-www-form-urlencoded", []byte("command=%2Fask&channel_id=C1"), now)
		}, 400, "slash command without user_id"},
		{"command with a bad form", PathCommands, func() *http.Request {
			return signedRequest(PathCommands, "application/x-www-form-urlencoded", []byte("a=%zz"), now)
		}, 400, "invalid URL escape"},
		{"interaction without payload", PathInteractions, func() *http.Request {
			return signedRequest(PathInteractions, "application/x-www-form-urlencoded", []byte("x=1"), now)
		}, 400, "interaction without a payload"},
		{"interaction with bad JSON", PathInteractions, func() *http.Request {
			return signedRequest(PathInteractions, "application/x-www-form-urlencoded", []byte(url.Values{"payload": {"{"}}.Encode()), now)
		}, 400, "interaction payload"},
		{"interaction without actions", PathInteractions, func() *http.Request {
			return signedRequest(PathInteractions, "application/x-www-form-urlencoded", []byte(url.Values{"payload": {`{"type":"block_actions","user":{"id":"U1"}}`}}.Encode()), now)
		}, 400, "block_actions without actions"},
		{"someone else's button", PathInteractions, func() *http.Request {
			return signedRequest(PathInteractions, "application/x-www-form-urlencoded", []byte(url.Values{"payload": {
				`{"type":"block_actions","user":{"id":"U1"},"actions":[{"type":"button","block_id":"b1","action_id":"other","value":"x"}]}`}}.Encode()), now)
		}, 200, "action other is not the bot's"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			api := newFakeAPI(t)
			fb := &fakeBot{}
			ta, h := startAdapter(t, api, Config{}, fb)
			rec := httptest.NewRecorder()
			h[tc.path].ServeHTTP(rec, tc.req())
			if rec.Code != tc.status {
				t.Errorf("got status %d (%s); want %d", rec.Code, strings.TrimSpace(rec.Body.String()), tc.status)
			}
			if logs := ta.logs.String(); !strings.Contains(logs, tc.log) {
				t.Errorf("log does not say %q:\n%s", tc.log, logs)
			}
			api.quiet(t, 50*time.Millisecond)
			if n := len(fb.messages()) + len(fb.actions()); n != 0 {
				t.Errorf("bot was asked %d times; want 0", n)
			}
		})
	}
}

// TestEventFilter checks which messages the bot answers, and where.
func TestEventFilter(t *testing.T) {
	mention := func(mod func(ev map[string]any)) []byte {
		ev := map[string]any{"type": "app_mention", "user": "U1", "text": "<@UBOT> vpn?", "ts": "5.5", "channel": "C1"}
		mod(ev)
		b, _ := json.Marshal(map[string]any{"type": "event_callback", "team_id": "T1", "event_id": "Ev1", "event": ev})
		return b
	}
	tests := []struct {
		name     string
		channels []string
		body     []byte
		answered bool
		thread   string
		reason   string
	}{
		{"mention", nil, mention(func(map[string]any) {}), true, "5.5", ""},
		{"mention in a thread", nil, mention(func(ev map[string]any) { ev["thread_ts"] = "4.4" }), true, "4.4", ""},
		{"dm", nil, eventBody("Ev1", "message", "D1", "im", "5.5", "vpn?"), true, "", ""},
		{"dm in a thread", nil, mention(func(ev map[string]any) {
			ev["type"], ev["channel"], ev["channel_type"], ev["thread_ts"] = "message", "D1", "im", "4.4"
		}), true, "4.4", ""},
		{"allowed channel", []string{"C1"}, mention(func(map[string]any) {}), true, "5.5", ""},
		{"dm ignores the allow-list", []string{"C9"}, eventBody("Ev1", "message", "D1", "im", "5.5", "vpn?"), true, "", ""},
		{"channel not allowed", []string{"C9"}, mention(func(map[string]any) {}), false, "", "channel not in the allow-list"},
		{"bot message", nil, mention(func(ev map[string]any) { ev["bot_id"] = "B2" }), false, "", "message from a bot"},
		{"own message", nil, eventBody("Ev1", "message", "D1", "im", "5.5", "vpn?"), false, "", "own message"},
		{"edited", nil, mention(func(ev map[string]any) { ev["edited"] = map[string]any{"user": "U1", "ts": "6.6"} }), false, "", "edited message"},
		{"message_changed", nil, eventBody("Ev1", "message", "D1", "im", "5.5", "vpn?"), false, "", "message subtype message_changed"},
		{"mention also sent to the channel", nil, mention(func(ev map[string]any) {
			ev["subtype"], ev["thread_ts"] = "thread_broadcast", "4.4"
		}), true, "4.4", ""},
		{"mention with a file", nil, mention(func(ev map[string]any) { ev["subtype"] = "file_share" }), true, "5.5", ""},
		{"dm with a file", nil, mention(func(ev map[string]any) {
			ev["type"], ev["channel"], ev["channel_type"], ev["subtype"], ev["text"] = "message", "D1", "im", "file_share", "what is this error?"
		}), true, "", ""},
		{"dm with only a file", nil, mention(func(ev map[string]any) {
			ev["type"], ev["channel"], ev["channel_type"], ev["subtype"], ev["text"] = "message", "D1", "im", "file_share", ""
		}), false, "", "message subtype file_share without text"},
		{"channel join", nil, mention(func(ev map[string]any) {
			ev["subtype"], ev["text"] = "channel_join", "<@UBOT> has joined the channel"
		}), false, "", "message subtype channel_join"},
		{"channel chatter", nil, eventBody("Ev1", "message", "C1", "channel", "5.5", "vpn?"), false, "", "message in a channel without a mention"},
		{"group dm message", nil, eventBody("Ev1", "message", "G1", "mpim", "5.5", "vpn?"), false, "", "message in a channel without a mention"},
		{"no user", nil, mention(func(ev map[string]any) { delete(ev, "user") }), false, "", "message from a bot"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body := tc.body
			switch tc.name {
			case "own message":
				body = bytes.Replace(body, []byte(`"user":"U1"`), []byte(`"user":"UBOT"`), 1)
			case "message_changed":
				body = bytes.Replace(body, []byte(`"type":"message"`), []byte(`"type":"message","subtype":"message_changed"`), 1)
			}
			api := newFakeAPI(t)
			ta, h := startAdapter(t, api, Config{Channels: tc.channels}, &fakeBot{})
			if rec := serve(h, PathEvents, "application/json", body); rec.Code != 200 {
				t.Fatalf("got status %d; want 200", rec.Code)
			}
			if !tc.answered {
				api.quiet(t, 50*time.Millisecond)
				if !strings.Contains(ta.logs.String(), tc.reason) {
					t.Errorf("log does not say %q:\n%s", tc.reason, ta.logs.String())
				}
				return
			}
			c := api.wait(t, 1)[0]
			if c.Method != "chat.postMessage" || c.Thread != tc.thread {
				t.Errorf("got %s in thread %q; want chat.postMessage in thread %q", c.Method, c.Thread, tc.thread)
			}
		})
	}
}

// TestRetriedEventAnsweredOnce delivers the same message as Slack may:
// retried after a timeout, and as both app_mention and message.im.
func TestRetriedEventAnsweredOnce(t *testing.T) {
	api := newFakeAPI(t)
	fb := &fakeBot{}
	ta, h := startAdapter(t, api, Config{}, fb)
	body := eventBody("Ev1", "app_mention", "C1", "", "1.0", "<@UBOT> vpn?")
	for i := range 3 {
		req := signedRequest(PathEvents, "application/json", body, time.Now())
		if i > 0 {
			req.Header.Set("X-Slack-Retry-Num", strconv.Itoa(i))
			req.Header.Set("X-Slack-Retry-Reason", "http_timeout")
		}
		rec := httptest.NewRecorder()
		h[PathEvents].ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Fatalf("delivery %d: got %d; want 200", i, rec.Code)
		}
	}
	// A DM that mentions the bot arrives twice with different event IDs.
	serve(h, PathEvents, "application/json", eventBody("Ev2", "message", "D1", "im", "2.0", "<@UBOT> vpn?"))
	serve(h, PathEvents, "application/json", eventBody("Ev3", "app_mention", "D1", "im", "2.0", "<@UBOT> vpn?"))
	api.wait(t, 2)
	api.quiet(t, 100*time.Millisecond)
	if n := len(fb.messages()); n != 2 {
		t.Errorf("bot asked %d times; want 2", n)
	}
	if !strings.Contains(ta.logs.String(), "event redelivered") {
		t.Errorf("retries are not logged:\n%s", ta.logs.String())
	}
}

// TestAnsweredOnceAcrossRestart: a new process has no in-memory guard;
// the bot's store answers ErrDuplicate and nothing is posted.
func TestAnsweredOnceAcrossRestart(t *testing.T) {
	api := newFakeAPI(t)
	fb := &fakeBot{}
	body := eventBody("Ev1", "app_mention", "C1", "", "1.0", "<@UBOT> vpn?")
	_, h := startAdapter(t, api, Config{}, fb)
	serve(h, PathEvents, "application/json", body)
	api.wait(t, 1)

	second, h := startAdapter(t, api, Config{}, fb)
	serve(h, PathEvents, "application/json", body)
	api.quiet(t, 100*time.Millisecond)
	if !strings.Contains(second.logs.String(), "already answered") {
		t.Errorf("duplicate not logged:\n%s", second.logs.String())
	}
}

func TestSlashCommand(t *testing.T) {
	tests := []struct {
		text     string
		wantText string
	}{
		{"what is the VPN policy?", "what is the VPN policy?"},
		{"topics", "topics"},
		{"tour", "tour"},
		{"  ", ""},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			api := newFakeAPI(t)
			fb := &fakeBot{}
			_, h := startAdapter(t, api, Config{}, fb)
			rec := serve(h, PathCommands, "application/x-www-form-urlencoded", commandBody(tc.text, "C1", api.responseURL("1"), "trig1"))
			if rec.Code != 200 || rec.Body.Len() != 0 {
				t.Fatalf("got %d %q; want an empty 200", rec.Code, rec.Body.String())
			}
			c := api.wait(t, 1)[0]
			if c.Method != "response_url" || c.ResponseType != "ephemeral" || c.Replace {
				t.Errorf("got %s %q replace=%v; want an ephemeral response_url post", c.Method, c.ResponseType, c.Replace)
			}
			if !strings.Contains(string(c.Blocks), `"action_id":"kb:share:3"`) {
				t.Errorf("no Share button in %s", c.Blocks)
			}
			m := fb.messages()[0]
			if !m.Command || m.Text != tc.wantText || m.Channel != "C1" || m.ID != "slack:cmd:T1:trig1" {
				t.Errorf("bot got %+v", m)
			}
		})
	}
}

// TestSlashCommandSSLCheck: Slack's periodic certificate check on the
// command URL is answered 200, not rejected as a malformed command.
func TestSlashCommandSSLCheck(t *testing.T) {
	api := newFakeAPI(t)
	fb := &fakeBot{}
	ta, h := startAdapter(t, api, Config{}, fb)
	rec := serve(h, PathCommands, "application/x-www-form-urlencoded", []byte("ssl_check=1&token=x"))
	if rec.Code != 200 || rec.Body.Len() != 0 {
		t.Errorf("got %d %q; want an empty 200", rec.Code, rec.Body.String())
	}
	api.quiet(t, 100*time.Millisecond)
	if n := len(fb.messages()); n != 0 {
		t.Errorf("bot asked %d times; want 0", n)
	}
	if logs := ta.logs.String(); strings.Contains(logs, "rejected") {
		t.Errorf("log has a rejection:\n%s", logs)
	}
}

func TestSlashCommandNotAllowedHere(t *testing.T) {
	api := newFakeAPI(t)
	fb := &fakeBot{}
	_, h := startAdapter(t, api, Config{Channels: []string{"C9"}}, fb)
	rec := serve(h, PathCommands, "application/x-www-form-urlencoded", commandBody("vpn", "C1", api.responseURL("1"), "t"))
	var got map[string]string
	_ = json.Unmarshal(rec.Body.Bytes(), &got)
	if rec.Code != 200 || got["response_type"] != "ephemeral" || !strings.Contains(got["text"], "don't answer in this channel") {
		t.Errorf("got %d %q; want an ephemeral refusal", rec.Code, rec.Body.String())
	}
	// In a DM the allow-list does not apply.
	serve(h, PathCommands, "application/x-www-form-urlencoded", commandBody("vpn", "D1", api.responseURL("2"), "t2"))
	api.wait(t, 1)
	if n := len(fb.messages()); n != 1 {
		t.Errorf("bot asked %d times; want 1", n)
	}
}
