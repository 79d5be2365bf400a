package slack

import (
	"cmp"
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kbbot/kbbot/bot"
)

// press builds the interaction payload for pressing action i of the
// message rendered from answerFor("q") in channel.
func press(t *testing.T, api *fakeAPI, channel, actionID, value string, ephemeral, withMessage bool) []byte {
	t.Helper()
	m := render(answerFor("q"), renderOpts{share: ephemeral})
	p := map[string]any{
		"type": "block_actions", "trigger_id": "trig-" + actionID, "response_url": api.responseURL("r1"),
		"team": map[string]any{"id": "T1"}, "user": map[string]any{"id": "U1"}, "channel": map[string]any{"id": channel},
		"container": map[string]any{"type": "message", "message_ts": "9.9", "channel_id": channel, "is_ephemeral": ephemeral},
		"actions":   []map[string]any{{"type": "button", "block_id": "b1", "action_id": actionID, "value": value, "action_ts": "10.1"}},
	}
	if withMessage {
		p["message"] = map[string]any{"type": "message", "ts": "9.9", "text": m.Text, "blocks": m.Blocks}
	}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return []byte(url.Values{"payload": {string(b)}}.Encode())
}

func TestButtons(t *testing.T) {
	notice := func(context.Context, bot.Action) (bot.Reply, error) {
		return bot.Reply{Kind: bot.KindNotice, Lang: "en", Notices: []string{"That section is gone."}}, nil
	}
	thanks := func(context.Context, bot.Action) (bot.Reply, error) {
		return bot.Reply{Kind: bot.KindNotice, Lang: "en", Notices: []string{"Thanks, noted!"}}, nil
	}
	sorry := func(context.Context, bot.Action) (bot.Reply, error) {
		return bot.Reply{Kind: bot.KindNotice, Lang: "en", Notices: []string{"Sorry about that."},
			Actions: []bot.Button{{Name: bot.ActionMore, Label: "More answers", Value: "vpn?"}}}, nil
	}
	tests := []struct {
		name        string
		channel     string // "" is C1, a channel
		actionID    string
		ephemeral   bool
		withMessage bool
		act         func(context.Context, bot.Action) (bot.Reply, error)
		want        []call // Method, Channel, TS, Thread, ResponseType, Replace, Delete are compared
		contains    []string
		lacks       []string
		wantAction  bot.Action
	}{
		{
			// Others see the answer: it keeps its buttons for them.
			name: "helpful on a channel answer thanks the voter privately", actionID: "kb:helpful:1", withMessage: true, act: thanks,
			want:       []call{{Method: "response_url", ResponseType: "ephemeral"}},
			contains:   []string{"Thanks, noted!"},
			lacks:      []string{"kb:full:0"},
			wantAction: bot.Action{Name: bot.ActionHelpful, Value: "q1", MaxExcerpt: answerExcerpt},
		},
		{
			name: "helpful in a DM updates the message", channel: "D1", actionID: "kb:helpful:1", withMessage: true, act: thanks,
			want:       []call{{Method: "chat.update", Channel: "D1", TS: "9.9"}},
			contains:   []string{"Thanks, noted!", "kb:full:0"},
			lacks:      []string{"kb:helpful", "kb:unhelpful"},
			wantAction: bot.Action{Name: bot.ActionHelpful, Value: "q1", MaxExcerpt: answerExcerpt},
		},
		{
			name: "unhelpful in a DM keeps the more-answers button", channel: "D1", actionID: "kb:unhelpful:2", withMessage: true, act: sorry,
			want:       []call{{Method: "chat.update", Channel: "D1", TS: "9.9"}},
			contains:   []string{"Sorry about that.", "kb:more:0"},
			lacks:      []string{"kb:helpful", "kb:unhelpful"},
			wantAction: bot.Action{Name: bot.ActionUnhelpful, Value: "q1", MaxExcerpt: answerExcerpt},
		},
		{
			name: "unhelpful on a channel answer offers more answers privately", actionID: "kb:unhelpful:2", withMessage: true, act: sorry,
			want:       []call{{Method: "response_url", ResponseType: "ephemeral"}},
			contains:   []string{"Sorry about that.", "kb:more:0"},
			wantAction: bot.Action{Name: bot.ActionUnhelpful, Value: "q1", MaxExcerpt: answerExcerpt},
		},
		{
			name: "unhelpful on a private answer thanks privately", actionID: "kb:unhelpful:2", ephemeral: true, act: thanks,
			want:       []call{{Method: "response_url", ResponseType: "ephemeral"}},
			contains:   []string{"Thanks, noted!"},
			wantAction: bot.Action{Name: bot.ActionUnhelpful, Value: "q1", MaxExcerpt: answerExcerpt},
		},
		{
			name: "full on a channel answer shows privately", actionID: "kb:full:0", withMessage: true,
			want:       []call{{Method: "response_url", ResponseType: "ephemeral"}},
			contains:   []string{"action full"},
			wantAction: bot.Action{Name: bot.ActionFull, Value: "vpn#policy", MaxExcerpt: fullExcerpt},
		},
		{
			name: "full in a DM replaces the message", channel: "D1", actionID: "kb:full:0", withMessage: true,
			want:       []call{{Method: "chat.update", Channel: "D1", TS: "9.9"}},
			contains:   []string{"action full"},
			wantAction: bot.Action{Name: bot.ActionFull, Value: "vpn#policy", MaxExcerpt: fullExcerpt},
		},
		{
			name: "more answers in the thread", actionID: "kb:more:5", withMessage: true,
			want:       []call{{Method: "chat.postMessage", Channel: "C1", Thread: "9.9"}},
			wantAction: bot.Action{Name: bot.ActionMore, Value: "vpn#policy", MaxExcerpt: answerExcerpt},
		},
		{
			name: "more answers in a DM follow at the top level", channel: "D1", actionID: "kb:more:5", withMessage: true,
			want:       []call{{Method: "chat.postMessage", Channel: "D1"}},
			wantAction: bot.Action{Name: bot.ActionMore, Value: "vpn#policy", MaxExcerpt: answerExcerpt},
		},
		{
			name: "tour step on a channel message shows privately", actionID: "kb:tour_next:1", withMessage: true,
			want:       []call{{Method: "response_url", ResponseType: "ephemeral"}},
			contains:   []string{"kb:share"},
			wantAction: bot.Action{Name: bot.ActionTourNext, Value: "vpn#policy", MaxExcerpt: answerExcerpt},
		},
		{
			name: "tour step on a private message", actionID: "kb:tour_next:1", ephemeral: true,
			want:       []call{{Method: "response_url", ResponseType: "ephemeral", Replace: true}},
			contains:   []string{"kb:share"},
			wantAction: bot.Action{Name: bot.ActionTourNext, Value: "vpn#policy", MaxExcerpt: answerExcerpt},
		},
		{
			name: "share posts in the channel and removes the private copy", actionID: "kb:share:3", ephemeral: true,
			want: []call{
				{Method: "response_url", ResponseType: "in_channel"},
				{Method: "response_url", Delete: true},
			},
			contains:   []string{"Shared by <@U1>"},
			lacks:      []string{"kb:share"},
			wantAction: bot.Action{Name: bot.ActionShare, Value: "vpn#policy", MaxExcerpt: answerExcerpt},
		},
		{
			name: "a notice never replaces the answer", actionID: "kb:full:0", withMessage: true, act: notice,
			want:       []call{{Method: "response_url", ResponseType: "ephemeral"}},
			contains:   []string{"That section is gone."},
			wantAction: bot.Action{Name: bot.ActionFull, Value: "vpn#policy", MaxExcerpt: fullExcerpt},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			api := newFakeAPI(t)
			fb := &fakeBot{act: tc.act}
			_, h := startAdapter(t, api, Config{}, fb)
			value := "vpn#policy"
			if strings.Contains(tc.actionID, "helpful") {
				value = "q1"
			}
			channel := cmp.Or(tc.channel, "C1")
			thread := "9.9" // the pressed message, in a channel
			if strings.HasPrefix(channel, "D") {
				thread = "" // a DM's answers follow each other
			}
			rec := serve(h, PathInteractions, "application/x-www-form-urlencoded", press(t, api, channel, tc.actionID, value, tc.ephemeral, tc.withMessage))
			if rec.Code != 200 {
				t.Fatalf("got status %d; want 200", rec.Code)
			}
			calls := api.wait(t, len(tc.want))
			for i, w := range tc.want {
				g := calls[i]
				if g.Method != w.Method || g.Channel != w.Channel || g.TS != w.TS || g.Thread != w.Thread ||
					g.ResponseType != w.ResponseType || g.Replace != w.Replace || g.Delete != w.Delete {
					t.Errorf("call %d: got %+v; want %+v", i, g, w)
				}
			}
			payload := readable(t, calls[0].Blocks) + calls[0].Text
			for _, s := range tc.contains {
				if !strings.Contains(payload, s) {
					t.Errorf("payload lacks %q: %s", s, payload)
				}
			}
			for _, s := range tc.lacks {
				if strings.Contains(payload, s) {
					t.Errorf("payload has %q: %s", s, payload)
				}
			}
			acts := fb.actions()
			if len(acts) != 1 {
				t.Fatalf("bot got %d actions; want 1", len(acts))
			}
			g := acts[0]
			if g.Name != tc.wantAction.Name || g.Value != tc.wantAction.Value || g.MaxExcerpt != tc.wantAction.MaxExcerpt ||
				g.User != "U1" || g.Channel != channel || g.Thread != thread || g.ID != "slack:act:T1:trig-"+tc.actionID {
				t.Errorf("bot got %+v; want %+v", g, tc.wantAction)
			}
		})
	}
}

// TestUnhelpfulInDMShowsMoreOnce: 👎 on a DM answer that already offers
// "more answers" keeps that one button; the bot's offer of it is not
// added a second time (it showed twice, with the same action_id).
func TestUnhelpfulInDMShowsMoreOnce(t *testing.T) {
	sorry := func(context.Context, bot.Action) (bot.Reply, error) {
		return bot.Reply{Kind: bot.KindNotice, Lang: "en", Notices: []string{"Sorry about that."},
			Actions: []bot.Button{{Name: bot.ActionMore, Label: "More answers", Value: "vpn?"}}}, nil
	}
	more := bot.Button{Name: bot.ActionMore, Label: "More answers", Value: "vpn?"}
	full := bot.Button{Name: bot.ActionFull, Label: "Show full section", Value: "vpn#policy"}
	votes := []bot.Button{{Name: bot.ActionHelpful, Label: "👍", Value: "q1"}, {Name: bot.ActionUnhelpful, Label: "👎", Value: "q1"}}
	tests := []struct {
		name    string
		buttons []bot.Button // on the answer pressed
		wantIDs []string     // action_ids after the vote
	}{
		{"more first", append([]bot.Button{more}, votes...), []string{"kb:more:0"}},
		{"full, then more", append([]bot.Button{full, more}, votes...), []string{"kb:full:0", "kb:more:1"}},
		{"no more on the answer", append([]bot.Button{full}, votes...), []string{"kb:full:0", "kb:more:0"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			api := newFakeAPI(t)
			_, h := startAdapter(t, api, Config{}, &fakeBot{act: sorry})
			answer := answerFor("vpn?")
			answer.Actions = tc.buttons
			m := render(answer, renderOpts{})
			p, err := json.Marshal(map[string]any{
				"type": "block_actions", "trigger_id": "trig", "response_url": api.responseURL("r1"),
				"team": map[string]any{"id": "T1"}, "user": map[string]any{"id": "U1"}, "channel": map[string]any{"id": "D1"},
				"container": map[string]any{"type": "message", "message_ts": "9.9", "channel_id": "D1"},
				"message":   map[string]any{"type": "message", "ts": "9.9", "text": m.Text, "blocks": m.Blocks},
				"actions": []map[string]any{{"type": "button", "block_id": "b1", "value": "q1", "action_ts": "10.1",
					"action_id": "kb:unhelpful:" + strconv.Itoa(len(tc.buttons)-1)}},
			})
			if err != nil {
				t.Fatal(err)
			}
			serve(h, PathInteractions, "application/x-www-form-urlencoded", []byte(url.Values{"payload": {string(p)}}.Encode()))
			c := api.wait(t, 1)[0]
			if c.Method != "chat.update" {
				t.Fatalf("got %s; want chat.update", c.Method)
			}
			var blocks []map[string]any
			if err := json.Unmarshal(c.Blocks, &blocks); err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, b := range blocks {
				els, _ := b["elements"].([]any)
				for _, e := range els {
					if id, _ := e.(map[string]any)["action_id"].(string); id != "" {
						ids = append(ids, id)
					}
				}
			}
			if !slices.Equal(ids, tc.wantIDs) {
				t.Errorf("got buttons %q; want %q", ids, tc.wantIDs)
			}
		})
	}
}

// TestUpdateFallsBackToResponseURL: when chat.update is refused, the
// message is replaced through response_url.
func TestUpdateFallsBackToResponseURL(t *testing.T) {
	api := newFakeAPI(t)
	api.failNext("chat.update", "err:cant_update_message")
	_, h := startAdapter(t, api, Config{}, &fakeBot{})
	serve(h, PathInteractions, "application/x-www-form-urlencoded", press(t, api, "D1", "kb:full:0", "vpn#policy", false, true))
	c := api.wait(t, 1)[0]
	if c.Method != "response_url" || !c.Replace || c.ResponseType != "in_channel" {
		t.Errorf("got %+v; want a response_url replace", c)
	}
}

// TestHandleFailure: the bot errs or panics; the user is told, and the
// worker goes on to the next question.
func TestHandleFailure(t *testing.T) {
	tests := []struct {
		name   string
		handle func(context.Context, bot.Message) (bot.Reply, error)
		log    string
	}{
		{"error", func(context.Context, bot.Message) (bot.Reply, error) { return bot.Reply{}, context.DeadlineExceeded }, "answer failed"},
		{"panic", func(context.Context, bot.Message) (bot.Reply, error) { panic("todo") }, "panic while answering"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			api := newFakeAPI(t)
			fb := &fakeBot{handle: tc.handle}
			ta, h := startAdapter(t, api, Config{Workers: 1}, fb)
			serve(h, PathEvents, "application/json", eventBody("Ev1", "app_mention", "C1", "", "1.0", "<@UBOT> vpn?"))
			c := api.wait(t, 1)[0]
			if c.Method != "chat.postMessage" || c.Thread != "1.0" || !strings.Contains(c.Text, "something went wrong") {
				t.Errorf("got %+v; want an error notice in the thread", c)
			}
			if !strings.Contains(ta.logs.String(), tc.log) || !strings.Contains(ta.logs.String(), "question=vpn?") {
				t.Errorf("log lacks %q and the question:\n%s", tc.log, ta.logs.String())
			}
			fb.mu.Lock()
			fb.handle = nil
			fb.mu.Unlock()
			serve(h, PathEvents, "application/json", eventBody("Ev2", "app_mention", "C1", "", "2.0", "<@UBOT> vpn?"))
			if c := api.wait(t, 1)[0]; c.Thread != "2.0" || len(c.Blocks) == 0 {
				t.Errorf("next question: got %+v; want an answer", c)
			}
		})
	}
}

// readable re-encodes JSON without HTML escapes, so tests can look for <, >
// and & as Slack will read them.
func readable(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	if len(raw) == 0 {
		return ""
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("%v in %s", err, raw)
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return b.String()
}
