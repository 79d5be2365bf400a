package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kbbot/kbbot/bot"
)

const (
	askBody = `{"id":"i1","application_id":"111","token":"tok1","type":2,"channel_id":"c1","guild_id":"g1","locale":"en-US",
		"member":{"user":{"id":"u1","username":"alice"}},
		"data":{"id":"cmd1","name":"ask","type":1,"options":[{"name":"question","type":3,"value":"how do I connect to the vpn?"}]}}`
	pingBody = `{"id":"p1","application_id":"111","token":"tokp","type":1}`
)

func interactionsHandler(t *testing.T, h *harness, b answerer) http.Handler {
	t.Helper()
	if h.a.key == nil {
		t.Fatal("harness without a public key")
	}
	return h.a.interactions(b)
}

func TestHTTPRejects(t *testing.T) {
	h := newHarness(t, Config{})
	handler := interactionsHandler(t, h, &fakeBot{})
	h.a.maxBody = 4096
	now := time.Now()
	tests := []struct {
		name   string
		req    func() *http.Request
		status int
		reason string
	}{
		{"GET", func() *http.Request { return httptest.NewRequest(http.MethodGet, "/discord/interactions", nil) }, 405, "use POST"},
		{"no signature", func() *http.Request {
			return httptest.NewRequest(http.MethodPost, "/discord/interactions", strings.NewReader(pingBody))
		}, 401, "missing signature headers"},
		{"signature not hex", func() *http.Request {
			r := h.sign(pingBody, now)
			r.Header.Set("X-Signature-Ed25519", "zz")
			return r
		}, 401, "invalid request signature"},
		{"tampered body", func() *http.Request {
			r := h.sign(pingBody, now)
			r.Body = io.NopCloser(strings.NewReader(pingBody + " "))
			return r
		}, 401, "invalid request signature"},
		{"other key", func() *http.Request {
			other := &harness{priv: ed25519.NewKeyFromSeed(bytes.Repeat([]byte{8}, ed25519.SeedSize))}
			return other.sign(pingBody, now)
		}, 401, "invalid request signature"},
		{"stale timestamp", func() *http.Request { return h.sign(pingBody, now.Add(-10*time.Minute)) }, 401, "stale request timestamp"},
		{"future timestamp", func() *http.Request { return h.sign(pingBody, now.Add(10*time.Minute)) }, 401, "stale request timestamp"},
		{"oversized", func() *http.Request { return h.sign(`{"type":1,"x":"`+strings.Repeat("a", 5000)+`"}`, now) }, 413, "request body over 4096 bytes"},
		{"malformed JSON", func() *http.Request { return h.sign(`{"type":1,`, now) }, 400, "malformed JSON"},
		{"wrong JSON type", func() *http.Request { return h.sign(`{"type":"ping"}`, now) }, 400, "malformed JSON"},
		{"modal submit", func() *http.Request {
			return h.sign(`{"id":"i","application_id":"1","token":"t","type":5,"data":{"custom_id":"x"}}`, now)
		}, 400, "unsupported interaction type 5"},
		{"unknown type", func() *http.Request { return h.sign(`{"id":"i","application_id":"1","token":"t","type":99}`, now) }, 400, "unsupported interaction type 99"},
		{"command without data", func() *http.Request { return h.sign(`{"id":"i","application_id":"1","token":"t","type":2}`, now) }, 400, "malformed JSON"},
		{"command without name", func() *http.Request {
			return h.sign(`{"id":"i","application_id":"1","token":"t","type":2,"data":{}}`, now)
		}, 400, "without a command name"},
		{"command without token", func() *http.Request { return h.sign(`{"id":"i","type":2,"data":{"name":"ask"}}`, now) }, 400, "missing id, token"},
		{"button without custom_id", func() *http.Request {
			return h.sign(`{"id":"i","application_id":"1","token":"t","type":3,"data":{"component_type":2}}`, now)
		}, 400, "without a custom_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			n := len(h.logs.String())
			handler.ServeHTTP(rec, tt.req())
			if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.reason) {
				t.Errorf("got %d %q; want %d containing %q", rec.Code, rec.Body.String(), tt.status, tt.reason)
			}
			if logs := h.logs.String()[n:]; !strings.Contains(logs, "status="+fmt.Sprint(tt.status)) {
				t.Errorf("no log line with status=%d in:\n%s", tt.status, logs)
			}
		})
	}
	if got := len(h.api.all()); got != 0 {
		t.Errorf("rejected requests made %d API calls; want 0", got)
	}
}

func TestHTTPPing(t *testing.T) {
	h := newHarness(t, Config{})
	rec := h.post(interactionsHandler(t, h, &fakeBot{}), pingBody)
	if rec.Code != 200 || strings.TrimSpace(rec.Body.String()) != `{"type":1}` || rec.Header().Get("Content-Type") != "application/json" {
		t.Errorf("ping: got %d %q %q; want 200 {\"type\":1} application/json", rec.Code, rec.Body.String(), rec.Header().Get("Content-Type"))
	}
}

func TestHTTPAskDefersThenEdits(t *testing.T) {
	h := newHarness(t, Config{})
	fb := &fakeBot{}
	rec := h.post(interactionsHandler(t, h, fb), askBody)
	if got, want := strings.TrimSpace(rec.Body.String()), `{"type":5,"data":{"tts":false,"content":"","components":null,"embeds":null,"flags":64}}`; rec.Code != 200 || got != want {
		t.Fatalf("ask: got %d %s; want 200 %s", rec.Code, got, want)
	}
	edit := h.api.waitFor(t, 1, isEdit)[0]
	if edit.Path != "/api/v9/webhooks/111/tok1/messages/@original" {
		t.Errorf("edit path %s; want /api/v9/webhooks/111/tok1/messages/@original", edit.Path)
	}
	golden(t, "http_ask_edit.json", edit.Body)
	msgs := fb.messages()
	if len(msgs) != 1 {
		t.Fatalf("bot got %d messages; want 1", len(msgs))
	}
	want := bot.Message{ID: "discord:i1", Platform: "discord", Workspace: "g1", Channel: "c1", User: "u1", Locale: "en-US",
		Text: "how do I connect to the vpn?", Command: true, MaxExcerpt: maxExcerpt}
	if msgs[0] != want {
		t.Errorf("bot got %+v; want %+v", msgs[0], want)
	}
	// The same interaction again (a retry) is refused, not answered twice.
	if rec := h.post(interactionsHandler(t, h, fb), askBody); rec.Code != http.StatusConflict {
		t.Errorf("duplicate: got %d; want 409", rec.Code)
	}
}

func TestHTTPCommands(t *testing.T) {
	tests := []struct {
		name, body string
		wantText   string // Handle's text; empty: Act
		wantAct    bot.Action
	}{
		{"topics", `{"id":"i2","application_id":"1","token":"t","type":2,"locale":"en-US","user":{"id":"u2"},"data":{"name":"topics"}}`, "topics", bot.Action{}},
		{"topics page 2", `{"id":"i2","application_id":"1","token":"t","type":2,"locale":"en-US","user":{"id":"u2"},"data":{"name":"topics","options":[{"name":"page","type":4,"value":2}]}}`, "topics 2", bot.Action{}},
		{"tour in Chinese", `{"id":"i3","application_id":"1","token":"t","type":2,"locale":"zh-CN","user":{"id":"u2"},"data":{"name":"tour"}}`, "入门", bot.Action{}},
		{"tour restart", `{"id":"i3","application_id":"1","token":"t","type":2,"locale":"en-GB","user":{"id":"u2"},"data":{"name":"tour","options":[{"name":"restart","type":5,"value":true}]}}`, "tour restart", bot.Action{}},
		{"chosen suggestion", `{"id":"i4","application_id":"1","token":"t","type":2,"channel_id":"c","user":{"id":"u2"},"data":{"name":"ask","options":[{"name":"question","type":3,"value":"§handbook/vpn.md#connecting"}]}}`,
			"", bot.Action{ID: "discord:i4", Platform: "discord", Channel: "c", User: "u2", Name: bot.ActionAnswer, Value: "handbook/vpn.md#connecting", MaxExcerpt: maxExcerpt}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Config{})
			fb := &fakeBot{}
			if rec := h.post(interactionsHandler(t, h, fb), tt.body); rec.Code != 200 || !strings.Contains(rec.Body.String(), `"type":5`) {
				t.Fatalf("got %d %s; want 200 type 5", rec.Code, rec.Body.String())
			}
			h.api.waitFor(t, 1, isEdit)
			if tt.wantText != "" {
				if m := fb.messages(); len(m) != 1 || m[0].Text != tt.wantText || !m[0].Command || !m[0].DM {
					t.Errorf("bot got %+v; want one DM command %q", m, tt.wantText)
				}
				return
			}
			if a := fb.actions(); len(a) != 1 || a[0] != tt.wantAct {
				t.Errorf("bot got %+v; want %+v", a, tt.wantAct)
			}
		})
	}
}

func TestHTTPUnknownCommand(t *testing.T) {
	h := newHarness(t, Config{})
	rec := h.post(interactionsHandler(t, h, &fakeBot{}), `{"id":"i","application_id":"1","token":"t","type":2,"data":{"name":"nope"}}`)
	var resp struct {
		Type int
		Data struct {
			Content string
			Flags   int
		}
	}
	_ = json.Unmarshal(rec.Body.Bytes(), &resp)
	if resp.Type != 4 || resp.Data.Flags != 64 || !strings.Contains(resp.Data.Content, "don't know that command") {
		t.Errorf("got %s; want a private type 4 notice", rec.Body.String())
	}
}

func TestHTTPChannelAllowList(t *testing.T) {
	h := newHarness(t, Config{Channels: []string{"111"}})
	fb := &fakeBot{}
	// With a token too, a thread the interaction does not describe is
	// looked up (as over the gateway).
	withToken := newHarness(t, Config{Token: "t0k", PublicKey: hexKey(), Channels: []string{"111"}})
	withToken.api.setHook(threads(map[string]string{"444": "111", "555": "222"}))
	ask := func(h *harness, guild, channel, object string) *httptest.ResponseRecorder {
		body := `{"id":"i` + channel + guild + `","application_id":"1","token":"t","type":2,"guild_id":"` + guild + `","channel_id":"` + channel + `",` + object +
			`"member":{"user":{"id":"u"}},"user":{"id":"u"},"data":{"name":"ask","options":[{"name":"question","type":3,"value":"vpn"}]}}`
		return h.post(interactionsHandler(t, h, fb), body)
	}
	thread := func(id, parent string) string {
		return `"channel":{"id":"` + id + `","type":11,"parent_id":"` + parent + `"},`
	}
	tests := []struct {
		name, guild, channel, object string
		token                        bool
		wantType                     int
	}{
		{"listed channel", "9", "111", "", false, 5},
		{"other channel", "9", "222", "", false, 4},
		{"direct message", "", "333", "", false, 5},
		{"thread of the listed channel", "9", "444", thread("444", "111"), false, 5},
		{"thread of another channel", "9", "555", thread("555", "222"), false, 4},
		{"text channel described", "9", "666", `"channel":{"id":"666","type":0,"parent_id":"111"},`, false, 4},
		{"thread looked up", "9", "444", "", true, 5},
		{"other thread looked up", "9", "555", "", true, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hh := h
			if tt.token {
				hh = withToken
			}
			rec := ask(hh, tt.guild, tt.channel, tt.object)
			var resp struct {
				Type int
				Data struct{ Content string }
			}
			_ = json.Unmarshal(rec.Body.Bytes(), &resp)
			if resp.Type != tt.wantType {
				t.Errorf("got type %d (%s); want %d", resp.Type, rec.Body.String(), tt.wantType)
			}
			if tt.wantType == 4 && !strings.Contains(resp.Data.Content, "don't answer in this channel") {
				t.Errorf("got %q; want the not-here notice", resp.Data.Content)
			}
		})
	}
}

func TestHTTPAutocomplete(t *testing.T) {
	h := newHarness(t, Config{})
	var gotPrefix string
	fb := &fakeBot{suggest: func(prefix string, n int) []bot.Topic {
		gotPrefix = prefix
		out := []bot.Topic{
			{SectionID: "vpn.md#a", Title: "VPN 连接"},
			{SectionID: strings.Repeat("x", 120), Title: "Long ID topic"},
			{SectionID: "empty", Title: ""},
			{SectionID: "vpn.md#a", Title: "VPN 连接"}, // duplicate
		}
		for i := range 40 {
			out = append(out, bot.Topic{SectionID: fmt.Sprint("t", i), Title: strings.Repeat("长", 150)})
		}
		return out
	}}
	rec := h.post(interactionsHandler(t, h, fb), `{"id":"a1","application_id":"1","token":"t","type":4,"data":{"name":"ask","options":[{"name":"question","type":3,"value":" VP ","focused":true}]}}`)
	var resp struct {
		Type int
		Data struct {
			Choices []struct{ Name, Value string }
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || resp.Type != 8 {
		t.Fatalf("got %d %s (%v); want type 8", rec.Code, rec.Body.String(), err)
	}
	if gotPrefix != "VP" {
		t.Errorf("Suggest prefix %q; want %q", gotPrefix, "VP")
	}
	c := resp.Data.Choices
	if len(c) != 25 {
		t.Fatalf("%d choices; want 25", len(c))
	}
	if c[0].Name != "VPN 连接" || c[0].Value != "§vpn.md#a" {
		t.Errorf("choice 0 = %+v; want VPN 连接 / §vpn.md#a", c[0])
	}
	if c[1].Value != "Long ID topic" {
		t.Errorf("choice 1 value %q; want the title when the ID is too long", c[1].Value)
	}
	for _, ch := range c {
		if n := units(ch.Name); n < 1 || n > 100 || units(ch.Value) > 100 {
			t.Errorf("choice %q / %q breaks the 1–100 limit", ch.Name, ch.Value)
		}
	}
	if len(h.api.all()) != 0 {
		t.Errorf("autocomplete over HTTP made API calls: %+v", h.api.all())
	}
}

func TestHTTPComponents(t *testing.T) {
	msg := func(flags int) string {
		return fmt.Sprintf(`,"message":{"id":"m9","channel_id":"c","flags":%d}`, flags)
	}
	tests := []struct {
		name, data, message string
		wantType            int
		wantFlags           int
		wantName, wantValue string
	}{
		{"helpful", `{"custom_id":"kb:helpful:42","component_type":2}`, msg(64), 5, 64, bot.ActionHelpful, "42"},
		{"full on private message updates it", `{"custom_id":"kb:full:vpn.md#a","component_type":2}`, msg(64), 6, 0, bot.ActionFull, "vpn.md#a"},
		{"full on public message", `{"custom_id":"kb:full:vpn.md#a","component_type":2}`, msg(0), 5, 64, bot.ActionFull, "vpn.md#a"},
		{"tour next", `{"custom_id":"kb:tour_next:","component_type":2}`, msg(64), 6, 0, bot.ActionTourNext, ""},
		{"share goes public", `{"custom_id":"kb:share:vpn.md#a","component_type":2}`, msg(64), 5, 0, bot.ActionShare, "vpn.md#a"},
		{"topic menu", `{"custom_id":"kb:answer:menu","component_type":3,"values":["wifi.md"]}`, msg(64), 6, 0, bot.ActionAnswer, "wifi.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Config{})
			fb := &fakeBot{}
			body := `{"id":"b1","application_id":"1","token":"t","type":3,"channel_id":"c","locale":"en-US","user":{"id":"u"},"data":` + tt.data + tt.message + `}`
			rec := h.post(interactionsHandler(t, h, fb), body)
			var resp struct {
				Type int
				Data *struct{ Flags int }
			}
			_ = json.Unmarshal(rec.Body.Bytes(), &resp)
			flags := 0
			if resp.Data != nil {
				flags = resp.Data.Flags
			}
			if rec.Code != 200 || resp.Type != tt.wantType || flags != tt.wantFlags {
				t.Fatalf("got %d %s; want type %d flags %d", rec.Code, rec.Body.String(), tt.wantType, tt.wantFlags)
			}
			edit := h.api.waitFor(t, 1, isEdit)[0]
			a := fb.actions()
			if len(a) != 1 || a[0].Name != tt.wantName || a[0].Value != tt.wantValue || a[0].ID != "discord:b1" {
				t.Errorf("bot got %+v; want %s %q", a, tt.wantName, tt.wantValue)
			}
			share := strings.Contains(string(edit.Body), "kb:share:")
			if wantShare := tt.wantName != bot.ActionShare && tt.wantValue != ""; share != wantShare {
				t.Errorf("edit has a share button: %v; want %v", share, wantShare)
			}
		})
	}
	t.Run("stale button", func(t *testing.T) {
		h := newHarness(t, Config{})
		rec := h.post(interactionsHandler(t, h, &fakeBot{}), `{"id":"b2","application_id":"1","token":"t","type":3,"data":{"custom_id":"old:thing","component_type":2}}`)
		if !strings.Contains(rec.Body.String(), `"type":4`) || !strings.Contains(rec.Body.String(), "no longer works") {
			t.Errorf("got %s; want a type 4 notice", rec.Body.String())
		}
	})
}

func TestHTTPBotFailures(t *testing.T) {
	tests := []struct {
		name     string
		handle   func(ctx context.Context, m bot.Message) (bot.Reply, error)
		editFail bool
		wantCall func(c call) bool
		wantLog  string
		wantOp   string
	}{
		{"bot error", func(context.Context, bot.Message) (bot.Reply, error) { return bot.Reply{}, errors.New("store on fire") },
			false, isEdit, "store on fire", "bot"},
		{"bot panic", func(context.Context, bot.Message) (bot.Reply, error) { panic("boom") },
			false, isEdit, "panic=boom", "panic"},
		{"duplicate in store", func(context.Context, bot.Message) (bot.Reply, error) { return bot.Reply{}, bot.ErrDuplicate },
			false, func(c call) bool { return c.Method == http.MethodDelete && strings.HasSuffix(c.Path, "/@original") }, "duplicate interaction dropped by the store", ""},
		{"edit fails", nil, true, isEdit, `question="how do I connect to the vpn?"`, "edit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Config{})
			if tt.editFail {
				h.api.setHook(func(w http.ResponseWriter, r *http.Request, _ []byte) bool {
					if r.Method == http.MethodPatch {
						http.Error(w, `{"message":"Unknown Webhook","code":10015}`, http.StatusNotFound)
						return true
					}
					return false
				})
			}
			rec := h.post(interactionsHandler(t, h, &fakeBot{handle: tt.handle}), askBody)
			if rec.Code != 200 {
				t.Fatalf("got %d; want 200", rec.Code)
			}
			c := h.api.waitFor(t, 1, tt.wantCall)[0]
			if isEdit(c) && !tt.editFail && !strings.Contains(string(c.Body), "something went wrong") {
				t.Errorf("edit %s; want the failure notice", c.Body)
			}
			waitUntil(t, "log "+tt.wantLog, func() bool { return strings.Contains(h.logs.String(), tt.wantLog) })
			if tt.wantOp != "" {
				waitUntil(t, "one "+tt.wantOp+" error counted", func() bool { return h.metrics.count(tt.wantOp) == 1 })
			}
			if strings.Contains(h.logs.String(), "tok1") {
				t.Errorf("logs leak the interaction token:\n%s", h.logs.String())
			}
		})
	}
}

func TestHTTPBusy(t *testing.T) {
	h := newHarness(t, Config{})
	h.a.lim = newLimiter(1, 1, func(n int) { h.metrics.QueueDepth("discord", n) })
	release := make(chan struct{})
	started := make(chan struct{}, 4)
	fb := &fakeBot{handle: func(ctx context.Context, m bot.Message) (bot.Reply, error) {
		started <- struct{}{}
		<-release
		return sampleAnswer(), nil
	}}
	handler := interactionsHandler(t, h, fb)
	body := func(id string) string { return strings.Replace(askBody, `"id":"i1"`, `"id":"`+id+`"`, 1) }
	if rec := h.post(handler, body("x1")); !strings.Contains(rec.Body.String(), `"type":5`) {
		t.Fatalf("first: %s; want deferred", rec.Body.String())
	}
	<-started
	if rec := h.post(handler, body("x2")); !strings.Contains(rec.Body.String(), `"type":5`) {
		t.Fatalf("second (queued): %s; want deferred", rec.Body.String())
	}
	rec := h.post(handler, body("x3"))
	if !strings.Contains(rec.Body.String(), `"type":4`) || !strings.Contains(rec.Body.String(), "try again in a minute") {
		t.Errorf("third: %s; want the busy notice", rec.Body.String())
	}
	close(release)
	h.api.waitFor(t, 2, isEdit)
	waitUntil(t, "the limiter to empty", func() bool { return h.a.lim.busy() == 0 })
	if h.metrics.count("busy") != 1 {
		t.Errorf("busy count %d; want 1", h.metrics.count("busy"))
	}
}

// FuzzInteractions sends signed arbitrary bodies to the endpoint: any
// status but a 5xx is fine; a panic is not.
func FuzzInteractions(f *testing.F) {
	for _, s := range []string{pingBody, askBody, `{"type":4,"id":"a","application_id":"1","token":"t","data":{"name":"ask","options":[{"name":"question","value":1,"focused":true}]}}`,
		`{"type":3,"id":"b","application_id":"1","token":"t","data":{"custom_id":"kb:answer:menu","component_type":3,"values":[]}}`,
		`{"type":2,"id":"c","application_id":"1","token":"t","data":{"name":"ask","options":[{"name":"question","value":{"a":1}}]}}`, `[]`, `null`} {
		f.Add(s)
	}
	h := newNopHarness(f, Config{})
	handler := h.a.interactions(&fakeBot{suggest: func(string, int) []bot.Topic { return []bot.Topic{{SectionID: "s", Title: "t"}} }})
	f.Fuzz(func(t *testing.T, body string) {
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, h.sign(body, time.Now()))
		if rec.Code >= 500 {
			t.Fatalf("body %q: status %d %s", body, rec.Code, rec.Body.String())
		}
	})
}
