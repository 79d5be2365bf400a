package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack/socketmode"
)

func mentionEnvelope(envID, eventID, ts string, retry int) string {
	return fmt.Sprintf(`{"type":"events_api","envelope_id":%q,"accepts_response_payload":false,"retry_attempt":%d,"retry_reason":"timeout",
 "payload":{"type":"event_callback","team_id":"T1","api_app_id":"A1","event_id":%q,"event_time":1,
  "event":{"type":"app_mention","user":"U1","text":"<@UBOT> vpn?","ts":%q,"channel":"C1","event_ts":%q}}}`, envID, retry, eventID, ts, ts)
}

func slashEnvelope(envID, responseURL string) string {
	return fmt.Sprintf(`{"type":"slash_commands","envelope_id":%q,"accepts_response_payload":true,
 "payload":{"command":"/ask","text":"topics","team_id":"T1","channel_id":"C1","user_id":"U1","response_url":%q,"trigger_id":"t-%s"}}`, envID, responseURL, envID)
}

func interactiveEnvelope(envID, responseURL string) string {
	return fmt.Sprintf(`{"type":"interactive","envelope_id":%q,"accepts_response_payload":false,
 "payload":{"type":"block_actions","trigger_id":"t-%s","response_url":%q,"team":{"id":"T1"},"user":{"id":"U1"},"channel":{"id":"C1"},
  "container":{"type":"message","message_ts":"7.7","channel_id":"C1"},
  "actions":[{"type":"button","block_id":"b","action_id":"kb:more:3","value":"vpn?","action_ts":"8.8"}]}}`, envID, envID, responseURL)
}

// TestSocketMode runs the adapter against a fake Socket Mode server that
// drops the connection after the first batch of envelopes and redelivers
// one of them on the next connection.
func TestSocketMode(t *testing.T) {
	api := newFakeAPI(t)
	api.openFailures.Store(1) // the first apps.connections.open is refused
	acks := make(chan map[string]any, 32)
	api.onSocket = func(c *websocket.Conn, n int) {
		send := func(s string) {
			if err := c.WriteMessage(websocket.TextMessage, []byte(s)); err != nil {
				t.Errorf("fake socket: %v", err)
			}
		}
		read := func(k int) {
			for range k {
				var m map[string]any
				_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
				if err := c.ReadJSON(&m); err != nil {
					t.Errorf("fake socket: reading acks: %v", err)
					return
				}
				acks <- m
			}
		}
		switch n {
		case 2: // the first successful connection
			send(mentionEnvelope("env-1", "Ev1", "1.0", 0))
			send(slashEnvelope("env-2", api.responseURL("cmd")))
			send(interactiveEnvelope("env-3", api.responseURL("act")))
			send(`{"type":"events_api","envelope_id":"env-4","payload":{"type":"event_callback","event_id":"Ev4","event":{"type":"no_such_event"}}}`)
			read(4)
			// Drop the websocket without a close frame: the client must reconnect.
			_ = c.UnderlyingConn().Close()
		case 3:
			send(mentionEnvelope("env-5", "Ev1", "1.0", 1)) // Slack redelivers Ev1
			send(mentionEnvelope("env-6", "Ev2", "2.0", 0))
			read(2)
			_ = c.SetReadDeadline(time.Time{})
			_, _, _ = c.ReadMessage() // hold the connection until the test ends
		}
	}
	ta := newTestAdapter(t, api, Config{AppToken: "xapp-1-test"})
	if ta.Mode() != "socket" || len(ta.Routes(nil)) != 0 {
		t.Fatalf("got mode %q with %d routes; want socket with none", ta.Mode(), len(ta.Routes(nil)))
	}
	fb := &fakeBot{}
	ta.start(t, fb)

	var got []string
	timeout := time.After(10 * time.Second)
	for len(got) < 6 {
		select {
		case m := <-acks:
			got = append(got, fmt.Sprint(m["envelope_id"]))
			if m["envelope_id"] == "env-2" && m["payload"] != nil {
				t.Errorf("slash command ack carries %v; want no payload", m["payload"])
			}
		case <-timeout:
			t.Fatalf("got acks %v; want 6", got)
		}
	}
	if strings.Join(got, ",") != "env-1,env-2,env-3,env-4,env-5,env-6" {
		t.Errorf("got acks %v", got)
	}
	calls := api.wait(t, 4)
	api.quiet(t, 100*time.Millisecond)
	byWhere := map[string]int{}
	for _, c := range calls {
		byWhere[c.Method+" "+c.Thread]++
	}
	want := map[string]int{"chat.postMessage 1.0": 1, "chat.postMessage 2.0": 1, "response_url ": 1, "chat.postMessage 7.7": 1}
	if fmt.Sprint(byWhere) != fmt.Sprint(want) {
		t.Errorf("got posts %v; want %v (Ev1 once despite the redelivery)", byWhere, want)
	}
	if !ta.Ready() {
		t.Errorf("Ready() = false while connected")
	}
	logs := ta.logs.String()
	for _, s := range []string{"socket mode stopped, starting again", "socket mode message not understood", "event redelivered", "socket mode connected"} {
		if !strings.Contains(logs, s) {
			t.Errorf("log lacks %q:\n%s", s, logs)
		}
	}
	if n := api.opens.Load(); n != 3 {
		t.Errorf("apps.connections.open called %d times; want 3", n)
	}
	var msgs []string
	for _, m := range fb.messages() {
		msgs = append(msgs, m.Text)
	}
	if len(msgs) != 3 {
		t.Errorf("bot asked %q; want 3 questions", msgs)
	}
}

// TestSocketModeBusy: with the queue full, a slash command is acked with
// the busy notice as its response payload.
func TestSocketModeBusy(t *testing.T) {
	api := newFakeAPI(t)
	acks := make(chan map[string]any, 4)
	api.onSocket = func(c *websocket.Conn, n int) {
		_ = c.WriteMessage(websocket.TextMessage, []byte(slashEnvelope("env-1", api.responseURL("1"))))
		var m map[string]any
		if err := c.ReadJSON(&m); err == nil {
			acks <- m
		}
		_, _, _ = c.ReadMessage()
	}
	ta := newTestAdapter(t, api, Config{AppToken: "xapp-1-test", QueueSize: 1})
	ta.jobs <- &job{ans: &fakeBot{}} // fill the queue before the workers start
	ta.cfg.Workers = 0               // and let nobody work it
	ta.start(t, &fakeBot{})
	select {
	case m := <-acks:
		b, _ := json.Marshal(m["payload"])
		if !strings.Contains(string(b), "busy") || !strings.Contains(string(b), `"ephemeral"`) {
			t.Errorf("ack payload %s; want the ephemeral busy notice", b)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no ack")
	}
}

// TestSocketReadiness checks that readiness follows the websocket: a
// reconnection that starts without an error event first is not ready.
func TestSocketReadiness(t *testing.T) {
	a, err := New(Config{BotToken: "xoxb-test", AppToken: "xapp-1-test", Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	a.running.Store(true)
	steps := []struct {
		evt  socketmode.EventType
		want bool
	}{
		{socketmode.EventTypeConnecting, false},
		{socketmode.EventTypeConnected, true},
		{socketmode.EventTypeHello, true},
		{socketmode.EventTypeConnecting, false},
		{socketmode.EventTypeHello, true},
		{socketmode.EventTypeDisconnect, false},
	}
	for i, s := range steps {
		a.socketEvent(context.Background(), nil, socketmode.Event{Type: s.evt}, nil)
		if got := a.Ready(); got != s.want {
			t.Errorf("step %d (%s): Ready() = %v; want %v", i, s.evt, got, s.want)
		}
	}
}
