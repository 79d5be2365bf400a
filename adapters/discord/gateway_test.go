package discord

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/kbbot/kbbot/bot"
)

// runAdapter runs h.a until the test ends; the returned func stops it and
// returns Run's error.
func runAdapter(t *testing.T, h *harness, b answerer) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.a.run(ctx, b) }()
	stopped := false
	stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second):
			t.Fatal("Run did not return after cancel")
			return nil
		}
	}
	t.Cleanup(func() { _ = stop() })
	return stop
}

func replyTo(t *testing.T, c call) string {
	ref, _ := c.json(t)["message_reference"].(map[string]any)
	id, _ := ref["message_id"].(string)
	return id
}

func TestGatewayMessagesAndInteractions(t *testing.T) {
	h := newHarness(t, Config{Token: "t0k", AppID: "111", GuildID: "555"})
	gw := newFakeGateway(t, h.api, func(c *gwConn) {
		c.ready()
		c.dispatch("MESSAGE_CREATE", messageEvent("m1", "g1", "<@bot1> how do I connect?", alice, botSelf))
		c.dispatch("MESSAGE_CREATE", messageEvent("m2", "g1", "<@bot1> hi", other, botSelf))
		c.dispatch("MESSAGE_CREATE", messageEvent("m3", "g1", "my own answer", botSelf))
		c.dispatch("MESSAGE_CREATE", messageEvent("m4", "g1", "chatting without the bot", alice))
		c.dispatch("MESSAGE_CREATE", messageEvent("m5", "", "vpn", alice))
		c.dispatch("MESSAGE_CREATE", messageEvent("m6", "g1", "<@!bot1>   wifi password", alice))
		c.dispatch("INTERACTION_CREATE", interactionEvent("i1"))
	})
	fb := &fakeBot{}
	stop := runAdapter(t, h, fb)

	posts := h.api.waitFor(t, 3, isPost)
	h.api.waitFor(t, 1, isEdit)
	got := map[string]bool{}
	for _, p := range posts {
		got[replyTo(t, p)] = true
		body := p.json(t)
		am, _ := json.Marshal(body["allowed_mentions"])
		if string(am) != `{"parse":[],"replied_user":false}` {
			t.Errorf("reply allowed_mentions %s; want none", am)
		}
	}
	for _, id := range []string{"m1", "m5", "m6"} {
		if !got[id] {
			t.Errorf("no reply to %s; replies to %v", id, got)
		}
	}
	cb := h.api.waitFor(t, 1, func(c call) bool { return strings.HasSuffix(c.Path, "/callback") })[0]
	if cb.Path != "/api/v9/interactions/i1/gtok/callback" || !strings.Contains(string(cb.Body), `"type":5`) {
		t.Errorf("callback %s %s; want a deferred response to i1", cb.Path, cb.Body)
	}

	texts := map[string]bot.Message{}
	for _, m := range fb.messages() {
		texts[m.ID] = m
	}
	for id, want := range map[string]struct {
		text        string
		dm, mention bool
	}{
		"discord:m1": {"how do I connect?", false, true},
		"discord:m5": {"vpn", true, false},
		"discord:m6": {"wifi password", false, true},
		"discord:i1": {"vpn?", false, false},
	} {
		m, ok := texts[id]
		if !ok || m.Text != want.text || m.DM != want.dm || m.Mention != want.mention {
			t.Errorf("bot got %s = %+v; want text %q dm %v mention %v", id, m, want.text, want.dm, want.mention)
		}
	}
	if n := len(fb.messages()); n != 4 {
		t.Errorf("bot got %d messages; want 4 (bots, itself and unmentioned chatter ignored)", n)
	}

	ids, _, _, _ := gw.snapshot()
	if len(ids) != 1 || ids[0]["token"] != "Bot t0k" || int(ids[0]["intents"].(float64)) != 1<<9|1<<12 || ids[0]["shard"] != nil {
		t.Errorf("identify %v; want token, guild+DM message intents, no shard", ids)
	}
	waitGateway(t, gw, func(_, _ []map[string]any, hb, _ int) bool { return hb >= 2 })
	reg := h.api.waitFor(t, 1, func(c call) bool { return c.Method == http.MethodPut })[0]
	if reg.Path != "/api/v9/applications/111/guilds/555/commands" {
		t.Errorf("registration path %s; want the guild's", reg.Path)
	}
	if !h.a.Ready() {
		t.Error("Ready() = false while connected")
	}
	if err := stop(); err != nil {
		t.Errorf("Run: %v", err)
	}
	if h.a.Ready() {
		t.Error("Ready() = true after Run returned")
	}
}

func TestGatewayReconnectDoesNotAnswerTwice(t *testing.T) {
	h := newHarness(t, Config{Token: "t0k", AppID: "111"})
	gw := newFakeGateway(t, h.api, func(c *gwConn) {
		if c.n == 1 {
			c.ready()
			c.dispatch("MESSAGE_CREATE", messageEvent("m1", "g1", "<@bot1> vpn", alice, botSelf))
			c.dispatch("INTERACTION_CREATE", interactionEvent("i1"))
			// This runs on the fake's goroutine, which must not fail the
			// test: drop after 5 s at the latest; the checks below catch it.
			poll(func() bool { return h.api.count(isEdit) == 1 && h.api.count(isPost) == 1 })
			c.drop()
			return
		}
		c.dispatch("RESUMED", map[string]any{})
		// Discord replays what the client may have missed.
		c.dispatch("MESSAGE_CREATE", messageEvent("m1", "g1", "<@bot1> vpn", alice, botSelf))
		c.dispatch("INTERACTION_CREATE", interactionEvent("i1"))
		c.dispatch("MESSAGE_CREATE", messageEvent("m2", "g1", "<@bot1> wifi", alice, botSelf))
	})
	runAdapter(t, h, &fakeBot{})
	posts := h.api.waitFor(t, 2, isPost)
	waitGateway(t, gw, func(_, r []map[string]any, _, _ int) bool { return len(r) == 1 })
	time.Sleep(100 * time.Millisecond) // let a second answer to m1 or i1 show up, if there were one
	n := map[string]int{}
	for _, p := range h.api.all() {
		if isPost(p) {
			n[replyTo(t, p)]++
		}
		if strings.HasSuffix(p.Path, "/callback") {
			n["callback"]++
		}
	}
	if n["m1"] != 1 || n["m2"] != 1 || n["callback"] != 1 {
		t.Errorf("answers %v (%d posts); want m1, m2 and the interaction answered once each", n, len(posts))
	}
	ids, resumes, _, conns := gw.snapshot()
	if len(ids) != 1 || conns != 2 || resumes[0]["session_id"] != "sess1" || resumes[0]["seq"].(float64) < 2 {
		t.Errorf("identifies %d, connections %d, resume %v; want 1 identify then a resume of sess1", len(ids), conns, resumes)
	}
}

func TestGatewayUnreachableKeepsHTTPAnswering(t *testing.T) {
	h := newHarness(t, Config{Token: "t0k", AppID: "111", PublicKey: hexKey()})
	if got := h.a.Mode(); got != "gateway+http" {
		t.Errorf("Mode() = %q; want gateway+http", got)
	}
	open := make(chan struct{})
	h.api.setHook(func(w http.ResponseWriter, r *http.Request, _ []byte) bool {
		select {
		case <-open:
			return false
		default:
		}
		if r.URL.Path == "/api/v9/gateway" || r.Method == http.MethodPut {
			http.Error(w, "upstream down", http.StatusServiceUnavailable)
			return true
		}
		return false
	})
	newFakeGateway(t, h.api, func(c *gwConn) { c.ready() })
	handler := h.a.Routes(nil)
	if len(handler) != 0 {
		t.Errorf("Routes(nil) = %v; want none", handler)
	}
	runAdapter(t, h, &fakeBot{})
	waitUntil(t, "two gateway and two register failures counted", func() bool {
		return h.metrics.count("gateway") >= 2 && h.metrics.count("register") >= 2
	})
	if !h.a.Ready() || h.a.State() != "gateway not connected" {
		t.Errorf("Ready() = %v, State() = %q with the gateway down; want true (the HTTP endpoint answers), gateway not connected", h.a.Ready(), h.a.State())
	}
	if rec := h.post(h.a.interactions(&fakeBot{}), askBody); !strings.Contains(rec.Body.String(), `"type":5`) {
		t.Errorf("HTTP endpoint while the gateway is down: %d %s; want a deferred answer", rec.Code, rec.Body.String())
	}
	close(open)
	waitUntil(t, "the gateway up", func() bool { return h.a.State() == "gateway connected" })
	waitUntil(t, "the commands registered", func() bool { return strings.Contains(h.logs.String(), "slash commands registered") })
	if !strings.Contains(h.logs.String(), "gateway unreachable; retrying") {
		t.Errorf("no retry log line")
	}
}

func TestGatewayShardAndIntents(t *testing.T) {
	h := newHarness(t, Config{Token: "t0k", ShardID: 1, ShardCount: 2, MessageContent: true})
	gw := newFakeGateway(t, h.api, func(c *gwConn) { c.ready() })
	stop := runAdapter(t, h, &fakeBot{})
	waitUntil(t, "Ready()", h.a.Ready)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	ids, _, _, _ := gw.snapshot()
	shard, _ := json.Marshal(ids[0]["shard"])
	if string(shard) != "[1,2]" || int(ids[0]["intents"].(float64)) != 1<<9|1<<12|1<<15 {
		t.Errorf("identify shard %s intents %v; want [1,2] with message content", shard, ids[0]["intents"])
	}
	for _, c := range h.api.all() {
		if c.Method == http.MethodPut {
			t.Errorf("shard 1 registered commands: %s; want only shard 0 to", c.Path)
		}
	}
}

func TestRunRefusedToken(t *testing.T) {
	h := newHarness(t, Config{Token: "bad", AppID: "111"})
	h.api.setHook(func(w http.ResponseWriter, r *http.Request, _ []byte) bool {
		if r.Method == http.MethodPut {
			http.Error(w, `{"message": "401: Unauthorized", "code": 0}`, http.StatusUnauthorized)
			return true
		}
		return false
	})
	newFakeGateway(t, h.api, func(c *gwConn) { c.ready() })
	// Run ends by itself, without ctx ending, when Discord refuses the token.
	if err := runAlone(t, h); err == nil || !strings.Contains(err.Error(), "DISCORD_TOKEN") {
		t.Errorf("Run = %v; want an error naming DISCORD_TOKEN", err)
	}
}

// runAlone runs h's adapter until Run returns by itself, and returns its
// error; the test fails if Run is still running after 5 seconds.
func runAlone(t *testing.T, h *harness) error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- h.a.run(ctx, &fakeBot{}) }()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		cancel()
		<-done
		t.Fatal("Run still running 5s later")
		return nil
	}
}

func TestRunHTTPOnly(t *testing.T) {
	h := newHarness(t, Config{})
	if h.a.Mode() != "http" || !h.a.Ready() {
		t.Errorf("Mode %q Ready %v; want http, true", h.a.Mode(), h.a.Ready())
	}
	stop := runAdapter(t, h, &fakeBot{})
	if err := stop(); err != nil {
		t.Errorf("Run: %v", err)
	}
	if len(h.api.all()) != 0 {
		t.Errorf("HTTP-only Run made API calls: %+v", h.api.all())
	}
}

// TestGatewayFatalClose: a close code no retry fixes ends Run with an
// error saying what to change, instead of retrying for ever.
func TestGatewayFatalClose(t *testing.T) {
	for _, tc := range []struct {
		code       int
		text, want string
		cfg        Config
	}{
		{4014, "Disallowed intent(s).", "Message Content Intent", Config{Token: "t0k", AppID: "111", MessageContent: true}},
		{4004, "Authentication failed.", "refused DISCORD_TOKEN", Config{Token: "bad"}},
		{4011, "Sharding required.", "discord.shard_count", Config{Token: "t0k"}},
	} {
		t.Run(tc.text, func(t *testing.T) {
			h := newHarness(t, tc.cfg)
			newFakeGateway(t, h.api, func(c *gwConn) {
				c.mu.Lock()
				_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(tc.code, tc.text), time.Now().Add(time.Second))
				c.mu.Unlock()
				_ = c.ws.Close()
			})
			if err := runAlone(t, h); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Run = %v; want an error saying %q", err, tc.want)
			}
		})
	}
}

// TestGatewayAnswersInFlightAtShutdown: an answer being made when Run's
// ctx ends is still delivered within the grace period.
func TestGatewayAnswersInFlightAtShutdown(t *testing.T) {
	h := newHarness(t, Config{Token: "t0k", AppID: "111"})
	newFakeGateway(t, h.api, func(c *gwConn) {
		c.ready()
		c.dispatch("MESSAGE_CREATE", messageEvent("m1", "g1", "<@bot1> vpn", alice, botSelf))
		c.dispatch("INTERACTION_CREATE", interactionEvent("i1"))
	})
	started := make(chan struct{}, 2)
	fb := &fakeBot{handle: func(ctx context.Context, m bot.Message) (bot.Reply, error) {
		started <- struct{}{}
		time.Sleep(300 * time.Millisecond) // a slow answer
		return sampleAnswer(), nil
	}}
	stop := runAdapter(t, h, fb)
	<-started
	<-started
	if err := stop(); err != nil { // waits up to the harness's grace
		t.Fatal(err)
	}
	if n := h.api.count(isPost); n != 1 {
		t.Errorf("answers posted = %d; want 1 (the mention's)", n)
	}
	if n := h.api.count(isEdit); n != 1 {
		t.Errorf("deferred responses edited = %d; want 1 (the /ask's)", n)
	}
}

// TestGatewaySilent: a gateway that takes the websocket and then says
// nothing (no Hello, no READY) is given up on after the open deadline and
// tried again, and shutdown during such an open does not wait for it.
func TestGatewaySilent(t *testing.T) {
	scripts := []struct {
		name   string
		script func(ws *websocket.Conn)
	}{
		{"no hello", func(ws *websocket.Conn) {}},
		{"hello but no ready", func(ws *websocket.Conn) {
			_ = ws.WriteJSON(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 60000}})
		}},
	}
	silent := func(t *testing.T, h *harness, script func(ws *websocket.Conn)) *atomic.Int32 {
		var conns atomic.Int32
		up := websocket.Upgrader{}
		h.api.gw = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ws, err := up.Upgrade(w, r, nil)
			if err != nil {
				return
			}
			defer ws.Close()
			conns.Add(1)
			script(ws)
			for { // read what the client sends, answer nothing
				if _, _, err := ws.ReadMessage(); err != nil {
					return
				}
			}
		})
		return &conns
	}
	for _, tc := range scripts {
		t.Run(tc.name+"/retried", func(t *testing.T) {
			h := newHarness(t, Config{Token: "t0k", AppID: "111"})
			conns := silent(t, h, tc.script)
			h.a.dialer.timeout = 200 * time.Millisecond
			runAdapter(t, h, &fakeBot{})
			waitUntil(t, "a second connection after the first went silent", func() bool { return conns.Load() >= 2 })
			if h.a.Ready() {
				t.Errorf("Ready() = true with a silent gateway")
			}
			if !strings.Contains(h.logs.String(), "gateway unreachable; retrying") {
				t.Errorf("no retry logged:\n%s", h.logs.String())
			}
		})
		t.Run(tc.name+"/shutdown", func(t *testing.T) {
			h := newHarness(t, Config{Token: "t0k", AppID: "111"})
			conns := silent(t, h, tc.script)
			h.a.dialer.timeout = time.Hour
			stop := runAdapter(t, h, &fakeBot{})
			waitUntil(t, "a connection", func() bool { return conns.Load() >= 1 })
			start := time.Now()
			if err := stop(); err != nil {
				t.Errorf("Run = %v; want nil", err)
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("Run returned %v after cancel; want at once", d)
			}
		})
	}
}
