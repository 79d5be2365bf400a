package discord_test

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kbbot/kbbot/adapters/discord"
	"github.com/kbbot/kbbot/bot"
	"github.com/kbbot/kbbot/bot/golden"
	"github.com/kbbot/kbbot/knowledge"
)

// The end-to-end tests run the real bot on the embedded knowledge base (a
// Chinese essay on open- and closed-source models) with a memory store.

func newBot(t *testing.T) *bot.Bot {
	t.Helper()
	kb, err := knowledge.Default(context.Background(), knowledge.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return bot.New(bot.Static{KB: kb}, bot.NewMemoryStore(), bot.Options{})
}

var key = ed25519.NewKeyFromSeed([]byte("kbbot-discord-end-to-end-test-ke"))

func post(t *testing.T, h http.Handler, body string) *httptest.ResponseRecorder {
	t.Helper()
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	r := httptest.NewRequest(http.MethodPost, "/discord/interactions", strings.NewReader(body))
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(key, []byte(ts+body))))
	r.Header.Set("X-Signature-Timestamp", ts)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if rec.Code != http.StatusOK {
		t.Fatalf("POST %s: %d %s", body, rec.Code, rec.Body.String())
	}
	return rec
}

func interaction(id string, typ int, name, value string, focused bool) string {
	opt, _ := json.Marshal(map[string]any{"name": "question", "type": 3, "value": value, "focused": focused})
	return `{"id":"` + id + `","application_id":"111","token":"tok-` + id + `","type":` + strconv.Itoa(typ) +
		`,"channel_id":"c1","guild_id":"g1","locale":"zh-CN","member":{"user":{"id":"u1"}},` +
		`"data":{"id":"cmd1","name":"` + name + `","type":1,"options":[` + string(opt) + `]}}`
}

func TestEndToEndHTTP(t *testing.T) {
	fake := discord.NewFakeDiscord(t)
	a, err := discord.New(discord.Config{PublicKey: hex.EncodeToString(key.Public().(ed25519.PublicKey)), APIURL: fake.URL()})
	if err != nil {
		t.Fatal(err)
	}
	h := a.Routes(newBot(t))["/discord/interactions"]

	// /ask with a question: a private deferred response, then the edit.
	rec := post(t, h, interaction("i1", 2, "ask", "开源软件的安全性怎么样？", false))
	var deferred struct {
		Type int
		Data struct{ Flags int }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &deferred); err != nil || deferred.Type != 5 || deferred.Data.Flags != 64 {
		t.Fatalf("ask: %s; want a private deferred response (type 5, flags 64)", rec.Body.String())
	}
	edit := fake.Edits(t, 1)[0]
	// The golden file holds the answer's embed; related topics (runners-up
	// of the ranking, which tuning may reorder) are checked for shape only.
	var got struct {
		Embeds []map[string]any `json:"embeds"`
	}
	if err := json.Unmarshal(edit, &got); err != nil || len(got.Embeds) != 1 {
		t.Fatalf("edit %s: want one embed (%v)", edit, err)
	}
	fields, _ := got.Embeds[0]["fields"].([]any)
	if len(fields) != 1 || strings.Count(fields[0].(map[string]any)["value"].(string), "•") > 3 {
		t.Errorf("fields %v; want one field of at most 3 related topics", fields)
	}
	delete(got.Embeds[0], "fields")
	embed, _ := json.Marshal(got.Embeds[0])
	golden.IndentedJSON(t, "e2e_ask_embed.json", embed)
	for _, want := range []string{`"allowed_mentions":{"parse":[],"replied_user":false}`, `"custom_id":"kb:share:`, `"custom_id":"kb:helpful:`} {
		if !strings.Contains(string(edit), want) {
			t.Errorf("edit lacks %s", want)
		}
	}

	// Autocomplete with a Chinese prefix lists the matching titles.
	rec = post(t, h, interaction("a1", 4, "ask", "开源", true))
	var ac struct {
		Type int
		Data struct {
			Choices []struct{ Name, Value string }
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &ac); err != nil || ac.Type != 8 || len(ac.Data.Choices) == 0 {
		t.Fatalf("autocomplete: %s; want type 8 with choices", rec.Body.String())
	}
	var names []string
	for _, c := range ac.Data.Choices {
		names = append(names, c.Name)
		if !strings.Contains(c.Name, "开源") || !strings.HasPrefix(c.Value, "§") {
			t.Errorf("choice %q / %q: want a title with 开源 and a § section value", c.Name, c.Value)
		}
	}
	if !strings.Contains(strings.Join(names, "|"), "一、开源和闭源的优劣势比较") {
		t.Errorf("choices %q; want 一、开源和闭源的优劣势比较 among them", names)
	}

	// Choosing a suggestion answers with exactly that section.
	chosen := ac.Data.Choices[0]
	post(t, h, interaction("i2", 2, "ask", chosen.Value, false))
	var answer struct {
		Embeds []struct{ Title string }
	}
	if err := json.Unmarshal(fake.Edits(t, 2)[1], &answer); err != nil || len(answer.Embeds) != 1 || answer.Embeds[0].Title != chosen.Name {
		t.Errorf("answer to the chosen suggestion: %+v (%v); want the section titled %q", answer, err, chosen.Name)
	}
}

func TestEndToEndGatewayMention(t *testing.T) {
	fake := discord.NewFakeDiscord(t, [2]any{"MESSAGE_CREATE", map[string]any{
		"id": "m1", "channel_id": "c1", "guild_id": "g1", "type": 0,
		"content":  "<@bot1> 开源软件的安全性怎么样？ @everyone",
		"author":   map[string]any{"id": "u1", "username": "alice"},
		"mentions": []any{map[string]any{"id": "bot1", "username": "kb", "bot": true}},
	}})
	a, err := discord.New(discord.Config{Token: "t0k", AppID: "111", APIURL: fake.URL()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, newBot(t)) }()
	reply := fake.Posts(t, 1)[0]
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run: %v", err)
	}
	var m struct {
		Content string
		Embeds  []struct{ Title string }
		Ref     struct {
			MessageID string `json:"message_id"`
		} `json:"message_reference"`
		AllowedMentions map[string]any `json:"allowed_mentions"`
	}
	if err := json.Unmarshal(reply, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Embeds) != 1 || m.Embeds[0].Title != "安全性" || m.Ref.MessageID != "m1" {
		t.Errorf("reply %s; want the 安全性 section as a reply to m1", reply)
	}
	if p, ok := m.AllowedMentions["parse"].([]any); !ok || len(p) != 0 {
		t.Errorf("allowed_mentions %v; want parse: []", m.AllowedMentions)
	}
	if strings.Contains(string(reply), "kb:share:") {
		t.Errorf("public reply has a Share button: %s", reply)
	}
}
