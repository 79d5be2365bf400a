package slack

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kbbot/kbbot/bot"
	"github.com/kbbot/kbbot/knowledge"
)

var (
	defaultKB     *knowledge.Base
	defaultKBErr  error
	defaultKBOnce sync.Once
)

// realBot is the real bot over the embedded knowledge base and a memory
// store.
func realBot(t testing.TB) *bot.Bot {
	t.Helper()
	defaultKBOnce.Do(func() { defaultKB, defaultKBErr = knowledge.Default(context.Background(), knowledge.Options{}) })
	if defaultKBErr != nil {
		t.Fatalf("knowledge.Default: %v", defaultKBErr)
	}
	return bot.New(bot.Static{KB: defaultKB}, bot.NewMemoryStore(), bot.Options{})
}

// goldenCall writes what Slack received, readable, for a golden file.
func goldenCall(t *testing.T, c call) []byte {
	t.Helper()
	var blocks any
	if err := json.Unmarshal(c.Blocks, &blocks); err != nil {
		t.Fatalf("blocks: %v", err)
	}
	got := map[string]any{"method": c.Method, "channel": c.Channel, "thread_ts": c.Thread, "text": c.Text, "blocks": blocks}
	if c.ResponseType != "" {
		got["response_type"] = c.ResponseType
	}
	return indentJSON(t, got)
}

// TestEndToEnd: an app_mention in over signed HTTP, through the real bot
// and knowledge base, a threaded Block Kit answer out; then a vote on it,
// /ask topics, and the same event after a "restart".
func TestEndToEnd(t *testing.T) {
	api := newFakeAPI(t)
	b := realBot(t)
	_, h := startAdapter(t, api, Config{}, b)

	mention := eventBody("Ev1", "app_mention", "C1", "", "1700000001.000100", "<@UBOT> 开源模型的安全性怎么样？")
	if rec := serve(h, PathEvents, "application/json", mention); rec.Code != 200 {
		t.Fatalf("got status %d; want 200", rec.Code)
	}
	answer := api.wait(t, 1)[0]
	if answer.Method != "chat.postMessage" || answer.Channel != "C1" || answer.Thread != "1700000001.000100" {
		t.Fatalf("got %s to %s thread %q; want a threaded chat.postMessage", answer.Method, answer.Channel, answer.Thread)
	}
	checkCallLimits(t, answer)
	golden(t, "e2e_mention", goldenCall(t, answer))

	// Press 👍 on the answer Slack now shows.
	var blocks []map[string]any
	_ = json.Unmarshal(answer.Blocks, &blocks)
	helpful := findAction(blocks, bot.ActionHelpful)
	if helpful == nil {
		t.Fatalf("the answer has no helpful button: %s", answer.Blocks)
	}
	payload := map[string]any{
		"type": "block_actions", "trigger_id": "t-vote", "response_url": api.responseURL("vote"),
		"team": map[string]any{"id": "T1"}, "user": map[string]any{"id": "U1"}, "channel": map[string]any{"id": "C1"},
		"container": map[string]any{"type": "message", "message_ts": "1700000002.000100", "channel_id": "C1", "thread_ts": answer.Thread},
		"message":   map[string]any{"ts": "1700000002.000100", "text": answer.Text, "blocks": blocks},
		"actions":   []map[string]any{{"type": "button", "block_id": "b", "action_id": helpful["action_id"], "value": helpful["value"], "action_ts": "2.0"}},
	}
	pb, _ := json.Marshal(payload)
	serve(h, PathInteractions, "application/x-www-form-urlencoded", []byte("payload="+url.QueryEscape(string(pb))))
	// The answer is in a channel: the voter is thanked privately and the
	// answer keeps its buttons for everyone else.
	vote := api.wait(t, 1)[0]
	if vote.Method != "response_url" || vote.ResponseType != "ephemeral" || vote.Replace || !strings.Contains(readable(t, vote.Blocks)+vote.Text, "谢谢") {
		t.Errorf("vote: got %s %q replace %v with %s; want private thanks, the answer left alone", vote.Method, vote.ResponseType, vote.Replace, vote.Blocks)
	}

	serve(h, PathCommands, "application/x-www-form-urlencoded", commandBody("topics", "C1", api.responseURL("topics"), "t-topics"))
	topics := api.wait(t, 1)[0]
	if topics.Method != "response_url" || topics.ResponseType != "ephemeral" || !strings.Contains(readable(t, topics.Blocks), "安全性") {
		t.Errorf("/ask topics: got %s %q: %s", topics.Method, topics.ResponseType, readable(t, topics.Blocks))
	}
	checkCallLimits(t, topics)

	// A new process (no in-memory guard) gets Slack's retry: the store
	// remembers the event and nothing is posted twice.
	_, again := startAdapter(t, api, Config{}, b)
	serve(again, PathEvents, "application/json", mention)
	api.quiet(t, 200*time.Millisecond)
}

func checkCallLimits(t *testing.T, c call) {
	t.Helper()
	checkEscaped(t, c.Text)
	var blocks []map[string]any
	if err := json.Unmarshal(c.Blocks, &blocks); err != nil {
		t.Fatal(err)
	}
	if len(blocks) > maxBlocks {
		t.Errorf("%d blocks", len(blocks))
	}
	for _, b := range blocks {
		walkText(b, func(typ, text string) {
			if size(text) > maxText || text == "" {
				t.Errorf("text object of size %d", size(text))
			}
			if typ == "mrkdwn" {
				checkEscaped(t, text)
			}
		})
	}
}

// findAction returns the button whose action_id names the bot action.
func findAction(blocks []map[string]any, name string) map[string]any {
	for _, b := range blocks {
		els, _ := b["elements"].([]any)
		for _, e := range els {
			btn, _ := e.(map[string]any)
			if id, _ := btn["action_id"].(string); strings.HasPrefix(id, actionPrefix+name+":") {
				return btn
			}
		}
	}
	return nil
}

// BenchmarkEventsHTTPRealBot is BenchmarkEventsHTTP through the real bot
// and the embedded knowledge base (each event a different user, so the
// per-user rate limit does not answer instead):
//
//	go test -run '^$' -bench RealBot -benchtime 10000x ./adapters/slack/
func BenchmarkEventsHTTPRealBot(b *testing.B) {
	r := runLoad(b, load{n: b.N, senders: 32, rate: 2000, ans: userPerEvent{realBot(b)}})
	b.ReportMetric(r.perSecond, "events/s")
	b.ReportMetric(float64(r.p99.Microseconds())/1000, "p99-ack-ms")
	b.ReportMetric(float64(r.p50.Microseconds())/1000, "p50-ack-ms")
}

// userPerEvent gives every message its own user.
type userPerEvent struct{ *bot.Bot }

func (u userPerEvent) Handle(ctx context.Context, m bot.Message) (bot.Reply, error) {
	m.User = m.ID
	return u.Bot.Handle(ctx, m)
}
